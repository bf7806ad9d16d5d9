"""The leak matrix: for every registered record type, everyone who may sign in (and no one who may
not), exactly the records the rules allow appear on every surface, and nothing else, including in
counts and error messages.

Generated from the registry and the roles, so a new record type (or role) is covered without a test
of its own. Each type's records are made at every classification, half of them concerning the
user's desk (a state and an organisation) and half another's, and linked to priorities. They are
asked for from these seats:

- each role (`ROLES`), at its demo clearance, with the desk (and, a consular officer, the
  missions); some roles see every desk;
- the clearance worlds: at each classification at which no role sees every desk and every
  mission's people (unclassified, restricted and confidential: the administrator, leadership and
  auditor are secret), a desk officer who sees every desk and is given every mission's people, as
  an administrator: the clearance rule alone decides what they see;
- the superuser, cleared unclassified, who sees everything.

A plain-Python oracle of the rules, which never calls `visible_to`, works out what each seat may
read and count from the seat's clearance, desks and rights (the role's, or those the seat is
given). Then every surface of the type is asked: the queryset, the list and detail pages, the API
(list, detail, and changes to a record out of sight), the exports, the choices offered for a link
to the type in other types' forms and list filters, and the history browser (on PostgreSQL, those
whose SQL is its own: `SURFACES_OF_POSTGRESQL`). Whoever is signed
out is sent to sign in from every page and refused by the API, and `visible_to` gives them nothing;
an inactive user sees nothing. The surfaces that span every type at once are asked by each seat
but the superuser, over records of every type made together: the global search (asked to show all
it finds of each type, not the first ten: `SHOWN_BY_SEARCH`); the home page's count, per type and
in all, and newest record (linked and named), for a priority linked to records of every type and
for one priority per type, and the API's priority linked to every type (`PRIORITIES_API_SEATS`);
the consular dashboard's counts.

Roles x clearance worlds (and the superuser) x types x classifications x desks x surfaces: what a
surface lists or counts is compared in full, against every record of the type; a record out of
sight answers exactly as a record that does not exist. The pages of single records (page, API,
versions, API patch and delete) are probed at the edge: the most sensitive record in sight and the
least sensitive out of it, off the desk where there is one; but one seat per classification (the
clearance worlds and the administrator: `ROWS`) has its record page and API detail asked for the
record off the desk at every classification (200 in sight, as a missing key out of it). Each seat
asks for one export format of a type, in turn along the seats and one seat further from one type to
the next (`export_format`): each type is exported in every format (its three clearance worlds ask
for three different ones), and each seat asks for every format over the types. Both keep the
matrix within a few minutes: a user with desks costs the queryset far more to build than one who
sees every desk.

The side paths are probed, generated from the registry too, by their own modules: saves that
would change a link out of sight, the 409 page and the 412 body, rules a hidden link breaks, and
sorts through links (`test_hidden_links`); uniqueness, delete and replacement refusals
(`test_refusals`); the versions of a declassified record (`test_history_declassified`); and every
write route as a reader (`test_post_routes`).

A type's records are made once for its four tests (whoever is signed out or inactive; the roles,
in two groups; the clearance worlds and the superuser), those of every type once for the
every-type tests (one per seat), each in a transaction held open around the tests and rolled back
after them. What the oracle needs of each record is read once, and read again only if a record
changed (a change that should have been refused).
"""

import html
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from auditlog.context import disable_auditlog
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.utils import timezone

from chancery.accounts.roles import ROLES, edits
from chancery.bilateral.models import Mission
from chancery.consular.models import Case, Crisis, Registration
from chancery.core.models import (
    Classification,
    Record,
)
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.surfaces import (
    EXPORT_FORMATS,
    api_url,
    concerns_a_desk,
    export_url,
    exported_ids,
    without_tokens,
)
from chancery.core.views import SearchView
from chancery.core.widgets import lookup_url
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
LOG_IN = "/accounts/login/"
# how many records of each type the global search is asked to show: all it finds of those made
# here (its page shows the first ten, and a link to the rest)
SHOWN_BY_SEARCH = 200


def marker_of(record_type, level, variant):
    """Text only this record (and the records made for it) holds; no marker begins another."""
    return f"{MARKER} {record_type.model_name} {level.name[0].lower()}{variant[0]}"


# the seats: who asks ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Seat:
    """Who asks: the role whose group the user is in, the clearance, what the user may do (the
    accounts permissions, through the role or given), and whether the user is given the desk of
    the records (else the user sees every desk, as a role may, or is given to)."""

    name: str
    role: str
    clearance: int
    may: frozenset
    with_desk: bool
    superuser: bool = False

    def edits(self, meta):
        return self.superuser or edits(ROLES[self.role], meta)

    @property
    def reads_history(self):
        return self.superuser or "read_history" in self.may


def may_of(role):
    return frozenset(ROLES[role].get("may", ()))


# what a clearance world is given: every desk, and every mission's people (a person's record is
# otherwise out of sight whatever the clearance), as an administrator has
EVERYTHING_AT_A_LEVEL = frozenset({"see_every_desk", "read_all_personal_data"})
ROLE_SEATS = [
    Seat(role, role, ROLES[role]["clearance"], may_of(role), with_desk=True) for role in ROLE_NAMES
]
CLEARANCE_SEATS = [
    Seat(
        f"cleared {level.name.lower()}",
        "desk officer",
        level,
        may_of("desk officer") | EVERYTHING_AT_A_LEVEL,
        with_desk=False,
    )
    for level in LEVELS
    if not any(s.clearance == level and s.may >= EVERYTHING_AT_A_LEVEL for s in ROLE_SEATS)
]
SUPERUSER = Seat(
    "superuser",
    "desk officer",
    Classification.UNCLASSIFIED,
    may_of("desk officer") | {"see_every_desk"},
    with_desk=False,
    superuser=True,
)
SEATS = [*ROLE_SEATS, *CLEARANCE_SEATS, SUPERUSER]
# the roles of a type are asked in two tests, each under half a minute on PostgreSQL (a user with
# desks costs the queryset far more to build than one who sees every desk)
ROLE_GROUPS = [ROLE_SEATS[:4], ROLE_SEATS[4:]]
# for each classification, the seat whose pages of single records are probed at every level: the
# first to see every desk and every mission's people at it
ROWS = {}
for _seat in SEATS:
    if not _seat.superuser and _seat.may >= EVERYTHING_AT_A_LEVEL:
        ROWS.setdefault(_seat.clearance, _seat)


def export_format(seat, record_type):
    """The format `seat` asks for of `record_type`'s export: in turn along the seats, shifted by
    one from one type to the next."""
    turn = SEATS.index(seat) + RECORD_TYPES.index(record_type)
    return EXPORT_FORMATS[turn % len(EXPORT_FORMATS)]


# the oracle: the rules, in plain Python over loaded records ------------------------------------
@dataclass(frozen=True)
class Reader:
    """What the rules need to know of a user, taken from the seat: the role's definition, or what
    the seat is given."""

    clearance: int
    every_desk: bool
    reads_all_personal_data: bool
    reads_personal_data: bool
    desks: frozenset  # (model, pk) of each state and organisation of the user's desk
    missions: frozenset  # pks of the missions the user is a consular officer of


def reader_of(seat, desks, missions):
    # the superuser: cleared to the top, every desk, every mission's people, whatever is given
    everything = seat.superuser
    return Reader(
        clearance=Classification.SECRET if everything else seat.clearance,
        every_desk=everything or "see_every_desk" in seat.may,
        reads_all_personal_data=everything or "read_all_personal_data" in seat.may,
        reads_personal_data="read_personal_data" in seat.may,
        desks=frozenset(key(d) for d in desks) if seat.with_desk else frozenset(),
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
            field_ = type(obj)._meta.get_field(part)
            name = (
                field_.get_accessor_name() if field_.auto_created and not field_.concrete else part
            )
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
            field_.name
            for field_ in [*model._meta.fields, *model._meta.many_to_many]
            if field_.related_model in DESK_MODELS
        ]
    return {key(obj) for lookup in lookups for obj in follow([record], lookup)}


def required(record, path=()):
    """The record and every record it cannot exist without: through each link that may not be
    empty, or that the model names in `required_links`, once per model along the way."""
    yield record
    model = type(record)
    for field_ in model._meta.fields:
        target = field_.related_model
        if not (field_.many_to_one or field_.one_to_one) or not issubclass(target, Record):
            continue
        if target in (*path, model) or (field_.null and field_.name not in model.required_links):
            continue
        linked_record = getattr(record, field_.name)
        if linked_record is not None:
            yield from required(linked_record, (*path, model))


def desks_reached(record):
    """The states and organisations a record, or a record it requires, concerns."""
    return set().union(*(concerned(r) for r in required(record)))


@dataclass(frozen=True)
class Facts:
    """What the rules need of a record, read once: for it and each record it requires, the
    classification, whether it is a person's record (the desk rule spares it: the mission rule
    governs it) and the states and organisations it concerns; and, a person's record, the
    missions it answers to."""

    pk: int
    chain: tuple  # (classification, spared by the desk rule, desks concerned) per record
    missions: frozenset | None  # None: not a person's record


def facts_of(record):
    mission = type(record).personal_data_mission
    return Facts(
        record.pk,
        tuple(
            (
                r.classification,
                type(r).personal_data_mission is not None,
                frozenset(concerned(r)),
            )
            for r in required(record)
        ),
        None if mission is None else frozenset(m.pk for m in follow([record], mission)),
    )


def on_desk(reader, classification, spared, concerns):
    """The desk rule: a record restricted or above of some state or organisation only for its
    desks; a person's record is exempt (the mission rule governs it)."""
    if spared or classification < Classification.RESTRICTED or reader.every_desk:
        return True
    return not concerns or bool(concerns & reader.desks)


def countable(reader, facts):
    return all(
        classification <= reader.clearance and on_desk(reader, classification, spared, concerns)
        for classification, spared, concerns in facts.chain
    )


def readable(reader, facts):
    if not countable(reader, facts):
        return False
    if facts.missions is None or reader.reads_all_personal_data:
        return True
    return reader.reads_personal_data and bool(facts.missions & reader.missions)


class Table:
    """The records of a model as stored, and what the oracle needs of them: read once, and read
    again only when they changed (an API change that should have been refused)."""

    def __init__(self, model):
        self.model = model
        self.state = None
        self.facts = []

    def read(self):
        records = self.model._base_manager.order_by("pk")
        state = list(records.values_list("pk", "classification"))
        if state != self.state:
            self.state, self.facts = state, [facts_of(r) for r in records]
        return self.facts


# the records and the users ---------------------------------------------------------------------
@dataclass
class Made:
    """Records of each type at every level, on the desk and off it, and the desk and missions a
    user is given."""

    records: dict  # record type -> {(level, variant): record}
    desks: list  # the states and organisations of the user's desk
    missions: list  # the missions whose consular officer the user is
    priority: Priority  # linked to every record made
    own_priorities: dict  # record type -> a priority linked to the records made of it alone
    tables: dict = field(default_factory=dict)
    made_facts: dict = field(default_factory=dict)

    def table(self, model):
        """What the oracle needs of every record of `model`, as stored now."""
        return self.tables.setdefault(model, Table(model)).read()

    def facts(self, record_type):
        """What the oracle needs of the records made of the type (read once: they do not
        change)."""
        if record_type not in self.made_facts:
            mine = self.records[record_type].values()
            self.made_facts[record_type] = [facts_of(r) for r in mine]
        return self.made_facts[record_type]


def make_records(record_types, log_links=True):
    """For each type, a record per level concerning the user's desk (a state and an organisation)
    and one per level concerning another's, linked to a priority of every type and to one of the
    type's own; a person's record answers to the user's mission or another. With `log_links`,
    the links are made as a user makes them (the change log records them), else written at once."""
    factory = RecordFactory()
    priority = Priority.objects.create(
        code="leaks", order=99, title="Keeping every desk's secrets", short_title="Leaks"
    )
    desks = {v: [factory.make(Country), factory.make(Organization)] for v in VARIANTS}
    missions = {v: factory.make(Mission, concerning=desks[v]) for v in VARIANTS}
    records, own_priorities = {}, {}
    for record_type in record_types:
        model = record_type.model
        index = RECORD_TYPES.index(record_type)
        own = own_priorities[record_type] = Priority.objects.create(
            code=f"leaks-{index}",
            order=100 + index,
            title=f"Keeping the secrets of {record_type.verbose_name_plural}",
            short_title=f"Leaks {index}",
        )
        records[record_type] = mine = {}
        for variant in VARIANTS:
            for level in LEVELS:
                record = factory.make(
                    model,
                    level,
                    marker=marker_of(record_type, level, variant),
                    concerning=desks[variant],
                )
                if log_links:
                    record.priorities.add(priority, own)
                if model.personal_data_mission is not None:
                    give_mission(record, model.personal_data_mission, missions[variant])
                mine[(level, variant)] = record
        if not log_links:
            link_at_once(model, mine.values(), [priority, own])
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
    return Made(records, list(on_my_desk), consular, priority, own_priorities)


def link_at_once(model, records, priorities):
    """Link the records to the priorities in one write, without the signals of `add`."""
    links = model._meta.get_field("priorities")
    through = links.remote_field.through
    source, target = links.m2m_field_name(), links.m2m_reverse_field_name()
    through.objects.bulk_create(
        [
            through(**{f"{source}_id": record.pk, f"{target}_id": priority.pk})
            for record in records
            for priority in priorities
        ]
    )


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


def user_of(make_user, seat, made):
    """The seat's user: in the role's group at the seat's clearance, with the desk or every desk
    (and, a consular officer, the missions), given what the role does not give; and what the
    oracle knows of them."""
    desks = {"desks": made.desks} if seat.with_desk else {}  # else every desk
    user = make_user(
        seat.name.replace(" ", "-"),
        seat.clearance,
        role=seat.role,
        is_superuser=seat.superuser,
        **desks,
    )
    given = seat.may - may_of(seat.role) - {"see_every_desk"}
    if given:
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="accounts", codename__in=given)
        )
    if "read_personal_data" in seat.may:
        user.consular_missions.set(made.missions)
    return user, reader_of(seat, made.desks, made.missions)


@contextmanager
def held_open(django_db_blocker):
    """A transaction held open around the tests that share what is written in it, rolled back
    after them; each test still rolls back its own changes inside it. None of them may be
    transactional."""
    around = transaction.atomic()
    with django_db_blocker.unblock():
        around.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            around.__exit__(None, None, None)


@dataclass
class World:
    """One record type as one seat's user should see it."""

    record_type: object
    seat: Seat
    user: object
    reader: Reader
    mine: dict  # (level, variant) -> the record made for the type, which holds the marker
    priority: Priority
    priority_of_type: Priority | None = None  # linked to the records made of the type alone

    @property
    def model(self):
        return self.record_type.model

    def judge(self, facts):
        """What the oracle says of the records (all of the type, or only those made for it)."""
        self.readable_ids = {f.pk for f in facts if readable(self.reader, f)}
        self.countable_ids = {f.pk for f in facts if countable(self.reader, f)}
        self.missing_pk = max(f.pk for f in facts) + 1000
        self.shown = {k: r for k, r in self.mine.items() if r.pk in self.readable_ids}
        self.hidden = {k: r for k, r in self.mine.items() if r.pk not in self.readable_ids}
        return self

    def marker(self, level_variant):
        return marker_of(self.record_type, *level_variant)

    @property
    def every_level(self):
        """Whether the pages of single records are probed at every level (else at the edge)."""
        return ROWS.get(self.seat.clearance) == self.seat


@pytest.fixture(
    scope="class", params=RECORD_TYPES, ids=lambda rt: f"{rt.app_label}.{rt.model_name}"
)
def record_type(request):
    return request.param


@pytest.fixture(scope="class")
def made(record_type, django_db_setup, django_db_blocker):
    """The records of the type, made once for the type's tests."""
    with held_open(django_db_blocker):
        with django_db_blocker.unblock():
            records = make_records([record_type])
        yield records


# what a page shows ------------------------------------------------------------------------------
def linked(record, page):
    return f'href="{record.get_absolute_url()}"' in page


def shown(record):
    """The record's name as a page shows it."""
    return html.escape(str(record))


def shows(marker, record, page):
    """Whether `page` shows anything of the record: its link or its marker (not the marker in the
    name of a record made for it, "<marker>: crisis 3", which may be in sight when it is not: a
    person's record)."""
    escaped = re.escape(html.escape(marker))
    return linked(record, page) or re.search(f"{escaped}(?!:)", page) is not None


def leaked(world, level_variant, record, page):
    return shows(world.marker(level_variant), record, page)


def leaks(world, hidden, page, where):
    return [
        f"{where}: shows {world.marker(k)!r}"
        for k, r in hidden.items()
        if leaked(world, k, r, page)
    ]


def normalised(content, pk):
    """A 404's body with the key asked for (in an address) taken out, to compare with another
    key's, and without the page's CSRF tokens."""
    return without_tokens(content.decode()).replace(f"/{pk}/", "/<pk>/")


def at_the_edge(records, in_sight):
    """The record a page of single records is probed with: the most sensitive record in sight,
    or the least sensitive one out of sight, off the desk if there is one (the first one the desk
    rule, or the mission rule, hides: a page that forgot either rule, or the clearance, shows it).
    The list pages, the API list and the exports are checked against every record."""

    def edge(item):
        (level, variant), _record = item
        return (level, variant == "other") if in_sight else (variant == "other", -level)

    return dict(sorted(records.items(), key=edge)[-1:])


def probed(world, in_sight, every_level=False):
    """The records a page of single records is asked for: at the edge, or, with `every_level`
    for a seat of `ROWS`, those off the desk at every level."""
    records = world.shown if in_sight else world.hidden
    if every_level and world.every_level:
        return {k: r for k, r in records.items() if k[1] == "other"}
    return at_the_edge(records, in_sight)


# the surfaces of one type: each returns what it shows that it should not, or fails to show -------
def list_page(world, client):
    shown_, hidden = world.shown, world.hidden
    response = client.get(world.record_type.list_url)
    if response.status_code != 200:
        return [f"list page: status {response.status_code}"]
    page = response.content.decode()
    problems = leaks(world, hidden, page, "list page")
    problems += [
        f"list page: misses {world.marker(k)!r}" for k, r in shown_.items() if not linked(r, page)
    ]
    count, expected = response.context["page"].paginator.count, len(world.readable_ids)
    if count != expected:
        problems.append(f"list page: counts {count} records, not {expected}")
    return problems


def answers_like_missing(
    world, client, url_of, where, method="get", in_sight=False, every_level=False, **kwargs
):
    """The records out of sight probed (`probed`) answer as a key that is not there; with
    `in_sight`, the records in sight probed answer 200."""
    absent = world.missing_pk
    gone = getattr(client, method)(url_of(absent), **kwargs)
    # a change may be refused before any record is looked up: the role may change none (403), or
    # the type is never changed or deleted (405)
    allowed = (404,) if method == "get" else (403, 404, 405)
    problems = []
    if gone.status_code not in allowed:
        problems.append(f"{where}: a missing key gives {gone.status_code}")
    expected = (gone.status_code, normalised(gone.content, absent))
    for k, record in probed(world, False, every_level).items():
        response = getattr(client, method)(url_of(record.pk), **kwargs)
        if (response.status_code, normalised(response.content, record.pk)) != expected:
            problems.append(
                f"{where}: {world.marker(k)!r} answers {response.status_code} "
                f"{response.content[:300]!r}, a missing key {gone.status_code} "
                f"{gone.content[:300]!r}"
            )
    if in_sight:
        for k, record in probed(world, True, every_level).items():
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
        every_level=True,
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
    """As the record's page; a seat of `ROWS` also has each record in sight answer 200."""
    return answers_like_missing(
        world,
        client,
        lambda pk: api_url(world.record_type, pk),
        "API detail",
        in_sight=world.every_level,
        every_level=True,
    )


def api_changes(world, client):
    """Changing or deleting a record out of sight answers as for a key that is not there (and
    changes nothing). (A whole record put is changed as a patched one is, through the same
    lookup.)"""
    # a seat that may change no record of the type is refused before any lookup, whatever it
    # asks; one that may is asked to patch and to delete
    methods = ("patch", "delete") if world.seat.edits(world.model._meta) else ("delete",)
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
    """The export holds the records the user may read: each seat asks for one format
    (`export_format`), so that every format of every type is asked for by some of the seats."""
    fmt = export_format(world.seat, world.record_type)
    response = client.get(export_url(world.record_type, fmt))
    if response.status_code != 200:
        return [f"{fmt} export: status {response.status_code}"]
    if (found := exported_ids(response, fmt)) != world.readable_ids:
        return [f"{fmt} export: ids {sorted(found)}, not {sorted(world.readable_ids)}"]
    return []


def referring_form_field(model):
    """A form of a type with a field that links to `model`, and its name."""
    for rt in RECORD_TYPES:
        for name, field_ in rt.form_class.base_fields.items():
            if getattr(getattr(field_, "queryset", None), "model", None) is model:
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


def looked_up(client, model):
    """The keys a type-to-find select of `model` offers when nothing is typed."""
    found = client.get(lookup_url(model)).json()
    assert not found["more"], "more records than one answer holds: the world is too large"
    return {int(row["value"]) for row in found["results"]}


def link_choices(world, client):
    """The records offered for a link to the type in a form and a list filter (the choices a
    user picks from, by typing) are those the user may read; a select renders none of them
    until they are chosen."""
    problems, expected = [], world.readable_ids
    if (found := looked_up(client, world.model)) != expected:
        problems.append(f"lookup: {sorted(found)}, not {sorted(expected)}")
    rt, name = referring_form_field(world.model)
    if rt is not None:
        form = rt.form_class(user=world.user)
        choices = set(form.fields[name].queryset.values_list("pk", flat=True))
        if choices != expected:
            problems.append(f"{rt.model_name} form's {name} choices: {sorted(choices)}")
        if found := offered(form[name]):
            problems.append(f"{rt.model_name} form's {name} renders options {sorted(found)}")
    rt, name = referring_filter(world.model)
    if rt is not None:
        request = RequestFactory().get(rt.list_url)
        request.user = world.user
        filterset = rt.filterset_class(None, queryset=rt.model.objects.none(), request=request)
        if found := offered(filterset.form[name]):
            problems.append(f"{rt.model_name} filter {name} renders options {sorted(found)}")
    return problems


def history_browser(world, client):
    """The history browser lists the changes of the records the user may read (for who may read
    history), and a record's versions answer as its page does."""
    response = client.get(HISTORY, {"record_type": world.model._meta.label_lower})
    problems = leaks(world, world.hidden, response.content.decode(), "history browser")
    if not world.seat.reads_history:
        if response.status_code != 403:
            problems.append(f"history browser: status {response.status_code}, not 403")
    elif response.status_code != 200:
        problems.append(f"history browser: status {response.status_code}")
    else:
        found, page = set(), response
        while True:  # every page, by the Older links
            found |= {int(row["entry"].object_id) for row in page.context["rows"]}
            older = page.context["page"].older
            if not older:
                break
            page = client.get(
                HISTORY, {"record_type": world.model._meta.label_lower, "before": older}
            )
            problems += leaks(world, world.hidden, page.content.decode(), "history browser")
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
# on PostgreSQL, the surfaces whose SQL differs from one database to the other: what `visible_to`
# and `countable_by` select, the counts and pages of lists, the exports' server-side cursors, the
# lookups' matching, the history browser's cursor (and its versions page). The pages of single
# records (page, API detail, patch, delete) find a record by its key in the same `visible_to`
# queryset that the first of them compares in full; the SQLite pass asks them too
SURFACES_OF_POSTGRESQL = [the_queryset, list_page, api_list, exports, link_choices, history_browser]


def every_surface_of_a_type(made, record_type, seats, make_user, client_as):
    """What each seat's user is shown of the type that the rules do not allow, or is not shown
    that they do, on every surface of the type."""
    problems = []
    surfaces = SURFACES if connection.vendor == "sqlite" else SURFACES_OF_POSTGRESQL
    for seat in seats:
        user, reader = user_of(make_user, seat, made)
        mine = made.records[record_type]
        world = World(record_type, seat, user, reader, mine, made.priority)
        world.judge(made.table(record_type.model))
        client = client_as(user)
        problems += [f"{seat.name}: {p}" for surface in surfaces for p in surface(world, client)]
    return problems


# who may see nothing --------------------------------------------------------------------------
def signed_out(record_type, mine):
    """Whoever is not signed in is sent to sign in from every page, and the API tells them
    nothing; the rules give them nothing."""
    client, problems = Client(), []
    record = mine[(Classification.UNCLASSIFIED, "mine")]
    pages = [
        "/",
        f"/search/?q={MARKER}",
        record_type.list_url,
        record.get_absolute_url(),
        *(export_url(record_type, fmt) for fmt in EXPORT_FORMATS),
    ]
    for url in pages:
        response = client.get(url)
        if response.status_code != 302 or LOG_IN not in response.get("Location", ""):
            problems.append(
                f"signed out: {url} answers {response.status_code} "
                f"{response.get('Location', '')!r}, not a redirection to {LOG_IN}"
            )
    for url in (api_url(record_type), api_url(record_type, record.pk)):
        response = client.get(url)
        if response.status_code not in (401, 403):
            problems.append(f"signed out: {url} answers {response.status_code}, not 401 or 403")
        body = response.content.decode()
        problems += [
            f"signed out: {url} shows {marker_of(record_type, *k)!r}"
            for k, r in mine.items()
            if shows(marker_of(record_type, *k), r, body)
        ]
    records = record_type.model.objects
    for nobody in (AnonymousUser(), None):
        if records.visible_to(nobody).exists() or records.countable_by(nobody).exists():
            problems.append(f"signed out: {nobody!r} may see or count records")
    return problems


def inactive(record_type, make_user, client_as):
    """An inactive user, however cleared, sees nothing, and is sent to sign in."""
    user = make_user("gone", clearance=Classification.SECRET, is_active=False)
    records, problems = record_type.model.objects, []
    if records.visible_to(user).exists() or records.countable_by(user).exists():
        problems.append("inactive: may see or count records")
    response = client_as(user).get(record_type.list_url)
    if response.status_code != 302 or LOG_IN not in response.get("Location", ""):
        problems.append(f"inactive: the list page answers {response.status_code}")
    return problems


# the surfaces of every type at once -------------------------------------------------------------
def global_search(worlds, client):
    """The search finds the records the user may read of every type, linked and named, and
    nothing of the others. It is asked to show all it finds of each type (`SHOWN_BY_SEARCH`):
    none is left out of what is compared."""
    response = client.get("/search/", {"q": MARKER})
    if response.status_code != 200:
        return [f"search: status {response.status_code}"]
    # the words found are marked in each name: read as the names read
    page = re.sub(r"</?mark>", "", response.content.decode())
    groups = {group["record_type"]: group for group in response.context["groups"]}
    problems = [
        f"search: shows only the first {len(g['items'])} {rt.model_name} records it finds"
        for rt, g in groups.items()
        if g["more"]
    ]
    for world in worlds:
        problems += leaks(world, world.hidden, page, "search")
        if world.record_type.search_fields:
            problems += [
                f"search: misses {world.marker(k)!r}"
                for k, r in world.shown.items()
                if not (linked(r, page) and shown(r) in page)
            ]
    return problems


CARD = '<div class="card h-100 priority-card">'
COUNT = re.compile(r'<span class="count">(\d+)</span>')


def card_of(page, priority):
    """The priority's card on the home page."""
    href = f'href="{priority.get_absolute_url()}"'
    cards = [card.split("</div></div>")[0] for card in page.split(CARD)[1:]]
    found = [card for card in cards if href in card]
    return found[0] if len(found) == 1 else None


def newest_of(records):
    """The newest of (type, record): the last made, of the highest key within a type; among types
    whose newest were made at the same moment, of the first type of the registry (as
    `priority_summaries` orders them)."""
    if not records:
        return None
    return max(
        records, key=lambda t_r: (t_r[1].created_at, -RECORD_TYPES.index(t_r[0]), t_r[1].pk)
    )[1]


def priority_card(summaries, page, priority, shown_by_type, where):
    """The priority's summary counts the records the user may read, per type and in all, and
    names the newest of them; its card shows the count and links to and names the newest."""
    summary = summaries.get(priority)
    if summary is None:
        return [f"{where}: no summary"]
    problems = []
    expected = [(rt, len(records)) for rt, records in shown_by_type if records]
    total = sum(n for _rt, n in expected)
    if summary.by_type != expected or summary.count != total:
        problems.append(f"{where}: counts {summary.count} {summary.by_type}, not {expected}")
    newest = newest_of([(rt, r) for rt, records in shown_by_type for r in records])
    if summary.newest != newest:
        problems.append(f"{where}: the newest is {summary.newest!r}, not {newest!r}")
    card = card_of(page, priority)
    if card is None:
        return [*problems, f"{where}: no card"]
    count = COUNT.search(card)
    if count is None or int(count.group(1)) != total:
        problems.append(f"{where}: the card counts {count and count.group(1)}, not {total}")
    if newest is not None and not (linked(newest, card) and shown(newest) in card):
        problems.append(f"{where}: the card does not link to and name {str(newest)!r}")
    return problems


def home_page(worlds, client):
    """The priority linked to records of every type, and each type's own, count on the home page
    the records the user may read, per type and in all, and name and link to the newest of them;
    nothing else of the others shows."""
    response = client.get("/")
    if response.status_code != 200:
        return [f"home page: status {response.status_code}"]
    page = response.content.decode()
    problems = [p for world in worlds for p in leaks(world, world.hidden, page, "home page")]
    summaries = {s.priority: s for s in response.context["summaries"]}
    shown_by_type = [(w.record_type, list(w.shown.values())) for w in worlds]
    problems += priority_card(summaries, page, worlds[0].priority, shown_by_type, "home page")
    for world, shown_of_type in zip(worlds, shown_by_type, strict=True):
        problems += priority_card(
            summaries,
            page,
            world.priority_of_type,
            [shown_of_type],
            f"home page, {world.record_type.model_name}",
        )
    return problems


# who asks the API's priorities: the clearance worlds, and the roles the desk and the mission
# rules narrow (it computes the home page's summary, asked of every seat above: a second computation
# of it for every seat would add a fifth to the matrix's every-type tests)
PRIORITIES_API_SEATS = {*(s.name for s in CLEARANCE_SEATS), "desk officer", "consular officer"}


def priorities_api(worlds, client):
    """The API's priority linked to records of every type counts what the home page counts (the
    records the user may read, per type and in all) and names the same newest; nothing else of
    the others shows, in its counts or its lists of records."""
    priority = worlds[0].priority
    response = client.get(f"/api/strategy/priorities/{priority.code}/")
    if response.status_code != 200:
        return [f"priorities API: status {response.status_code}"]
    body = response.content.decode()
    problems = [p for world in worlds for p in leaks(world, world.hidden, body, "priorities API")]
    answer = response.json()
    expected = {w.model._meta.label_lower: len(w.shown) for w in worlds if w.shown}
    counted = {t["type"]: t["count"] for t in answer["by_type"]}
    if counted != expected or answer["count"] != sum(expected.values()):
        problems.append(f"priorities API: counts {counted}, not {expected}")
    listed = {s["type"]: len(s["records"]) for s in answer["sections"]}
    if listed != {t: min(n, 25) for t, n in expected.items()}:
        problems.append(f"priorities API: lists {listed}, not {expected}")
    newest = newest_of([(w.record_type, r) for w in worlds for r in w.shown.values()])
    named = answer["newest"] and (answer["newest"]["type"], answer["newest"]["id"])
    if named != (newest and (newest._meta.label_lower, newest.pk)):
        problems.append(f"priorities API: the newest is {named}")
    return problems


DASHBOARD = {
    # the model -> how many of its records the consular dashboard counts
    Registration: lambda context: context["present"]["totals"][-1],
    Case: lambda context: context["cases"]["totals"][-2],
    Crisis: lambda context: len(context["crises"]),
}


def consular_dashboard(worlds, client, made):
    """The dashboard counts what the user may count, read or not (a person's record), of every
    such record, and names no one it should not."""
    response = client.get("/consular/")
    page = response.content.decode()
    problems = [p for w in worlds for p in leaks(w, w.hidden, page, "consular dashboard")]
    for world in worlds:
        count_of = DASHBOARD.get(world.model)
        if count_of is not None:
            counted = count_of(response.context)
            table = made.table(world.model)
            expected = sum(countable(world.reader, f) for f in table)
            if counted != expected:
                problems.append(
                    f"consular dashboard: counts {counted} {world.model._meta.verbose_name_plural}"
                    f", not {expected}"
                )
    return problems


@pytest.fixture(scope="class")
def made_of_every_type(django_db_setup, django_db_blocker):
    """The records of every type, made once for the tests of the every-type surfaces; without the
    change log, which none of those surfaces reads (a type's own tests ask its history)."""
    with held_open(django_db_blocker):
        with django_db_blocker.unblock(), disable_auditlog():
            records = make_records(RECORD_TYPES, log_links=False)
        yield records


# the matrix -------------------------------------------------------------------------------------
class TestEachType:
    """Every surface of a type, asked by every seat, over the type's records made once (the
    cheapest test first: it pays for making them)."""

    def test_whoever_is_signed_out_or_inactive_sees_nothing(
        self, made, record_type, db, make_user, client_as
    ):
        problems = signed_out(record_type, made.records[record_type])
        problems += inactive(record_type, make_user, client_as)

        assert not problems, "\n".join(problems)

    @pytest.mark.parametrize(
        "seats",
        ROLE_GROUPS,
        ids=lambda seats: "-to-".join(seats[i].name.replace(" ", "-") for i in (0, -1)),
    )
    def test_every_surface_shows_each_role_exactly_the_records_the_rules_allow(
        self, made, record_type, seats, db, make_user, client_as
    ):
        my_desk = {key(d) for d in made.desks}
        for (_level, variant), record in made.records[record_type].items():
            reached = desks_reached(record)
            assert bool(reached) == concerns_a_desk(record_type.model), "the factory missed a desk"
            assert (reached <= my_desk) if variant == "mine" else not (reached & my_desk)

        problems = every_surface_of_a_type(made, record_type, seats, make_user, client_as)

        assert not problems, "\n".join(problems)

    def test_every_surface_shows_each_clearance_and_the_superuser_exactly_what_the_rules_allow(
        self, made, record_type, db, make_user, client_as
    ):
        seats = [*CLEARANCE_SEATS, SUPERUSER]

        problems = every_surface_of_a_type(made, record_type, seats, make_user, client_as)

        assert not problems, "\n".join(problems)


class TestEveryTypeAtOnce:
    """The surfaces that span every type, asked by each seat (but the superuser), over records of
    every type made once."""

    @pytest.mark.parametrize("seat", [*ROLE_SEATS, *CLEARANCE_SEATS], ids=lambda s: s.name)
    def test_the_search_and_the_counts_show_each_seat_exactly_what_the_rules_allow(
        self, made_of_every_type, seat, db, make_user, client_as, monkeypatch
    ):
        monkeypatch.setattr(SearchView, "per_type", SHOWN_BY_SEARCH)
        made = made_of_every_type
        user, reader = user_of(make_user, seat, made)
        worlds = []
        for rt, mine in made.records.items():
            own = made.own_priorities[rt]
            world = World(rt, seat, user, reader, mine, made.priority, own)
            worlds.append(world.judge(made.facts(rt)))
        client = client_as(user)

        problems = [*global_search(worlds, client), *home_page(worlds, client)]
        if seat.name in PRIORITIES_API_SEATS:
            problems += priorities_api(worlds, client)
        problems += consular_dashboard(worlds, client, made)

        assert not problems, "\n".join(problems)


def test_the_matrix_covers_every_registered_type_every_role_and_every_clearance():
    from chancery.core.tests.testapp.models import Dispatch

    models_covered = {rt.model for rt in RECORD_TYPES}
    assert models_covered == {rt.model for rt in registry}
    assert Dispatch in models_covered
    assert all(issubclass(model, Record) for model in models_covered)
    assert [s.role for s in ROLE_SEATS] == list(ROLES)
    assert set(SURFACES_OF_POSTGRESQL) < set(SURFACES) and SURFACES[0] is the_queryset
    assert [s for group in ROLE_GROUPS for s in group] == ROLE_SEATS
    assert {s.name for s in SEATS} >= PRIORITIES_API_SEATS
    # at every level, a seat that sees every desk and every mission's people, probed at every
    # level: the clearance rule alone decides what it sees
    assert set(ROWS) == set(LEVELS)
    assert {s.clearance for s in CLEARANCE_SEATS} >= {
        Classification.UNCLASSIFIED,
        Classification.RESTRICTED,
        Classification.CONFIDENTIAL,
    }
    # every type is exported in every format, and every seat asks for every format
    for rt in RECORD_TYPES:
        assert {export_format(s, rt) for s in SEATS} == set(EXPORT_FORMATS)
        assert {export_format(s, rt) for s in CLEARANCE_SEATS} == set(EXPORT_FORMATS)
    for seat in SEATS:
        assert {export_format(seat, rt) for rt in RECORD_TYPES} == set(EXPORT_FORMATS)
