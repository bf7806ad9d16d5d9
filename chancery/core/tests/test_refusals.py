"""Refusals that name nothing hidden (docs/security.md).

Generated from the registry: for every rule of what no two records may share (`unique_in_sight`),
a record out of the saver's sight, secret or restricted on another desk, that holds the same
values refuses nothing, on the add form and through the API; one in sight refuses the save and is
named. For every type that other records refer to (and so refuse its delete), the refusal is the
same whether the saver may see them or not, and names only those they may see. And no record type
is held unique by the database but by identifiers that are no secret.
"""

import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse

from chancery.core.forms import form_over
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.surfaces import api_url, posted
from chancery.core.uniqueness import check_unique_in_sight
from chancery.reference.models import Country, Organization

RECORD_TYPES = list(registry)
EDITOR_CLEARANCE = Classification.CONFIDENTIAL
# what the database holds unique: identifiers that are no secret (ISO and COW codes of states, UN
# roll-call numbers) and keys the system makes (references; one check of a person per crisis, one
# delivery of a message to a person), never what a user names
HELD_BY_THE_DATABASE = {
    "reference.Country": {
        "alpha_2",
        "alpha_3",
        "numeric",
        "alpha_4",
        "reference_country_cow_code_of_today",
    },
    "multilateral.Resolution": {"roll_call"},
    "consular.Registration": {"reference"},
    "consular.Case": {"reference"},
    "consular.CrisisCheck": {"one_check_per_person"},
    "consular.Delivery": {"one_delivery_each"},
}


def held_unique(model):
    """The fields and constraints by which the database holds records of `model` unique."""
    names = {
        f.name
        for f in model._meta.concrete_fields
        if (f.unique or f.one_to_one) and not f.primary_key
    }
    names |= {c.name for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)}
    names |= {"+".join(together) for together in model._meta.unique_together}
    return names


def test_the_database_holds_unique_only_what_is_no_secret():
    held = {
        rt.model._meta.label: held_unique(rt.model) for rt in RECORD_TYPES if held_unique(rt.model)
    }

    assert held == HELD_BY_THE_DATABASE


RULES = [(rt, rule) for rt in RECORD_TYPES for rule in rt.model.unique_in_sight]


def rule_id(value):
    return "+".join(value.fields) if hasattr(value, "fields") else value.model._meta.label


@pytest.fixture
def editor(make_user):
    """Changes every type, cleared below secret; the desk of one state and one organisation."""
    desk = [Country.objects.create(alpha_2="ED", alpha_3="EDK", numeric="901", name="Deskland")]
    desk.append(Organization.objects.create(name="Desk Organisation"))
    return make_user("editor", EDITOR_CLEARANCE, role="administrator", desks=desk)


def out_of_sight(model, editor):
    """A record the editor may not see for each reason a record is out of sight: secret, and
    restricted on another desk (where the type concerns one); what they link to is in sight."""
    factory = RecordFactory()
    made = {"secret": factory.make(model, Classification.SECRET, related_classification=0)}
    elsewhere = [factory.make(Country), factory.make(Organization)]
    restricted = factory.make(
        model, Classification.RESTRICTED, related_classification=0, concerning=elsewhere
    )
    if not model.objects.visible_to(editor).filter(pk=restricted.pk).exists():
        made["off the desk"] = restricted
    assert not model.objects.visible_to(editor).filter(pk__in=[r.pk for r in made.values()])
    return made


def in_sight(record):
    """The record, declassified: now in the editor's sight."""
    model = type(record)
    model._base_manager.filter(pk=record.pk).update(classification=Classification.UNCLASSIFIED)
    return model.objects.get(pk=record.pk)


def same_values(rule, holder):
    """A new record holding what the rule says `holder` holds alone."""
    model = type(holder)
    attnames = [model._meta.get_field(name).attname for name in rule.fields]
    return model(**{attname: getattr(holder, attname) for attname in attnames})


def messages_of(error):
    return [message for messages in error.message_dict.values() for message in messages]


def holding_every_value(rule, holder):
    """`holder`, with each empty field of the rule filled (no two empty values clash): with a
    record in sight, of the same parents as `holder` where it is one of its own kind (a piece of
    evidence replaces evidence of the same incident)."""
    model, factory = type(holder), RecordFactory()
    for name in rule.fields:
        field = model._meta.get_field(name)
        if getattr(holder, field.attname) is not None:
            continue
        parents = {}
        if field.related_model is model:
            parents = {
                f.name: getattr(holder, f.name)
                for f in model._meta.fields
                if f.many_to_one and not f.null
            }
        target = factory.make(field.related_model, preset=parents)
        others = {
            f.name: None
            for f in model._meta.fields
            if f.many_to_one and f.null and f.name not in rule.fields
        }
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=holder.pk).update(**{name: target})
        except IntegrityError:  # one of them only (a party is a state or an organisation)
            model._base_manager.filter(pk=holder.pk).update(**{name: target}, **others)
    return model._base_manager.get(pk=holder.pk)


def posted_like(record_type, holder, editor):
    """What the add form, or an API client, sends to make a record holding what `holder` holds,
    unclassified; a new file where the type keeps one."""
    values = model_to_dict(holder, fields=record_type.editable_fields)
    values["classification"] = Classification.UNCLASSIFIED
    form = form_over(record_type.form_class, None, values, user=editor)
    data = posted(form)
    for field in record_type.model._meta.fields:
        if isinstance(field, models.FileField) and field.name in form.fields:
            data[field.name] = SimpleUploadedFile(f"{field.name}.txt", b"another file")
    return data


def saves(record_type, client, data):
    """The add form's and the API's answers to the same new record (status, text); what either
    writes is rolled back."""
    answers = {}
    for surface, url in (
        ("form", reverse(record_type.url_name("add"))),
        ("API", api_url(record_type)),
    ):
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
        text = response.content.decode()
        if surface == "API":
            text = json.dumps(response.json(), ensure_ascii=False)
        answers[surface] = (response.status_code, html.unescape(text))
    return answers


@pytest.mark.parametrize("record_type, rule", RULES, ids=rule_id)
def test_a_record_out_of_sight_refuses_no_save_and_one_in_sight_is_named(
    record_type, rule, editor, client_as
):
    client = client_as(editor)
    made = {
        why: holding_every_value(rule, holder)
        for why, holder in out_of_sight(record_type.model, editor).items()
    }
    for holder in made.values():  # secret, and restricted on another desk
        check_unique_in_sight(same_values(rule, holder), editor)  # refuses nothing
    holder = made["secret"]

    hidden = saves(record_type, client, posted_like(record_type, holder, editor))
    holder = in_sight(holder)
    shown = saves(record_type, client, posted_like(record_type, holder, editor))
    with pytest.raises(ValidationError) as refused:
        check_unique_in_sight(same_values(rule, holder), editor)

    assert {s: status for s, (status, _text) in hidden.items()} == {"form": 302, "API": 201}, hidden
    assert {s: status for s, (status, _text) in shown.items()} == {"form": 400, "API": 400}
    assert all(str(holder) in text for _status, text in shown.values()), shown
    assert any(str(holder) in message for message in messages_of(refused.value))


def referrer_of(model):
    """A registered type whose records refer to `model`'s and so refuse its delete, and the
    link: the first of the registry, by a link they cannot be without if there is one."""
    links = [(rt, field) for rt in RECORD_TYPES for field in rt.model._meta.fields]
    for rt, field in sorted(links, key=lambda link: link[1].null):
        protects = field.remote_field and field.remote_field.on_delete in (
            models.PROTECT,
            models.RESTRICT,
        )
        if field.many_to_one and field.related_model is model and protects:
            return rt, field
    return None, None


def deletable(record_type):
    try:
        reverse(record_type.url_name("delete"), args=[1])
    except NoReverseMatch:
        return False
    return True


REFERRED = [rt for rt in RECORD_TYPES if deletable(rt) and referrer_of(rt.model)[0] is not None]


def refusals(record_type, client, record):
    """The delete page's and the API's refusals of deleting `record`: status, and the keys of
    the records they name as referring to it."""
    page = client.post(reverse(record_type.url_name("delete"), args=[record.pk]))
    assert page.context is not None, (page.status_code, page.content[:500])
    answer = client.delete(api_url(record_type, record.pk))
    body = answer.json()
    return (
        (page.status_code, page.context.get("error"), page.content.decode()),
        (
            answer.status_code,
            body.get("detail"),
            {item["id"] for item in body.get("referring", [])},
        ),
    )


@pytest.mark.parametrize("record_type", REFERRED, ids=rule_id)
def test_a_refused_delete_says_the_same_whoever_refers_and_names_only_what_is_in_sight(
    record_type, editor, client_as
):
    referring, link = referrer_of(record_type.model)
    factory, client = RecordFactory(), client_as(editor)
    record = factory.make(record_type.model)
    hidden = factory.make(
        referring.model, Classification.SECRET, related_classification=0, preset={link.name: record}
    )
    assert not referring.model.objects.visible_to(editor).filter(pk=hidden.pk).exists()
    assert getattr(hidden, link.attname) == record.pk

    (page, page_says, page_text), (status, api_says, api_names) = refusals(
        record_type, client, record
    )
    visible = factory.make(referring.model, preset={link.name: record})
    (page_2, page_says_2, page_text_2), (status_2, api_says_2, api_names_2) = refusals(
        record_type, client, record
    )

    assert (page, status, page_2, status_2) == (409, 409, 409, 409)
    assert page_says == page_says_2 and api_says == api_says_2
    assert hidden.get_absolute_url() not in page_text + page_text_2
    assert html.escape(str(hidden)) not in page_text + page_text_2 or str(hidden) == str(visible)
    assert visible.get_absolute_url() in page_text_2
    assert (api_names, api_names_2) == (set(), {visible.pk})
