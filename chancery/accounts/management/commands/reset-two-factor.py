"""`chancery reset-two-factor <username>`: an administrator's way back in for a user who lost
their authenticator and recovery codes; the user sets up a new one at their next log-in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"There is no user {username!r}.") from exc
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        self.stdout.write(
            f"Removed {len(devices)} two-factor device(s) of {username}; they set up a new "
            "authenticator at their next log-in."
        )
