"""Site-wide pages of core: the global search, the history browser, the choice of language."""

from django.urls import path

from . import views, views_history

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("lookup/<str:label>/", views.lookup, name="lookup"),
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    path("history/", views_history.history_list, name="history"),
    path(
        "history/<slug:app_label>/<slug:model_name>/<key:pk>/",
        views_history.record_history,
        name="history_record",
    ),
    path(
        "history/<slug:app_label>/<slug:model_name>/<key:pk>/restore/<key:entry_id>/",
        views_history.restore,
        name="history_restore",
    ),
]
