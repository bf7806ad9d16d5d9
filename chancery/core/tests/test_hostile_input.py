"""A body nested without end, and text with control characters, are refused with a 400 that
says why, and write nothing (text stored before the rule still exports: test_export_any_text)."""

import pytest
from django.urls import reverse

from chancery.core.models import Classification
from chancery.core.parsers import MAX_DEPTH
from chancery.core.tests.testapp.models import Dispatch

DISPATCHES = "/api/testapp/dispatches/"
# what PostgreSQL can store, so that the export is tested on both databases
STORED_CONTROLS = "\x01 bell\x07 tab\x0b feed\x0c unit\x1f"


@pytest.fixture
def admin(make_user):
    return make_user("admin", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def dispatch(db):
    return Dispatch.objects.create(subject="As it was", pages=2)


def nested(depth, opening="[", closing="]"):
    return opening * depth + closing * depth


def nested_objects(depth):
    return '{"a":' * depth + "1" + "}" * depth


BODIES = [
    pytest.param(nested(100_000), id="100000-nested-lists"),
    pytest.param(nested_objects(100_000), id="100000-nested-objects"),
    pytest.param(nested(MAX_DEPTH + 1), id="one-level-too-deep"),
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_a_body_nested_too_deep_answers_400_in_json_and_writes_nothing(
    admin, client_as, dispatch, method, body
):
    url = DISPATCHES if method == "post" else f"{DISPATCHES}{dispatch.pk}/"

    response = getattr(client_as(admin), method)(url, body, content_type="application/json")

    assert response.status_code == 400
    assert f"nested deeper than {MAX_DEPTH} levels" in response.json()["detail"]
    assert list(Dispatch.objects.values_list("subject", flat=True)) == ["As it was"]


def test_a_body_nested_as_deep_as_allowed_is_read(admin, client_as):
    body = '{"subject": "Deep enough", "priorities": ' + nested(MAX_DEPTH - 1) + "}"

    response = client_as(admin).post(DISPATCHES, body, content_type="application/json")

    assert response.status_code == 400
    assert "priorities" in response.json()  # read, and refused for what it says


CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f"]


@pytest.mark.parametrize("character", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_the_api_refuses_text_with_a_control_character_naming_the_field(
    admin, client_as, character
):
    response = client_as(admin).post(
        DISPATCHES, {"subject": f"Note{character}end"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "subject" in response.json()
    assert not Dispatch.objects.exists()


@pytest.mark.parametrize("character", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_the_form_refuses_text_with_a_control_character_naming_the_field(
    admin, client_as, character
):
    data = {"subject": f"Note{character}end", "channel": "cable", "pages": "1"}
    data.update(sent_on_precision="day", classification="0")

    response = client_as(admin).post(reverse("testapp:dispatch_add"), data)

    assert response.status_code == 400
    assert "control character" in str(response.context["form"].errors["subject"])
    assert not Dispatch.objects.exists()


def test_a_lone_surrogate_is_refused_like_a_control_character(admin, client_as):
    body = '{"subject": "half a character \\ud800"}'

    response = client_as(admin).post(DISPATCHES, body, content_type="application/json")

    assert response.status_code == 400
    assert "subject" in response.json()


def test_tabs_and_line_breaks_are_kept(admin, client_as):
    subject = "First line\r\nsecond\tline"

    response = client_as(admin).post(
        DISPATCHES, {"subject": subject}, content_type="application/json"
    )

    assert response.status_code == 201
    assert Dispatch.objects.get().subject == subject
