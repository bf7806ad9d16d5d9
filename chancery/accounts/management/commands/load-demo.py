"""`chancery load-demo`: the demo's roles and one user per role with their desks (demo only)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from chancery.accounts.roles import ROLES, ensure_roles
from chancery.reference.models import Country, Organization

# demo user name -> role
DEMO_USERS = {
    "admin": "administrator",
    "desk": "desk officer",
    "consular": "consular officer",
    "analyst": "analyst",
    "leadership": "leadership",
    "multilateral": "multilateral officer",
    "treaty": "treaty officer",
    "auditor": "auditor",
}

# demo user name -> desks: states (ISO alpha-2) and organisations (acronyms); the analyst has
# none, so the restricted records of every state and organisation are hidden from them
DEMO_DESKS = {
    "desk": (["GE", "TR", "IR", "RU"], []),
    "consular": (["GE"], []),
    "multilateral": ([], ["UN", "OIC", "NAM"]),
    "treaty": (["GE", "TR"], ["EU"]),
}


class Command(BaseCommand):
    help = "Create the roles and one demo user per role. Refuses to run outside the demo."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError(
                "Demo users are only created when CHANCERY_DEMO=1 (never in production)."
            )
        groups = ensure_roles()
        users = {}
        password = settings.CHANCERY_DEMO_PASSWORD
        User = get_user_model()
        for username, role in DEMO_USERS.items():
            user, _created = User.objects.get_or_create(username=username)
            user.clearance = ROLES[role]["clearance"]
            user.is_superuser = user.is_staff = role == "administrator"
            user.first_name = str(ROLES[role]["label"])
            user.set_password(password)
            user.save()
            user.groups.set([groups[role]])
            states, organisations = DEMO_DESKS.get(username, ([], []))
            user.desk_states.set(Country.objects.filter(alpha_2__in=states))
            user.desk_organisations.set(Organization.objects.filter(acronym__in=organisations))
            users[username] = user
        for config in apps.get_app_configs():
            if config.name.startswith("chancery.") and module_has_submodule(config.module, "demo"):
                import_module(f"{config.name}.demo").load(users, self.stdout)
        self.stdout.write("Demo users (demo only; password from CHANCERY_DEMO_PASSWORD):")
        for username, role in DEMO_USERS.items():
            clearance = ROLES[role]["clearance"].label
            states, organisations = DEMO_DESKS.get(username, ([], []))
            desks = ", ".join(states + organisations) or (
                "every desk" if "see_every_desk" in ROLES[role].get("may", []) else "no desk"
            )
            self.stdout.write(
                f"  {username:<12} {password:<12} {role} · cleared to {clearance} · {desks}"
            )
