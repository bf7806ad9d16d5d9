"""What every page's navigation needs: the areas with their record types, and the priorities."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from chancery.strategy.models import Priority

from .registry import page_url, registry


def _nav_order(label):
    from django.apps import apps

    return getattr(apps.get_app_config(label), "nav_order", 1000)


def _areas(user):
    """The areas' menus. A page of `nav_pages` is `(title, url name)`, or `(title, url name,
    permission)` for a page shown only to users who hold the permission."""
    from django.apps import apps

    areas = {}
    for rt in registry:
        areas.setdefault(rt.app_label, []).append(rt)
    for config in apps.get_app_configs():  # an app with pages but no record types (core)
        if getattr(config, "nav_pages", ()) and config.label not in areas:
            areas[config.label] = []
    result = []
    for label, types in sorted(areas.items(), key=lambda item: _nav_order(item[0])):
        config = apps.get_app_config(label)
        # an app whose urls have no namespace of their own says so (core's are site-wide)
        namespace = getattr(config, "nav_namespace", label)
        pages = [
            {"label": title, "url": page_url(f"{namespace}:{name}" if namespace else name)}
            for title, name, *permission in getattr(config, "nav_pages", ())
            if not permission or user.has_perm(permission[0])
        ]
        if types or pages:
            label_shown = getattr(config, "nav_label", config.verbose_name)
            result.append({"label": label_shown, "types": types, "pages": pages})
    return result


def navigation(request):
    return {
        "demo": settings.DEMO,
        "nav_areas": SimpleLazyObject(lambda: _areas(request.user)),
        "nav_priorities": SimpleLazyObject(lambda: list(Priority.objects.all())),
    }
