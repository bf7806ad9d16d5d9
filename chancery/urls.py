"""Chancery's URL map: one section per area (its record types' pages plus its own), the API,
log-in."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from chancery.accounts import views as account_views
from chancery.core.registry import registry
from chancery.strategy import views as strategy_views


class FaviconView(RedirectView):
    """What a browser asks of any answer that names no icon (a JSON answer, a file)."""

    permanent = True
    http_method_names = ["get", "head"]

    def get_redirect_url(self, *args, **kwargs):
        return static("chancery/favicon.svg")


def area_urls():
    """`/<area>/...`: the pages the registry gives each record type, and the area's own urls."""
    patterns = []
    for config in apps.get_app_configs():
        if not config.name.startswith("chancery.") or config.label == "core":
            continue
        try:
            own = import_module(f"{config.name}.urls").urlpatterns
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.urls":
                raise
            own = []
        area = registry.urls_for_app(config.label) + own
        if area:
            patterns.append(path(f"{config.label}/", include((area, config.label))))
    return patterns


urlpatterns = [
    path("", strategy_views.home, name="home"),
    path("", include("chancery.core.urls")),
    *area_urls(),
    path("api/", include("chancery.core.api_urls")),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # what a browser asks of any page that names no icon (a JSON answer, a file)
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
]
# Media files are never served as static files: a document's file goes through its access check
# (documents/views.py).

handler400 = "chancery.core.errors.bad_request"
handler403 = "chancery.core.errors.permission_denied"
handler404 = "chancery.core.errors.page_not_found"
handler500 = "chancery.core.errors.server_error"
