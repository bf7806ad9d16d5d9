"""The pages and API calls officers open every day, each with the roles that open it and the
address it has for a user: what the benchmark suite (`make bench`) measures at a ministry's size
and what the query-count tests hold constant. A new record type is in it without a line here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from .registry import registry

# the demo users (load-demo) who stand for the roles that read most
READERS = ("desk", "analyst", "leadership")

# milliseconds: the home page, the dossier, list pages and API pages answer in FAST; the rest in
# SLOW (issue 15)
FAST, SLOW = 200, 500


@dataclass(frozen=True)
class DailyPage:
    """A page type: its name, what kind of page it is, who opens it, and its address for a user
    (None when that user has nothing there to open)."""

    name: str
    kind: str
    roles: tuple[str, ...]
    address: Callable[..., str | None]

    @property
    def target(self):
        return FAST if self.kind in ("home", "dossier", "list", "api") else SLOW


def newest_visible(model, user):
    """The key of the newest record of `model` that `user` may see, or None."""
    return model.objects.visible_to(user).order_by("-pk").values_list("pk", flat=True).first()


def _detail(record_type):
    def address(user):
        pk = newest_visible(record_type.model, user)
        return None if pk is None else f"{record_type.list_url}{pk}/"

    return address


def _state(code):
    from chancery.reference.models import Country

    return Country.objects.filter(alpha_2=code).values_list("pk", flat=True).first()


def _treaty_status(user):
    return f"/bilateral/treaty-status/?state={_state(settings.CHANCERY_HOME_STATE)}"


def _alignment(user):
    return f"/multilateral/alignment/?state={_state('AZ')}&other={_state('US')}"


def _roll(user):
    from chancery.reference.models import Organization

    un = Organization.objects.filter(acronym="UN").values_list("pk", flat=True).first()
    return f"/multilateral/roll/?organization={un}&on=2016-01-01"


def _priority(user):
    from chancery.strategy.models import Priority

    code = Priority.objects.order_by("order").values_list("code", flat=True).first()
    return None if code is None else f"/strategy/priorities/{code}/"


def engagements_of_one_state(user, wanted=10_000):
    """The engagement filter (a state) whose list holds nearest `wanted` rows for `user`: what an
    officer exports."""
    from chancery.bilateral.models import Engagement

    counts = (
        Engagement.objects.visible_to(user)
        .values("countries")
        .annotate(n=Count("pk"))
        .exclude(countries=None)
        .values_list("countries", "n")
    )
    best = min(counts, key=lambda pair: abs(pair[1] - wanted), default=None)
    return None if best is None else f"countries={best[0]}"


def _export(fmt):
    def address(user):
        query = engagements_of_one_state(user)
        return None if query is None else f"/bilateral/engagements/export/{fmt}/?{query}"

    return address


def _page(name, kind, address, roles=READERS):
    return DailyPage(name, kind, tuple(roles), address)


def daily_pages():
    """Every page type of the suite, those of each registered record type included."""
    consular = (*READERS, "consular")
    pages = [
        _page("home page", "home", lambda user: "/"),
        _page("dossier: Azerbaijan", "dossier", lambda user: "/bilateral/dossier/AZ/"),
        _page("dossier: Georgia", "dossier", lambda user: "/bilateral/dossier/GE/"),
        _page("treaty status: Azerbaijan today", "report", _treaty_status, (*READERS, "treaty")),
        _page("timeline of engagements", "report", lambda user: "/bilateral/timeline/"),
        _page("history browser", "report", lambda user: "/history/", ("leadership", "auditor")),
        _page("search: cooperation", "report", lambda user: "/search/?q=cooperation"),
        _page("UN roll on a day", "report", _roll),
        _page("alignment: Azerbaijan and the United States", "report", _alignment),
        _page("priority page", "report", _priority),
        _page("consular dashboard", "report", lambda user: "/consular/", consular),
        _page("casualties and damage report", "report", lambda u: "/conflict/incidents/report/"),
        _page("engagements of a state: CSV", "export", _export("csv")),
        _page("engagements of a state: XLSX", "export", _export("xlsx")),
        _page("engagements of a state: JSON", "export", _export("json")),
    ]
    for record_type in registry:
        roles = consular if record_type.app_label == "consular" else READERS
        plural = str(record_type.verbose_name_plural)
        pages.append(_page(f"{plural}: list", "list", _list(record_type), roles))
        pages.append(_page(f"{plural}: API", "api", _api(record_type), roles))
        pages.append(_page(f"{plural}: a record", "detail", _detail(record_type), roles))
    return pages


def _list(record_type):
    return lambda user: record_type.list_url


def _api(record_type):
    return lambda user: f"/api/{record_type.app_label}/{record_type.slug}/"
