"""The leak matrix: for every registered record type and every role, exactly the records the rules
allow appear on every surface, and nothing else, including in counts and error messages.

Generated from the registry and the roles, so a new record type (or role) is covered without a test
of its own. Each case makes records of one type at every classification, half of them concerning
the user's desk (a state and an organisation) and half another's, gives a user the role and its
demo clearance, and works out what the user may read and count with a plain-Python oracle of the
rules, which never calls `visible_to`. Then it asks every surface of the type: the list and detail
pages, the API (list, detail, and changes to a record out of sight), the exports, the choices
offered for a link to the type in other types' forms and list filters, and the history browser.
The surfaces that span every type at once (the global search, the home page's and the consular
dashboard's counts) are asked once per role, over records of every type made together.

A record out of sight answers exactly as a record that does not exist. What a surface lists or
counts is compared in full, against every record of the type; the pages of single records (page,
API, versions, API patch and delete) are probed at the edge: the most sensitive record in sight and
the least sensitive out of it, off the desk where there is one. Each role asks for one export
format in turn, so that every format of every type is asked for. Both keep the matrix within a few
minutes: a user with desks costs the queryset far more to build than one who sees every desk.
"""

import html
import json
import re
from dataclasses import dataclass

import pytest
from django.test import RequestFactory
from django.utils import timezone

from chancery.accounts.roles import ROLES, edits
from chancery.bilateral.models import Mission
from chancery.consular.models import Case, Crisis, Registration
from chancery.core.models import (
    Classification,
    Record,
    desk_paths,
    model_at,
    required_record_paths,
)
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.test_visibility import EXPORT_FORMATS, api_url, export_url, exported_ids
from chancery.reference.models import Country, Organization
from chancery.strategy.models import Priority

RECORD_TYPES = list(registry)
ROLE_NAMES = list(ROLES)
LEVELS = list(Classification)
# whose desk a record concerns: the user's, or another state's and organisation's
VARIANTS = ("mine", "other")
# a word no other record contains, so that the global search finds only the records made here
MARKER = "quokka"
DESK_MODELS = (Country, Organization)
HISTORY = "/history/"


def marker_of(record_type, level, variant):
    """Text only this record (and the records made for it) holds; no marker begins another."""
    return f"{MARKER} {record_type.model_name} {level.name[0].lower()}{variant[0]}"


# the oracle: the rules, in plain Python over loaded records ------------------------------------
@dataclass(frozen=True)
class Reader:
    """What the rules need to know of a user, taken from the role's definition."""

    clearance: int
    every_desk: bool
    reads_all_personal_data: bool
    reads_personal_data: bool
    desks: frozenset  # (model, pk) of each state and organisation of the user's desk
    missions: frozenset  # pks of the missions the user is a consular officer of


def reader_of(role, desks, missions):
    may = set(ROLES[role].get("may", ()))
    return Reader(
        clearance=ROLES[role]["clearance"],
        every_desk="see_every_desk" in may,
        reads_all_personal_data="read_all_personal_data" in may,
        reads_personal_data="read_personal_data" in may,
        desks=frozenset(key(d) for d in desks),
        missions=frozenset(m.pk for m in missions),
    )


def key(obj):
    return (type(obj), obj.pk)


def follow(objects, lookup):
    """The objects a lookup (`parties__state`) leads to from `objects`, through links either
    way and many-to-many ones."""
    for part in lookup.split("__"):
        reached = []
        for obj in objects:
            field = type(obj)._meta.get_field(part)
            name = field.get_accessor_name() if field.auto_created and not field.concrete else part
            value = getattr(obj, name)
            if hasattr(value, "all"):
                reached += list(value.all())
            elif value is not None:
                reached.append(value)
        objects = reached
    return objects


def concerned(record):
    """The states and organisations a record concerns: itself if it is one, else those its
    `desk_links` lead to, or by default its own links to them."""
    model = type(record)
    if isinstance(record, DESK_MODELS):
        return {key(record)}
    lookups = model.desk_links
    if lookups is None:
        lookups = [
            field.name
            for field in [*model._meta.fields, *model._meta.many_to_many]
            if field.related_model in DESK_MODELS
        ]
    return {key(obj) for lookup in lookups for obj in follow([record], lookup)}


def required(record, path=()):
    """The record and every record it cannot exist without: through each link that may not be
    empty, or that the model names in `required_links`, once per model along the way."""
    yield record
    model = type(record)
    for field in model._meta.fields:
        target = field.related_model
        if not (field.many_to_one or field.one_to_one) or not issubclass(target, Record):
            continue
        if target in (*path, model) or (field.null and field.name not in model.required_links):
            continue
        linked = getattr(record, field.name)
        if linked is not None:
            yield from required(linked, (*path, model))


def desks_reached(record):
    """The states and organisations a record, or a record it requires, concerns."""
    return set().union(*(concerned(r) for r in required(record)))


def on_desk(reader, record):
    """The desk rule: a record restricted or above of some state or organisation only for its
    desks; a person's record is exempt (the mission rule governs it)."""
    if type(record).personal_data_mission is not None:
        return True
    if record.classification < Classification.RESTRICTED or reader.every_desk:
        return True
    concerns = concerned(record)
    return not concerns or bool(concerns & reader.desks)


def countable(reader, record):
    return all(
        r.classification <= reader.clearance and on_desk(reader, r) for r in required(record)
    )


def readable(reader, record):
    mission = type(record).personal_data_mission
    if not countable(reader, record):
        return False
    if mission is None or reader.reads_all_personal_data:
        return True
    missions = {m.pk for m in follow([record], mission)}
    return reader.reads_personal_data and bool(missions & reader.missions)


# the records and the users ---------------------------------------------------------------------
@dataclass
class Made:
    """Records of each type at every level, on the desk and off it, and the desk and missions a
    user is given."""

    records: dict  # record type -> {(level, variant): record}
    desks: list  # the states and organisations of the user's desk
    missions: list  # the missions whose consular officer the user is
    priority: Priority


def make_records(record_types):
    """For each type, a record per level concerning the user's desk (a state and an organisation)
    and one per level concerning another's, linked to a priority; a person's record answers to
    the user's mission or another."""
    factory = RecordFactory()
    priority = Priority.objects.create(
        code="leaks", order=99, title="Keeping every desk's secrets", short_title="Leaks"
    )
    desks = {v: [factory.make(Country), factory.make(Organization)] for v in VARIANTS}
    missions = {v: factory.make(Mission, concerning=desks[v]) for v in VARIANTS}
    records = {}
    for record_type in record_types:
        model = record_type.model
        records[record_type] = mine = {}
        for variant in VARIANTS:
            for level in LEVELS:
                record = factory.make(
                    model,
                    level,
                    marker=marker_of(record_type, level, variant),
                    concerning=desks[variant],
                )
                record.priorities.add(priority)
                if model.personal_data_mission is not None:
                    give_mission(record, model.personal_data_mission, missions[variant])
                mine[(level, variant)] = record
    prepare_for_dashboard()
    # the user's desk: the desk's state and organisation, and those the records on it could not
    # share (a state or an organisation itself; one a record has a one-to-one link to)
    on_my_desk, consular = {*desks["mine"]}, [missions["mine"]]
    for record_type, mine in records.items():
        model, on_mine = record_type.model, [r for (_l, v), r in mine.items() if v == "mine"]
        on_my_desk |= {
            desk_model._base_manager.get(pk=pk)
            for record in on_mine
            for desk_model, pk in desks_reached(record)
        }
        if model.personal_data_mission is not None:
            consular += [m for r in on_mine for m in follow([r], model.personal_data_mission)]
    records = {
        rt: {k: rt.model._base_manager.get(pk=r.pk) for k, r in mine.items()}
        for rt, mine in records.items()
    }
    return Made(records, list(on_my_desk), consular, priority)


def give_mission(record, path, mission):
    """A person's record answers to a mission: give one to a record made without it, so that a
    consular officer has someone to read."""
    *hops, last = path.split("__")
    holders = follow([record], "__".join(hops)) if hops else [record]
    for holder in holders:
        if getattr(holder, last) is None:
            type(holder)._base_manager.filter(pk=holder.pk).update(**{last: mission})


def prepare_for_dashboard():
    """Make the records what the consular dashboard counts: people abroad today, open cases,
    active crises (the factory takes the first choice and dates long past)."""
    today = timezone.localdate()
    Registration.objects.update(
        status=Registration.Status.CONFIRMED, arrives_on=today, leaves_on=today
    )
    Case.objects.update(status=Case.OPEN[0])
    Crisis.objects.update(status=Crisis.Status.ACTIVE)


def user_of(make_user, role, made):
    """A user of the role at its demo clearance, with the desk (and, a consular officer, the
    missions), and what the oracle knows of them."""
    user = make_user(role.replace(" ", "-"), ROLES[role]["clearance"], role=role, desks=made.desks)
    if "read_personal_data" in ROLES[role].get("may", ()):
        user.consular_missions.set(made.missions)
    return user, reader_of(role, made.desks, made.missions)


@dataclass
class World:
    """One record type as one role's user should see it."""

    record_type: object
    role: str
    user: object
    reader: Reader
    mine: dict  # (level, variant) -> the record made for the type, which holds the marker
    priority: Priority

    @property
    def model(self):
        return self.record_type.model

    def judge(self, whole_table=True):
        """What the oracle says of the records of the type (all of them, as stored now, or only
        those made for it), worked out once."""
        everything = (
            list(self.model._base_manager.order_by("pk"))
            if whole_table
            else list(self.mine.values())
        )
        self.readable_ids = {r.pk for r in everything if readable(self.reader, r)}
        self.countable_ids = {r.pk for r in everything if countable(self.reader, r)}
        self.missing_pk = max(r.pk for r in everything) + 1000
        self.shown = {k: r for k, r in self.mine.items() if r.pk in self.readable_ids}
        self.hidden = {k: r for k, r in self.mine.items() if r.pk not in self.readable_ids}
        return self

    def marker(self, level_variant):
        return marker_of(self.record_type, *level_variant)


@pytest.fixture(params=RECORD_TYPES, ids=lambda rt: f"{rt.app_label}.{rt.model_name}")
def record_type(request):
    return request.param


@pytest.fixture
def made(db, roles, record_type):
    return make_records([record_type])


@pytest.fixture
def world_of(made, make_user, record_type):
    """The world of one role for the type."""

    def world(role):
        user, reader = user_of(make_user, role, made)
        mine = made.records[record_type]
        return World(record_type, role, user, reader, mine, made.priority).judge()

    return world


# what a page shows ------------------------------------------------------------------------------
def linked(record, page):
    return f'href="{record.get_absolute_url()}"' in page


def leaked(world, level_variant, record, page):
    """Whether `page` shows anything of the record: its link or its marker (not the marker in the
    name of a record made for it, "<marker>: crisis 3", which may be in sight when it is not: a
    person's record)."""
    marker = re.escape(html.escape(world.marker(level_variant)))
    return linked(record, page) or re.search(f"{marker}(?!:)", page) is not None


def leaks(world, hidden, page, where):
    return [
        f"{where}: shows {world.marker(k)!r}"
        for k, r in hidden.items()
        if leaked(world, k, r, page)
    ]


def normalised(content, pk):
    """A 404's body with the key asked for (in an address) taken out, to compare with another
    key's."""
    return content.decode().replace(f"/{pk}/", "/<pk>/")


def at_the_edge(records, in_sight):
    """The record a page of single records is probed with: the most sensitive record in sight,
    or the least sensitive one out of sight, off the desk if there is one (the first one the desk
    rule, or the mission rule, hides: a page that forgot either rule, or the clearance, shows it).
    The list pages, the API list and the exports are checked against every record."""

    def edge(item):
        (level, variant), _record = item
        return (level, variant == "other") if in_sight else (variant == "other", -level)

    return dict(sorted(records.items(), key=edge)[-1:])


# the surfaces of one type: each returns what it shows that it should not, or fails to show -------
def list_page(world, client):
    shown, hidden = world.shown, world.hidden
    response = client.get(world.record_type.list_url)
    if response.status_code != 200:
        return [f"list page: status {response.status_code}"]
    page = response.content.decode()
    problems = leaks(world, hidden, page, "list page")
    problems += [
        f"list page: misses {world.marker(k)!r}" for k, r in shown.items() if not linked(r, page)
    ]
    count, expected = response.context["page"].paginator.count, len(world.readable_ids)
    if count != expected:
        problems.append(f"list page: counts {count} records, not {expected}")
    return problems


def answers_like_missing(world, client, url_of, where, method="get", in_sight=False, **kwargs):
    """The record out of sight at the edge answers as a key that is not there; with `in_sight`,
    the record in sight at the edge answers 200."""
    absent = world.missing_pk
    gone = getattr(client, method)(url_of(absent), **kwargs)
    # a change may be refused before any record is looked up: the role may change none (403), or
    # the type is never changed or deleted (405)
    allowed = (404,) if method == "get" else (403, 404, 405)
    problems = []
    if gone.status_code not in allowed:
        problems.append(f"{where}: a missing key gives {gone.status_code}")
    expected = (gone.status_code, normalised(gone.content, absent))
    for k, record in at_the_edge(world.hidden, in_sight=False).items():
        response = getattr(client, method)(url_of(record.pk), **kwargs)
        if (response.status_code, normalised(response.content, record.pk)) != expected:
            problems.append(
                f"{where}: {world.marker(k)!r} answers {response.status_code} "
                f"{response.content[:300]!r}, a missing key {gone.status_code} "
                f"{gone.content[:300]!r}"
            )
    if in_sight:
        for k, record in at_the_edge(world.shown, in_sight=True).items():
            status = client.get(url_of(record.pk)).status_code
            if status != 200:
                problems.append(f"{where}: {world.marker(k)!r} answers {status}, not 200")
    return problems


def detail_pages(world, client):
    return answers_like_missing(
        world,
        client,
        lambda pk: world.model(pk=pk).get_absolute_url(),
        "detail page",
        in_sight=True,
    )


def api_list(world, client):
    response = client.get(api_url(world.record_type))
    if response.status_code != 200:
        return [f"API list: status {response.status_code}"]
    body, expected = response.json(), world.readable_ids
    problems = []
    if body["count"] != len(expected):
        problems.append(f"API list: count {body['count']}, not {len(expected)}")
    listed = {item["id"] for item in body["results"]}
    if listed != expected:
        problems.append(f"API list: ids {sorted(listed)}, not {sorted(expected)}")
    return problems


def api_detail(world, client):
    return answers_like_missing(
        world, client, lambda pk: api_url(world.record_type, pk), "API detail"
    )


def api_changes(world, client):
    """Changing or deleting a record out of sight answers as for a key that is not there (and
    changes nothing). (A whole record put is changed as a patched one is, through the same
    lookup.)"""
    # a role that may change no record of the type is refused before any lookup, whatever it
    # asks; one may is asked to patch and to delete
    methods = ("patch", "delete") if edits(ROLES[world.role], world.model._meta) else ("delete",)
    problems = []
    for method in methods:
        problems += answers_like_missing(
            world,
            client,
            lambda pk: api_url(world.record_type, pk),
            f"API {method.upper()}",
            method=method,
            data=json.dumps({"classification": 0}),
            content_type="application/json",
        )
    kept = world.model._base_manager.filter(pk__in=[r.pk for r in world.hidden.values()])
    still = set(kept.values_list("pk", "classification"))
    problems += [
        f"API: {world.marker(k)!r} was changed or deleted"
        for k, r in world.hidden.items()
        if (r.pk, r.classification) not in still
    ]
    return problems


def exports(world, client):
    """The export holds the records the user may read: each role asks for one format in turn, so
    that every format of every type is asked for by some of the roles."""
    fmt = EXPORT_FORMATS[ROLE_NAMES.index(world.role) % len(EXPORT_FORMATS)]
    response = client.get(export_url(world.record_type, fmt))
    if response.status_code != 200:
        return [f"{fmt} export: status {response.status_code}"]
    if (found := exported_ids(response, fmt)) != world.readable_ids:
        return [f"{fmt} export: ids {sorted(found)}, not {sorted(world.readable_ids)}"]
    return []


def referring_form_field(model):
    """A form of a type with a field that links to `model`, and its name."""
    for rt in RECORD_TYPES:
        for name, field in rt.form_class.base_fields.items():
            if getattr(getattr(field, "queryset", None), "model", None) is model:
                return rt, name
    return None, None


def referring_filter(model):
    """A list filter of a type that offers records of `model`, and its name."""
    for rt in RECORD_TYPES:
        for name, filter_ in rt.filterset_class.base_filters.items():
            if getattr(getattr(filter_, "queryset", None), "model", None) is model:
                return rt, name
    return None, None


def offered(bound_field):
    """The keys a select offers, as the page renders it."""
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', str(bound_field))}


def link_choices(world, client):
    """The records offered for a link to the type in a form and a list filter (the choices a
    user picks from) are those the user may read."""
    problems, expected = [], world.readable_ids
    rt, name = referring_form_field(world.model)
    if rt is not None:
        form = rt.form_class(user=world.user)
        choices = set(form.fields[name].queryset.values_list("pk", flat=True))
        for found, what in ((choices, "choices"), (offered(form[name]), "options")):
            if found != expected:
                problems.append(
                    f"{rt.model_name} form's {name} {what}: {sorted(found)}, not {sorted(expected)}"
                )
    rt, name = referring_filter(world.model)
    if rt is not None:
        request = RequestFactory().get(rt.list_url)
        request.user = world.user
        filterset = rt.filterset_class(None, queryset=rt.model.objects.none(), request=request)
        if (found := offered(filterset.form[name])) != expected:
            problems.append(
                f"{rt.model_name} filter {name} options: {sorted(found)}, not {sorted(expected)}"
            )
    return problems


def history_browser(world, client):
    """The history browser lists the changes of the records the user may read (for who may read
    history), and a record's versions answer as its page does."""
    response = client.get(HISTORY, {"record_type": world.model._meta.label_lower})
    problems = leaks(world, world.hidden, response.content.decode(), "history browser")
    if "read_history" not in ROLES[world.role].get("may", ()):
        if response.status_code != 403:
            problems.append(f"history browser: status {response.status_code}, not 403")
    elif response.status_code != 200:
        problems.append(f"history browser: status {response.status_code}")
    else:
        entries = response.context["page"].paginator.object_list
        found = {int(pk) for pk in entries.values_list("object_id", flat=True)}
        if found != world.readable_ids:
            problems.append(
                f"history browser: entries of {sorted(found)}, not {sorted(world.readable_ids)}"
            )
    app_label, model_name = world.record_type.app_label, world.record_type.model_name
    problems += answers_like_missing(
        world, client, lambda pk: f"{HISTORY}{app_label}/{model_name}/{pk}/", "versions page"
    )
    return problems


def the_queryset(world, client):
    """Not a surface: `visible_to` and `countable_by` say what the oracle says (if they do not,
    the rules decide which one is wrong)."""
    records, user = world.model.objects, world.user
    visible = set(records.visible_to(user).values_list("pk", flat=True))
    counted = set(records.countable_by(user).values_list("pk", flat=True))
    problems = []
    if visible != world.readable_ids:
        problems.append(f"visible_to: {sorted(visible)}, the rules {sorted(world.readable_ids)}")
    if counted != world.countable_ids:
        problems.append(f"countable_by: {sorted(counted)}, the rules {sorted(world.countable_ids)}")
    return problems


SURFACES = [
    the_queryset,
    list_page,
    detail_pages,
    api_list,
    api_detail,
    exports,
    link_choices,
    history_browser,
    api_changes,  # last: a leak here may change what the others see
]


# the surfaces of every type at once -------------------------------------------------------------
def global_search(worlds, client):
    """The search finds the records the user may read of every type (as many as it shows of
    each), and nothing of the others."""
    response = client.get("/search/", {"q": MARKER})
    if response.status_code != 200:
        return [f"search: status {response.status_code}"]
    page = response.content.decode()
    groups = {group["record_type"]: group for group in response.context["groups"]}
    problems = []
    for world in worlds:
        problems += leaks(world, world.hidden, page, "search")
        group = groups.get(world.record_type)
        if world.record_type.search_fields and world.shown and not (group and group["more"]):
            problems += [
                f"search: misses {world.marker(k)!r}"
                for k, r in world.shown.items()
                if not linked(r, page)
            ]
    return problems


def home_page(worlds, client):
    """The priority's count on the home page, per type and in all, is of the records the user may
    read; nothing else of the others shows."""
    response = client.get("/")
    page = response.content.decode()
    problems = [p for world in worlds for p in leaks(world, world.hidden, page, "home page")]
    (summary,) = [s for s in response.context["summaries"] if s.priority == worlds[0].priority]
    expected = [(w.record_type, len(w.shown)) for w in worlds if w.shown]
    if summary.by_type != expected or summary.count != sum(n for _rt, n in expected):
        problems.append(f"home page: counts {summary.count} {summary.by_type}, not {expected}")
    return problems


DASHBOARD = {
    # the model -> how many of its records the consular dashboard counts
    Registration: lambda context: context["present"]["totals"][-1],
    Case: lambda context: context["cases"]["totals"][-2],
    Crisis: lambda context: len(context["crises"]),
}


def consular_dashboard(worlds, client):
    """The dashboard counts what the user may count, read or not (a person's record), of every
    such record, and names no one it should not."""
    response = client.get("/consular/")
    page = response.content.decode()
    problems = [p for w in worlds for p in leaks(w, w.hidden, page, "consular dashboard")]
    for world in worlds:
        count_of = DASHBOARD.get(world.model)
        if count_of is not None:
            counted = count_of(response.context)
            expected = len(world.judge(whole_table=True).countable_ids)
            if counted != expected:
                problems.append(
                    f"consular dashboard: counts {counted} {world.model._meta.verbose_name_plural}"
                    f", not {expected}"
                )
    return problems


EVERY_TYPE_SURFACES = [global_search, home_page, consular_dashboard]


# the matrix -------------------------------------------------------------------------------------
def concerns_a_desk(model):
    """Whether the rules let a desk decide over records of `model` (or records they require)."""
    return any(desk_paths(model_at(model, prefix)) for prefix in required_record_paths(model))


def test_every_surface_of_a_type_shows_each_role_exactly_the_records_the_rules_allow(
    made, record_type, world_of, client_as
):
    my_desk = {key(d) for d in made.desks}
    for (_level, variant), record in made.records[record_type].items():
        reached = desks_reached(record)
        assert bool(reached) == concerns_a_desk(record_type.model), "the factory missed a desk"
        assert (reached <= my_desk) if variant == "mine" else not (reached & my_desk)
    problems = []
    for role in ROLE_NAMES:
        world = world_of(role)
        client = client_as(world.user)
        problems += [f"{role}: {p}" for surface in SURFACES for p in surface(world, client)]

    assert not problems, "\n".join(problems)


def test_the_search_and_the_counts_show_each_role_exactly_what_the_rules_allow(
    db, roles, make_user, client_as
):
    made = make_records(RECORD_TYPES)
    problems = []
    for role in ROLE_NAMES:
        user, reader = user_of(make_user, role, made)
        worlds = [
            World(rt, role, user, reader, mine, made.priority).judge(whole_table=False)
            for rt, mine in made.records.items()
        ]
        client = client_as(user)
        problems += [
            f"{role}: {p}" for surface in EVERY_TYPE_SURFACES for p in surface(worlds, client)
        ]

    assert not problems, "\n".join(problems)


def test_the_matrix_covers_every_registered_type_and_role():
    from chancery.core.tests.testapp.models import Dispatch

    assert {rt.model for rt in RECORD_TYPES} == {rt.model for rt in registry}
    assert Dispatch in {rt.model for rt in RECORD_TYPES}
    assert list(ROLES) == ROLE_NAMES
