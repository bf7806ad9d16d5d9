"""`chancery rotate-field-keys`: re-encrypt every encrypted value under the newest key."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from chancery.core.crypto import EncryptedCharField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first key of CHANCERY_FIELD_KEYS. Put the new "
        "key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args, **options):
        total = 0
        with transaction.atomic():
            for model in apps.get_models():
                fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedCharField)]
                if not fields:
                    continue
                for pk, *values in model._base_manager.values_list("pk", *fields).iterator():
                    changed = {
                        name: value for name, value in zip(fields, values, strict=True) if value
                    }
                    if changed:
                        model._base_manager.filter(pk=pk).update(**changed)
                        total += 1
        self.stdout.write(f"Re-encrypted {total} records under the newest key.")
