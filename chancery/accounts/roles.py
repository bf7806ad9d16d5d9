"""The roles of the ministry as groups with permissions (refined by the access issue)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Classification

# the apps whose records each role may change (anyone signed in may read what they are cleared
# for), and what else it may do ("may": permissions of accounts.User's Meta)
ROLES = {
    "administrator": {
        "label": _("Administrator"),
        "edits": "__all__",
        "clearance": Classification.SECRET,
        "may": ["read_all_personal_data", "read_access_log"],
    },
    "desk officer": {
        "label": _("Desk officer"),
        "edits": ["reference", "documents", "multilateral", "bilateral", "economy", "conflict"],
        "clearance": Classification.CONFIDENTIAL,
    },
    "consular officer": {
        "label": _("Consular officer"),
        "edits": ["documents", "consular", "diaspora"],
        "clearance": Classification.RESTRICTED,
        "may": ["read_personal_data"],
    },
    "analyst": {"label": _("Analyst"), "edits": [], "clearance": Classification.RESTRICTED},
    "leadership": {"label": _("Leadership"), "edits": [], "clearance": Classification.SECRET},
}


def ensure_roles() -> dict[str, Group]:
    """Create or refresh one group per role with its permissions; returns them by name."""
    from chancery.core.registry import registry

    groups = {}
    for name, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        codenames = []
        for record_type in registry:
            meta = record_type.model._meta
            model_name = meta.model_name
            codenames.append(("view", meta.app_label, model_name))
            if role["edits"] == "__all__" or meta.app_label in role["edits"]:
                codenames += [(a, meta.app_label, model_name) for a in ("add", "change", "delete")]
        perms = [
            Permission.objects.get(codename=f"{action}_{model}", content_type__app_label=app_label)
            for action, app_label, model in codenames
            if apps.is_installed(f"chancery.{app_label}")
        ]
        perms += [
            Permission.objects.get(codename=codename, content_type__app_label="accounts")
            for codename in role.get("may", [])
        ]
        group.permissions.set(perms)
        groups[name] = group
    return groups
