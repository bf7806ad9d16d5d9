"""Chancery's URL map: the areas, the API, log-in."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chancery.strategy import views as strategy_views

urlpatterns = [
    path("", strategy_views.home, name="home"),
    path("", include("chancery.strategy.urls")),
    path("", include("chancery.core.urls")),
    path("reference/", include("chancery.reference.urls")),
    path("documents/", include("chancery.documents.urls")),
    path("multilateral/", include("chancery.multilateral.urls")),
    path("api/", include("chancery.core.api_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
