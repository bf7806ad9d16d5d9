"""Readers change nothing, anywhere: every route of the URL configuration (the registry's pages,
each area's own, the API, accounts, history, the public pages) is sent every write it could take
(POST, and PUT, PATCH, DELETE where the view has them) by each role that edits nothing, with real
keys, and refuses it (403; 404 for a record out of the reader's sight; 405) without writing
anything. A route added later is asked too: it must be refused, or exempt below with a reason."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from chancery.accounts.models import ApiToken
from chancery.accounts.roles import ROLES
from chancery.accounts.tokens import issue_token
from chancery.core.models import Record
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory

READERS = [name for name, role in ROLES.items() if not role["edits"]]
WRITES = ("post", "put", "patch", "delete")

# routes anyone may write to, whatever their role
EXEMPT = {
    "login": "log-in is for everyone",
    "logout": "log-out is for everyone",
    "set_language": "the choice of language is everyone's",
    "accounts:code": "the second step of one's own log-in",
    "accounts:enrol": "the second factor of one's own account",
    "accounts:tokens": "one's own API tokens, which carry only one's own rights",
    "accounts:password_change": "one's own password",
    "consular:register": "the public registration of a trip abroad (no log-in)",
    "consular:registration_link": "a citizen's own registration, by its secret link",
    "consular:registration_link_cancel": "a citizen's own registration, by its secret link",
}

# the keys of the routes outside the registry: the model whose record each takes, or what gives
# the value (an object, whose key is taken, or the value itself) from what was made
KEYS = {
    "accounts:revoke_token": {"pk": lambda made: made.others_token},
    "strategy:priority_detail": {"code": lambda made: "security"},
    "lookup": {"label": lambda made: "reference.country"},
    "choose_language": {"code": lambda made: "az"},
    "documents:document_file": {"pk": "documents.Document"},
    "bilateral:dossier": {"code": lambda made: made.home_state.alpha_2},
    "api-dossier": {"code": lambda made: made.home_state.alpha_2},
    "api-priority-detail": {"code": lambda made: "security"},
    "api-roll": {"pk": "reference.Organization"},
    "api-agreement-parties": {"pk": "bilateral.Agreement"},
    "bilateral:engagement_briefing": {"pk": "bilateral.Engagement"},
    "bilateral:commitment_update": {"pk": "bilateral.Commitment"},
    "conflict:evidence_file": {"pk": "conflict.Evidence"},
    "conflict:evidence_verify": {"pk": "conflict.Evidence"},
    "consular:registration_confirm": {"pk": "consular.Registration"},
    "consular:registration_cancel": {"pk": "consular.Registration"},
    "consular:case_step": {"pk": "consular.Case"},
    "consular:case_journal": {"pk": "consular.Case"},
    "consular:crisis_counts": {"pk": "consular.Crisis"},
    "consular:crisis_mark": {"pk": "consular.Crisis", "registration": "consular.Registration"},
    "consular:crisis_export": {"pk": "consular.Crisis"},
    "consular:crisis_message": {"pk": "consular.Crisis"},
    "consular:crisismessage_send": {"pk": "consular.CrisisMessage"},
    "history_record": {
        "app_label": lambda made: "conflict",
        "model_name": lambda made: "evidence",
        "pk": "conflict.Evidence",
    },
    "history_restore": {
        "app_label": lambda made: "conflict",
        "model_name": lambda made: "evidence",
        "pk": "conflict.Evidence",
        "entry_id": lambda made: made.entry_of("conflict.Evidence"),
    },
}

# what a request may write without changing anything: the session (its expiry is renewed)
WRITABLE = {"django_session"}
WRITE_SQL = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class Route:
    """A named URL pattern, its view, and the writes it could take."""

    def __init__(self, name, pattern, callback):
        self.name, self.pattern, self.callback = name, pattern, callback

    @property
    def kwargs(self):
        return [k for k in self.pattern.regex.groupindex if k != "format"]

    @property
    def model(self):
        """The registered model whose record a registry page or API route acts on, if any."""
        record_type = getattr(self.callback, "view_initkwargs", {}).get("record_type")
        viewset = getattr(self.callback, "cls", None)
        if record_type is None and viewset is not None:
            record_type = getattr(viewset, "record_type", None)
        return record_type.model if record_type is not None else None

    @property
    def methods(self):
        actions = getattr(self.callback, "actions", None)
        if actions is not None:  # an API route: the writes its viewset maps
            return [m for m in WRITES if m in actions] or ["post"]
        view = getattr(self.callback, "view_class", None)
        extra = [m for m in WRITES[1:] if view is not None and hasattr(view, m)]
        return ["post", *extra]


def every_route(patterns=None, namespace=None):
    """Every URL pattern, recursively, named as `reverse` takes it (one per name: the API's
    format-suffixed twins are the same views)."""
    found = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace if namespace is None else f"{namespace}:{entry.namespace}"
            for route in every_route(entry.url_patterns, inner if entry.namespace else namespace):
                found.setdefault(route.name, route)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"{entry.pattern}: a route needs a name to be asked here"
            name = entry.name if namespace is None else f"{namespace}:{entry.name}"
            found.setdefault(name, Route(name, entry.pattern, entry.callback))
    return list(found.values())


class Made:
    """A record of every registered type (and what a route's keys need), made by a writer."""

    def __init__(self, writer, other, home_state):
        self.home_state = home_state
        factory = RecordFactory(writer)
        self.records = {rt.model._meta.label: factory.make(rt.model) for rt in registry}
        self.others_token = issue_token(other, "theirs", timezone.now() + timedelta(days=9))[0]

    def entry_of(self, label):
        return LogEntry.objects.get_for_object(self.records[label]).order_by("pk").first()

    def keys(self, route):
        """The URL keys of `route` and the objects they name; None for a key nobody told."""
        values, objects = {}, []
        told = KEYS.get(route.name, {})
        for name in route.kwargs:
            source = told.get(name)
            if source is None and route.model is not None:
                source = {"pk": route.model._meta.label, "fmt": lambda made: "csv"}.get(name)
            if source is None:
                return None, None
            value = source(self) if callable(source) else self.records[source]
            if isinstance(value, Model):
                objects.append(value)
                value = value.pk
            values[name] = value
        return values, objects


def in_sight(obj, reader):
    """Whether the reader may see `obj` (a record, or a token: only one's own)."""
    if isinstance(obj, Record):
        return type(obj).objects.visible_to(reader).filter(pk=obj.pk).exists()
    if isinstance(obj, ApiToken):
        return obj.user_id == reader.pk
    return True


def snapshot():
    """The number of rows of every table of the project's models and of the change log."""
    models = [m for m in apps.get_models() if m.__module__.startswith("chancery.")]
    return {m._meta.label: m._base_manager.count() for m in [*models, LogEntry]}


def writes_in(queries):
    tables = (WRITE_SQL.match(q["sql"]) for q in queries)
    return sorted({t.group(2) for t in tables if t and t.group(2) not in WRITABLE})


@pytest.fixture
def made(make_user, home_state):
    from chancery.strategy.models import Priority

    Priority.objects.create(code="security", order=1, title="Security", short_title="Security")
    writer = make_user("writer", role="administrator", is_superuser=True, clearance=3)
    other = make_user("other", role="desk officer")
    return Made(writer, other, home_state)


@pytest.mark.parametrize("role", READERS)
def test_every_write_route_refuses_a_reader_and_writes_nothing(made, make_user, client_as, role):
    reader = make_user(f"a {role}", ROLES[role]["clearance"], role=role)
    client = client_as(reader)
    before = snapshot()
    routes, problems, asked = every_route(), [], set()

    for route in routes:
        if route.name in EXEMPT:
            continue
        values, objects = made.keys(route)
        if values is None:
            problems.append(f"{route.name}: its keys are unknown; add them to KEYS")
            continue
        url = reverse(route.name, kwargs=values)
        hidden = not all(in_sight(obj, reader) for obj in objects)
        refusals = {403, 404, 405} if hidden else {403, 405}
        for method in route.methods:
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(url, {}, content_type="application/json")
            asked.add(route.name)
            if response.status_code not in refusals:
                problems.append(f"{method.upper()} {url} ({route.name}): {response.status_code}")
            if written := writes_in(queries.captured_queries):
                problems.append(f"{method.upper()} {url} ({route.name}) wrote {written}")

    assert not problems, "\n".join(problems)
    assert snapshot() == before
    assert set(EXEMPT) <= {route.name for route in routes}, "an exempt route is gone"
    of_records = {route.name for route in routes if route.model is not None}
    assert of_records <= asked
    assert len(of_records) > 6 * len(list(registry))  # pages and API routes of every type
