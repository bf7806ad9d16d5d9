"""The roles of the ministry as groups with permissions."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Classification

# what each role may change: apps ("bilateral") or record types ("bilateral.agreement") whose
# records it adds, changes and deletes (anyone signed in may read what the rules let them see);
# what else it may do ("may": permissions of accounts.User's Meta); and the clearance the demo's
# user of the role has
ROLES = {
    "administrator": {
        "label": _("Administrator"),
        "edits": "__all__",
        "clearance": Classification.SECRET,
        "may": ["read_all_personal_data", "read_access_log", "see_every_desk", "read_history"],
    },
    "desk officer": {
        "label": _("Desk officer"),
        "edits": ["reference", "documents", "multilateral", "bilateral", "economy", "conflict"],
        "clearance": Classification.CONFIDENTIAL,
    },
    "multilateral officer": {
        "label": _("Multilateral officer"),
        "edits": ["documents", "multilateral", "bilateral.engagement"],
        "clearance": Classification.CONFIDENTIAL,
    },
    "treaty officer": {
        "label": _("Treaty officer"),
        "edits": ["documents", "bilateral.agreement", "bilateral.agreementparty"],
        "clearance": Classification.CONFIDENTIAL,
    },
    "consular officer": {
        "label": _("Consular officer"),
        "edits": ["documents", "consular", "diaspora"],
        "clearance": Classification.RESTRICTED,
        "may": ["read_personal_data"],
    },
    "analyst": {"label": _("Analyst"), "edits": [], "clearance": Classification.RESTRICTED},
    "leadership": {
        "label": _("Leadership"),
        "edits": [],
        "clearance": Classification.SECRET,
        "may": ["see_every_desk", "read_history"],
    },
    "auditor": {
        "label": _("Auditor"),
        "edits": [],
        "clearance": Classification.SECRET,
        "may": ["read_access_log", "read_history", "see_every_desk"],
    },
}


def edits(role: dict, meta) -> bool:
    """Whether a role adds, changes and deletes records of the model with options `meta`."""
    return role["edits"] == "__all__" or bool(
        {meta.app_label, f"{meta.app_label}.{meta.model_name}"} & set(role["edits"])
    )


def ensure_roles() -> dict[str, Group]:
    """Create or refresh one group per role with its permissions; returns them by name."""
    from chancery.core.registry import registry

    permissions = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type")
    }
    groups = {}
    for name, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [("accounts", codename) for codename in role.get("may", [])]
        for record_type in registry:
            meta = record_type.model._meta
            if not apps.is_installed(f"chancery.{meta.app_label}"):
                continue
            actions = ("view", "add", "change", "delete") if edits(role, meta) else ("view",)
            wanted += [(meta.app_label, f"{action}_{meta.model_name}") for action in actions]
        group.permissions.set([permissions[key] for key in wanted])
        groups[name] = group
    return groups


def roles_of(user) -> frozenset[str]:
    """The names of the roles `user` holds (their groups that are roles), read once per request
    (kept on the user object); a superuser holds the administrator's."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_chancery_roles"):
        names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if user.is_superuser:
            names.add("administrator")
        user._chancery_roles = frozenset(names)
    return user._chancery_roles
