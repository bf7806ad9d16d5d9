"""No save loses a link its saver cannot see, and no refusal of a save shows one.

Generated from the registry: for every record type, a record in its editor's sight links to
records out of it (classified above the editor's clearance) through each optional link and each
many-to-many link to records (every type cites sources), beside a visible source. Then the editor
saves it through every surface that writes it, as a client does: the edit form as the page
rendered it, the API's GET then PUT of what it read, and the restore of its first version; and
each time every hidden link is as it was, and the visible source is what the save said. The
refused saves, an edit form posted on an old version (409) and an API write with an old ETag
(412), show the record as a read of it would, naming nothing hidden.
"""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import FileField
from django.urls import reverse

from chancery.accounts.roles import ROLES, edits
from chancery.bilateral.models import Mission
from chancery.core.conflicts import etag_of, version_of
from chancery.core.forms import form_over
from chancery.core.history import version_fields
from chancery.core.links import DISAGREES, optional_hops, record_links, sort_paths
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.surfaces import api_url, concerns_a_desk, posted
from chancery.multilateral.models import Office, Organ
from chancery.reference.models import Country, Organization

RECORD_TYPES = list(registry)
HIDDEN_MARKER = "hushhush"
EDITOR_CLEARANCE = Classification.CONFIDENTIAL


def optional_links(record_type):
    """The links a record of the type may hold, or not, and still be in sight: single links that
    may be empty and are not required once set, and every many-to-many link to records."""
    model = record_type.model
    for name, field in record_links(model, record_type.editable_fields):
        if field.many_to_many or (field.null and name not in model.required_links):
            yield name, field


def hidden_keys(model, pk):
    """The keys each link of the stored record holds: a key, or a set of keys."""
    record = model._base_manager.get(pk=pk)
    keys = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.is_relation and field.many_to_many:
            keys[field.name] = set(getattr(record, field.name).values_list("pk", flat=True))
        elif field.is_relation:
            keys[field.name] = getattr(record, field.attname)
    return keys


class Linked:
    """A record in the editor's sight, linked to records out of it through every optional link."""

    def __init__(self, record_type, seat):
        self.record_type = record_type
        self.model = model = record_type.model
        factory = seat.factory
        self.record = seat.own(factory.make(model, Classification.UNCLASSIFIED))
        self.hidden, self.single, self.many = [], {}, {}
        for name, field in optional_links(record_type):
            marker = f"{HIDDEN_MARKER} {len(self.hidden)}"
            target = seat.hidden(factory, field.related_model, marker)
            if field.many_to_many:
                getattr(self.record, name).add(target)
                self.many[name] = target.pk
            elif self.may_link(name, target):
                self.single[name] = target.pk
            else:
                continue
            self.hidden.append(target)
        self.visible_source = factory.make(self.source_model(), Classification.UNCLASSIFIED)
        self.record.sources.add(self.visible_source)
        self.record = model._base_manager.get(pk=self.record.pk)

    def may_link(self, name, target):
        """Link the record to `target` if its model's rules allow it (a mission has one host: a
        hidden one is tried where the rules would not take it beside a visible one)."""
        original = getattr(self.record, name)
        setattr(self.record, name, target)
        try:
            self.record.full_clean(exclude=[f.name for f in self.model._meta.many_to_many])
        except ValidationError:
            setattr(self.record, name, original)
            return False
        self.model._base_manager.filter(pk=self.record.pk).update(**{name: target})
        return True

    def source_model(self):
        return self.model._meta.get_field("sources").related_model

    def lost(self):
        """The hidden links the stored record no longer holds."""
        keys = hidden_keys(self.model, self.record.pk)
        lost = [f"{n}: {keys[n]} not {pk}" for n, pk in self.single.items() if keys[n] != pk]
        lost += [f"{n}: {keys[n]} lacks {pk}" for n, pk in self.many.items() if pk not in keys[n]]
        return lost

    def shown_in(self, text):
        """The hidden records `text` names or gives the key of."""
        return [
            f"{type(h).__name__} {h.pk} ({str(h)!r})"
            for h in self.hidden
            if str(h) in text or HIDDEN_MARKER in text
        ]


class Seat:
    """Who saves, and how a record is out of their sight: above their clearance (an editor of
    every type who sees every desk and every mission's people, cleared confidential), or on a desk
    not theirs (a desk officer, cleared confidential, with a desk of one state and one
    organisation: a record restricted on another desk; secret where a type concerns no desk), or
    of another mission (a consular officer: a person's record of another mission)."""

    def __init__(self, name, user, desk=None, missions=None, factory=None):
        self.name, self.user, self.desk = name, user, desk
        self.factory = factory or RecordFactory()  # one for all a test makes: codes stay unique
        self.missions = missions  # (the user's, another): a consular officer's seat

    def __repr__(self):
        return self.name

    def own(self, record):
        """Give a person's record to the user's mission (a consular officer reads only those)."""
        if self.missions is not None:
            return answers_to(record, self.missions[0])
        return record

    def hidden(self, factory, model, marker):
        if self.missions is not None and model.personal_data_mission is not None:
            record = factory.make(model, Classification.UNCLASSIFIED, marker)
            record = answers_to(record, self.missions[1])
            assert not model.objects.visible_to(self.user).filter(pk=record.pk).exists()
            return record
        if self.desk is not None and concerns_a_desk(model):
            elsewhere = [factory.make(Country), factory.make(Organization)]
            record = factory.make(model, Classification.RESTRICTED, marker, concerning=elsewhere)
        else:
            record = factory.make(model, Classification.SECRET, marker)
        assert not model.objects.visible_to(self.user).filter(pk=record.pk).exists()
        return record


def answers_to(record, mission):
    """Make a person's record answer to `mission` (through its `personal_data_mission` path)."""
    path = type(record).personal_data_mission
    if path is None:
        return record
    *hops, last = path.split("__")
    holder = record
    for hop in hops:
        holder = getattr(holder, hop)
    type(holder)._base_manager.filter(pk=holder.pk).update(**{last: mission})
    return type(record)._base_manager.get(pk=record.pk)


# who reads (the sorts): each seat below, and an analyst, who changes nothing, with a desk
SEATS = ["clearance", "desk", "mission", "analyst"]


@pytest.fixture
def seat(request, make_user):
    if request.param == "clearance":
        user = make_user("editor", EDITOR_CLEARANCE, role="administrator")
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="testapp"))
        return Seat("clearance", user)
    desk = [
        Country.objects.create(alpha_2="ED", alpha_3="EDK", numeric="901", name="Deskland"),
        Organization.objects.create(name="Desk Organisation"),
    ]
    if request.param == "desk":
        user = make_user("officer", EDITOR_CLEARANCE, role="desk officer", desks=desk)
        return Seat("desk", user, desk)
    if request.param == "analyst":
        user = make_user("analyst", Classification.RESTRICTED, role="analyst", desks=desk)
        return Seat("analyst", user, desk)
    factory = RecordFactory()
    missions = [factory.make(Mission), factory.make(Mission)]
    user = make_user("consul", Classification.RESTRICTED, role="consular officer")
    user.consular_missions.set(missions[:1])
    return Seat("mission", user, missions=missions, factory=factory)


@pytest.fixture
def editor(make_user):
    """May change every type (the test-only one too), sees every desk and every mission's people,
    cleared below secret."""
    user = make_user("editor", EDITOR_CLEARANCE, role="administrator")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="testapp"))
    return user


def edit_url(record_type, pk):
    return reverse(record_type.url_name("edit"), args=[pk])


def save_with_the_form(linked, client, editor):
    rt = linked.record_type
    form = form_over(rt.form_class, linked.record, {"sources": []}, user=editor)
    data = {**posted(form), "_version": version_of(linked.record)}
    response = client.post(edit_url(rt, linked.record.pk), data)
    problems = [] if response.status_code == 302 else [f"form: {response.status_code}"]
    if response.status_code == 400:
        problems.append(f"form errors: {response.context['form'].errors.as_data()}")
    return problems


def writable_of(record_type, body):
    """What a client sends back of what it read: all but the key, the name and the files (a file
    is sent as a file, and an edit that sends none keeps it)."""
    files = {f.name for f in record_type.model._meta.fields if isinstance(f, FileField)}
    return {k: v for k, v in body.items() if k not in ("id", "display", *files)}


def save_through_the_api(linked, client, editor):
    url = api_url(linked.record_type, linked.record.pk)
    read = client.get(url)
    body = read.json()
    problems = [f"API GET shows {h}" for h in linked.shown_in(json.dumps(body))]
    body["sources"] = []
    writable = writable_of(linked.record_type, body)
    response = client.put(
        url,
        json.dumps(writable),
        content_type="application/json",
        headers={"If-Match": read["ETag"]},
    )
    if response.status_code != 200:
        return [*problems, f"API PUT: {response.status_code} {response.content[:500]!r}"]
    problems += [f"API PUT answer shows {h}" for h in linked.shown_in(response.content.decode())]
    return problems


def restore_the_first_version(linked, client, editor):
    rt, record = linked.record_type, linked.record
    first = LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.CREATE).get()
    url = reverse("history_restore", args=[rt.app_label, rt.model_name, record.pk, first.pk])
    stored = rt.model._base_manager.get(pk=record.pk)
    response = client.post(url, {"_version": version_of(stored)})
    if "sources" not in version_fields(first):  # a person's record keeps no links in the log
        linked.record.sources.remove(linked.visible_source)
    if response.status_code != 302:
        conflict = response.context and response.context.get("conflict")
        return [f"restore: {response.status_code} {conflict}"]
    return []


SAVES = [save_with_the_form, save_through_the_api, restore_the_first_version]


def refused_saves(linked, client, editor):
    """What an edit made on an old version shows of the hidden records: the form's 409 page and
    the API's 412 body (which gives a hidden link as null, as a read does)."""
    rt, record = linked.record_type, linked.record
    old_version, old_etag = version_of(record), etag_of(record)
    rt.model._base_manager.filter(pk=record.pk).update(
        updated_at=record.updated_at.replace(year=2001)
    )
    form = form_over(rt.form_class, record, {}, user=editor)
    page = client.post(edit_url(rt, record.pk), {**posted(form), "_version": old_version})
    problems = [] if page.status_code == 409 else [f"form: {page.status_code}, not 409"]
    problems += [f"conflict page shows {h}" for h in linked.shown_in(page.content.decode())]
    writable = writable_of(rt, client.get(api_url(rt, record.pk)).json())
    answer = client.put(
        api_url(rt, record.pk),
        json.dumps(writable),
        content_type="application/json",
        headers={"If-Match": old_etag},
    )
    if answer.status_code != 412:
        problems.append(f"API: {answer.status_code}, not 412")
    current = answer.json().get("current", {})
    problems += [f"412 shows {h}" for h in linked.shown_in(json.dumps(current))]
    for name in linked.single:
        if current.get(name) is not None:
            problems.append(f"412 gives {name} as {current.get(name)!r}, not null")
    for name, pk in linked.many.items():
        if pk in current.get(name, []):
            problems.append(f"412 gives {name} with the hidden {pk}")
    linked.record = rt.model._base_manager.get(pk=record.pk)
    return problems


def by_seat(record_types):
    """(seat, type) for each type the seat's role changes: every type for the editor, and where
    another seat's sight differs: for a desk officer the types they keep that link to records of
    desks, for a consular officer the types that link to a person's record (one of another
    mission is out of their sight)."""
    # a desk officer: the types they keep that link to records a desk decides over (the others
    # are out of their sight by the clearance alone, as the editor's are)
    desk_types = [
        rt
        for rt in record_types
        if edits(ROLES["desk officer"], rt.model._meta)
        and any(concerns_a_desk(f.related_model) for _n, f in optional_links(rt))
    ]
    # a consular officer: the types whose records link to a person's record (of another mission)
    consular = [
        rt
        for rt in record_types
        if edits(ROLES["consular officer"], rt.model._meta)
        and any(f.related_model.personal_data_mission for _n, f in optional_links(rt))
    ]
    return [
        *(
            pytest.param("clearance", rt, id=f"clearance-{rt.model._meta.label}")
            for rt in record_types
        ),
        *(pytest.param("desk", rt, id=f"desk-{rt.model._meta.label}") for rt in desk_types),
        *(pytest.param("mission", rt, id=f"consul-{rt.model._meta.label}") for rt in consular),
    ]


@pytest.mark.parametrize("seat, record_type", by_seat(RECORD_TYPES), indirect=["seat"])
def test_no_save_loses_or_shows_a_link_its_saver_cannot_see(record_type, seat, client_as):
    editor = seat.user
    linked = Linked(record_type, seat)
    assert linked.hidden and not linked.lost()
    client = client_as(editor)

    problems = refused_saves(linked, client, editor)
    for save in SAVES:
        problems += [f"{save.__name__}: {p}" for p in save(linked, client, editor)]
        problems += [f"{save.__name__} lost {p}" for p in linked.lost()]
        sources = hidden_keys(linked.model, linked.record.pk)["sources"]
        if linked.visible_source.pk in sources:
            problems.append(f"{save.__name__} kept the visible source it was told to remove")
        linked.record.sources.add(linked.visible_source)

    assert not problems, "\n".join(problems)


def history_shows(rt, record, client, user, shown_in):
    """What the record's history (the browser, its versions page) shows of the hidden records
    (`shown_in`), after saves: a name given then may have taken in a linked record's."""
    if not user.has_perm("accounts.read_history"):
        return []
    pages = {
        "history browser": client.get("/history/", {"record_type": rt.model._meta.label_lower}),
        "versions": client.get(
            reverse("history_record", args=[rt.app_label, rt.model_name, record.pk])
        ),
    }
    return [
        f"{where} shows {h}"
        for where, page in pages.items()
        for h in shown_in(page.content.decode())
    ]


def test_a_rule_that_a_hidden_link_breaks_is_kept_and_names_nothing_of_it(editor, client_as):
    factory = RecordFactory()
    office = factory.make(Office)
    secret_organ = factory.make(
        Organ,
        Classification.SECRET,
        "hushhush council",
        preset={"organization": office.organization},
    )
    Office.objects.filter(pk=office.pk).update(organ=secret_organ)
    office.refresh_from_db()
    elsewhere = factory.make(Organization)
    rt = registry[Office]
    form = form_over(rt.form_class, office, {"organization": elsewhere.pk}, user=editor)

    page = client_as(editor).post(
        edit_url(rt, office.pk), {**posted(form), "_version": version_of(office)}
    )

    assert page.status_code == 400
    assert page.context["form"].errors["organ"] == [str(DISAGREES)]
    assert "hushhush" not in page.content.decode()
    stored = Office.objects.get(pk=office.pk)
    assert (stored.organization_id, stored.organ_id) == (office.organization_id, secret_organ.pk)

    # a change it may make is saved, and its history names the office without the organ (an
    # office is named by its organ; the history's names are tested here, on the one type whose
    # name takes in an optional link's)
    form = form_over(rt.form_class, stored, {"notes": "Chaired well"}, user=editor)
    saved = client_as(editor).post(
        edit_url(rt, office.pk), {**posted(form), "_version": version_of(stored)}
    )
    assert saved.status_code == 302
    assert Office.objects.get(pk=office.pk).organ_id == secret_organ.pk
    organ = lambda text: ["the organ"] if "hushhush" in text else []  # noqa: E731
    assert not history_shows(rt, office, client_as(editor), editor, organ)


def sorts_through_optional_links():
    """(record type, sortable field) for each sort that compares values behind an optional link."""
    for rt in RECORD_TYPES:
        for name in rt.sortable_fields:
            if any(optional_hops(rt.model, path) for path, _d in sort_paths(rt.model, name)):
                yield rt, name


@pytest.mark.parametrize("seat", SEATS, indirect=True)
@pytest.mark.parametrize(
    "record_type, name",
    list(sorts_through_optional_links()),
    ids=lambda value: getattr(value, "model_name", value),
)
def test_a_hidden_link_sorts_as_an_empty_one(record_type, name, seat, client_as):
    model, factory, editor = record_type.model, seat.factory, seat.user
    link = model._meta.get_field(sort_paths(model, name)[0][0].split("__")[0])
    empty, hidden, *visible = [factory.make(model) for _ in range(4)]
    targets = [
        seat.hidden(factory, link.related_model, f"{HIDDEN_MARKER} {name}"),
        *(factory.make(link.related_model) for _ in visible),
    ]
    for record, target in zip([hidden, *visible], targets, strict=True):
        model._base_manager.filter(pk=record.pk).update(**{link.name: target})
    model._base_manager.filter(pk=empty.pk).update(**{link.name: None})
    client = client_as(editor)

    def orders():
        return {
            sort: (
                [
                    row["object"].pk
                    for row in client.get(record_type.list_url, {"sort": sort}).context["rows"]
                ],
                [
                    item["id"]
                    for item in client.get(api_url(record_type), {"sort": sort}).json()["results"]
                ],
            )
            for sort in (name, f"-{name}")
        }

    as_linked = orders()
    model._base_manager.filter(pk=hidden.pk).update(**{link.name: None})

    assert as_linked == orders()


def filters_through_optional_links():
    """(record type, filter name, lookup) for each filter that reads through an optional link."""
    for rt in RECORD_TYPES:
        for name, filter_ in rt.filterset_class.base_filters.items():
            path = getattr(filter_, "field_name", None)
            if path and optional_hops(rt.model, path):
                yield rt, name, path


@pytest.mark.parametrize("seat", ["clearance", "desk"], indirect=True)
@pytest.mark.parametrize(
    "record_type, name, path",
    list(filters_through_optional_links()),
    ids=lambda value: getattr(value, "model_name", value),
)
def test_a_hidden_link_filters_as_an_empty_one(record_type, name, path, seat, client_as):
    model, factory, client = record_type.model, seat.factory, client_as(seat.user)
    link, *rest = path.split("__")
    target_model = model._meta.get_field(link).related_model
    hidden, shown = factory.make(model), factory.make(model)
    hidden_target = seat.hidden(factory, target_model, f"{HIDDEN_MARKER} filter")
    shown_target = factory.make(target_model)
    model._base_manager.filter(pk=hidden.pk).update(**{link: hidden_target})
    model._base_manager.filter(pk=shown.pk).update(**{link: shown_target})

    def found(target):
        value = target
        for part in rest:
            value = getattr(value, part)
        query = {name: getattr(value, "pk", value)}
        page = client.get(record_type.list_url, query)
        api = client.get(api_url(record_type), query)
        return (
            {row["object"].pk for row in page.context["rows"]},
            {item["id"] for item in api.json()["results"]},
        )

    assert found(shown_target) == ({shown.pk}, {shown.pk})  # the filter works
    assert found(hidden_target) == (set(), set())
