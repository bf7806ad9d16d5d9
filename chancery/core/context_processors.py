"""What every page's navigation needs: the areas with their record types, and the priorities."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from chancery.strategy.models import Priority

from .registry import registry


def _areas(user):
    """The areas' menus. A page of `nav_pages` is `(title, url name)`, or `(title, url name,
    permission)` for a page shown only to users who hold the permission."""
    from django.apps import apps

    areas = {}
    for rt in registry:
        areas.setdefault(rt.app_label, []).append(rt)
    result = []
    for label, types in areas.items():
        config = apps.get_app_config(label)
        pages = [
            {"label": title, "url": reverse(f"{label}:{name}")}
            for title, name, *permission in getattr(config, "nav_pages", ())
            if not permission or user.has_perm(permission[0])
        ]
        result.append({"label": config.verbose_name, "types": types, "pages": pages})
    return result


def navigation(request):
    return {
        "demo": settings.DEMO,
        "nav_areas": SimpleLazyObject(lambda: _areas(request.user)),
        "nav_priorities": SimpleLazyObject(lambda: list(Priority.objects.all())),
    }
