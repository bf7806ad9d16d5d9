"""Evidence is kept under a chain of custody: fingerprinted on receipt, stored where nothing
overwrites it, never changed nor deleted, served only to those who may see it, and checked
against its fingerprint on demand and by `chancery verify-evidence`."""

import base64
import hashlib
import io
import os
import stat

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ProtectedError
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from chancery.conflict.models import Evidence, EvidenceCheck, EvidenceIsPermanent
from chancery.core.conflicts import VERSION_FIELD, version_of
from chancery.core.models import SYSTEM, Classification
from chancery.core.uniqueness import check_unique_in_sight

PHOTO = b"the photograph of the shelled school"
SHA = hashlib.sha256(PHOTO).hexdigest()
API = "/api/conflict/evidence/"


@pytest.fixture
def desk(personas):
    return personas[Classification.CONFIDENTIAL]


@pytest.fixture
def incident(make_incident, tartar):
    return make_incident(settlement=tartar, title="Shelling of Tartar")


@pytest.fixture
def photo(receive, incident, desk):
    return receive(incident, PHOTO, "school.jpg", user=desk, description="The school's east wing")


def stored_path(evidence):
    return evidence.file.storage.path(evidence.file.name)


def tamper(evidence, content=b"something else"):
    path = stored_path(evidence)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    with open(path, "wb") as out:
        out.write(content)


# the fingerprint ---------------------------------------------------------------------------------
def test_the_sha256_size_and_name_are_taken_on_receipt(photo, desk):
    assert photo.sha256 == SHA
    assert photo.size == len(PHOTO)
    assert photo.original_name == "school.jpg"
    assert photo.uploaded_by == desk
    assert photo.uploaded_at is not None


def test_the_file_is_kept_under_its_content_address_and_read_only(photo):
    assert photo.file.name == f"evidence/{SHA[:2]}/{SHA}"
    with open(stored_path(photo), "rb") as stored:
        assert stored.read() == PHOTO
    assert not os.stat(stored_path(photo)).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_the_receipt_is_the_first_check(photo):
    (check,) = photo.checks.all()

    assert (check.via, check.result, check.found_sha256) == ("receipt", "ok", SHA)


def test_the_same_content_twice_is_kept_once_and_another_never_overwrites_it(
    photo, receive, incident
):
    again = receive(incident, PHOTO, "copy-of-school.jpg")
    other = receive(incident, b"another photograph", "school.jpg")

    assert again.file.name == photo.file.name
    assert other.file.name != photo.file.name
    with open(stored_path(photo), "rb") as stored:
        assert stored.read() == PHOTO


def test_a_stored_file_altered_on_disk_is_not_taken_for_a_new_upload_of_its_content(
    photo, receive, incident
):
    tamper(photo)

    with pytest.raises(SuspiciousFileOperation):
        receive(incident, PHOTO, "school-again.jpg")


# never changed -----------------------------------------------------------------------------------
def test_the_model_refuses_a_changed_file(photo):
    photo.file = ContentFile(b"a retouched photograph", name="school.jpg")

    with pytest.raises(ValidationError) as refused:
        photo.full_clean()
    assert "file" in refused.value.message_dict
    with pytest.raises(ValidationError):
        photo.save()
    photo.refresh_from_db()
    assert photo.sha256 == SHA
    assert photo.file.name.endswith(SHA)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sha256", "0" * 64), ("size", 1), ("original_name", "other.jpg")],
)
def test_the_model_refuses_a_changed_fingerprint(photo, field, value):
    setattr(photo, field, value)

    with pytest.raises(ValidationError) as refused:
        photo.save()

    assert field in refused.value.message_dict
    photo.refresh_from_db()
    assert (photo.sha256, photo.size, photo.original_name) == (SHA, len(PHOTO), "school.jpg")


def test_the_model_refuses_moving_evidence_to_another_incident(photo, make_incident):
    photo.incident = make_incident(title="Another incident")

    with pytest.raises(ValidationError) as refused:
        photo.full_clean()

    assert "incident" in refused.value.message_dict


def test_the_description_may_change(photo):
    photo.description = "The school's east wing, seen from the yard"
    photo.full_clean()
    photo.save()

    photo.refresh_from_db()
    assert photo.description.endswith("from the yard")


def test_the_edit_form_offers_no_file_incident_or_replaced_evidence(photo, desk, client_as):
    response = client_as(desk).get(reverse("conflict:evidence_edit", args=[photo.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    assert {"file", "incident", "replaces"}.isdisjoint(form.fields)
    assert "description" in form.fields
    assert b'name="file"' not in response.content


def test_a_file_posted_to_the_edit_form_changes_nothing_but_the_description(photo, desk, client_as):
    response = client_as(desk).post(
        reverse("conflict:evidence_edit", args=[photo.pk]),
        {
            "description": "Seen from the yard",
            "classification": 0,
            "file": SimpleUploadedFile("school.jpg", b"a retouched photograph"),
            VERSION_FIELD: version_of(photo),
        },
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.description == "Seen from the yard"
    assert photo.sha256 == SHA
    with photo.file.open("rb") as stored:
        assert stored.read() == PHOTO


def test_the_api_refuses_a_changed_file_with_400(photo, desk, client_as):
    client = client_as(desk)

    response = client.patch(
        f"{API}{photo.pk}/",
        encode_multipart(
            BOUNDARY, {"file": SimpleUploadedFile("school.jpg", b"a retouched photograph")}
        ),
        content_type=MULTIPART_CONTENT,
    )

    assert response.status_code == 400
    assert "file" in response.json()
    photo.refresh_from_db()
    assert photo.sha256 == SHA


def test_the_api_changes_the_description_without_the_file(photo, desk, client_as):
    response = client_as(desk).patch(
        f"{API}{photo.pk}/", {"description": "Seen from the yard"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["sha256"] == SHA


def test_the_api_receives_evidence_and_shows_its_fingerprint_and_checked_download(
    incident, desk, client_as
):
    response = client_as(desk).post(
        API, {"incident": incident.pk, "file": SimpleUploadedFile("video.mp4", b"a video")}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == hashlib.sha256(b"a video").hexdigest()
    assert body["size"] == len(b"a video")
    assert body["original_name"] == "video.mp4"
    evidence = Evidence.objects.get(pk=body["id"])
    assert body["file"].endswith(reverse("conflict:evidence_file", args=[evidence.pk]))
    assert evidence.uploaded_by == desk


def test_the_api_does_not_take_a_fingerprint_it_is_given(incident, desk, client_as):
    response = client_as(desk).post(
        API,
        {
            "incident": incident.pk,
            "file": SimpleUploadedFile("video.mp4", b"a video"),
            "sha256": "0" * 64,
            "size": 1,
        },
    )

    assert response.status_code == 201
    assert response.json()["sha256"] == hashlib.sha256(b"a video").hexdigest()


# a changed file is a new piece of evidence -----------------------------------------------------
def test_a_new_version_replaces_the_earlier_which_is_kept(photo, desk, client_as, incident):
    page = client_as(desk).get(photo.get_absolute_url())
    assert page.context["replace_url"].endswith(f"?incident={incident.pk}&replaces={photo.pk}")

    response = client_as(desk).post(
        reverse("conflict:evidence_add"),
        {
            "incident": incident.pk,
            "replaces": photo.pk,
            "classification": 0,
            "file": SimpleUploadedFile("school-v2.jpg", b"the photograph, uncropped"),
        },
    )

    assert response.status_code == 302
    newer = Evidence.objects.get(replaces=photo)
    assert newer.sha256 == hashlib.sha256(b"the photograph, uncropped").hexdigest()
    photo.refresh_from_db()
    assert photo.sha256 == SHA
    with photo.file.open("rb") as stored:
        assert stored.read() == PHOTO


def test_a_new_version_identical_to_the_earlier_is_refused(photo, receive, incident):
    with pytest.raises(ValidationError) as refused:
        receive(incident, PHOTO, "school-again.jpg", replaces=photo)

    assert "file" in refused.value.message_dict


def test_a_new_version_replaces_only_evidence_of_the_same_incident(photo, receive, make_incident):
    with pytest.raises(ValidationError) as refused:
        receive(make_incident(title="Elsewhere"), b"other", "other.jpg", replaces=photo)

    assert "replaces" in refused.value.message_dict


def test_evidence_is_replaced_once_among_what_its_user_may_see(photo, receive, incident):
    second = receive(incident, b"version two", "v2.jpg", replaces=photo)
    third = Evidence(incident=incident, file=ContentFile(b"three", name="v3.jpg"), replaces=photo)

    with pytest.raises(ValidationError) as refused:
        check_unique_in_sight(third, SYSTEM)

    assert refused.value.message_dict == {
        "replaces": [f"That evidence has already been replaced by {second}."]
    }


# never deleted ------------------------------------------------------------------------------------
def test_no_one_deletes_evidence_not_even_an_administrator(photo, make_user, client_as):
    admin = client_as(make_user("admin", Classification.SECRET, role="administrator"))

    page = admin.get(photo.get_absolute_url())
    assert page.status_code == 200
    assert page.context["can_delete"] is False
    assert admin.get(f"/conflict/evidence/{photo.pk}/delete/").status_code == 404
    assert admin.post(f"/conflict/evidence/{photo.pk}/delete/").status_code == 404
    assert admin.delete(f"{API}{photo.pk}/").status_code == 405
    with pytest.raises(EvidenceIsPermanent):
        photo.delete()
    with pytest.raises((EvidenceIsPermanent, ProtectedError)):
        Evidence.objects.filter(pk=photo.pk).delete()
    assert Evidence.objects.filter(pk=photo.pk).exists()


def test_an_incident_with_evidence_cannot_be_deleted(photo, incident, make_user, client_as):
    admin = client_as(make_user("admin", Classification.SECRET, role="administrator"))

    response = admin.post(reverse("conflict:incident_delete", args=[incident.pk]))

    assert response.status_code == 409
    assert Evidence.objects.filter(pk=photo.pk).exists()


# served only through visible_to -----------------------------------------------------------------
def test_the_file_is_served_with_its_name_and_digest_to_a_cleared_user(photo, desk, client_as):
    response = client_as(desk).get(reverse("conflict:evidence_file", args=[photo.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert 'filename="school.jpg"' in response["Content-Disposition"]
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(bytes.fromhex(SHA)).decode()}:"


def test_the_file_of_evidence_above_the_clearance_answers_404(
    receive, make_incident, personas, client_as
):
    secret = receive(
        make_incident(title="A secret incident"),
        b"secret footage",
        "footage.mp4",
        classification=Classification.SECRET,
    )
    url = reverse("conflict:evidence_file", args=[secret.pk])

    assert client_as(personas[Classification.CONFIDENTIAL]).get(url).status_code == 404
    assert client_as(personas[Classification.SECRET]).get(url).status_code == 200


def test_evidence_of_an_incident_above_the_clearance_is_not_served(
    receive, make_incident, personas, client_as
):
    evidence = receive(
        make_incident(title="Restricted", classification=Classification.RESTRICTED), b"x", "x.jpg"
    )
    url = reverse("conflict:evidence_file", args=[evidence.pk])

    assert client_as(personas[Classification.UNCLASSIFIED]).get(url).status_code == 404
    assert client_as(personas[Classification.RESTRICTED]).get(url).status_code == 200


def test_evidence_files_are_not_served_as_media(photo, desk, client_as):
    assert client_as(desk).get(f"/media/{photo.file.name}").status_code == 404


def test_the_add_page_offers_the_file(incident, desk, client_as):
    response = client_as(desk).get(reverse("conflict:evidence_add"), {"incident": incident.pk})

    assert response.status_code == 200
    assert b'type="file" name="file"' in response.content


def test_the_file_needs_a_log_in(photo, client):
    response = client.get(reverse("conflict:evidence_file", args=[photo.pk]))

    assert response.status_code == 302


# checked --------------------------------------------------------------------------------------
def test_the_page_shows_the_hash_and_the_last_check(photo, desk, client_as):
    page = client_as(desk).get(photo.get_absolute_url()).content.decode()

    assert SHA in page
    assert "Matches its SHA-256" in page
    assert f'href="{reverse("conflict:evidence_file", args=[photo.pk])}"' in page


def test_checking_from_the_page_reports_a_tampered_file(photo, desk, client_as):
    tamper(photo)
    client = client_as(desk)

    response = client.post(reverse("conflict:evidence_verify", args=[photo.pk]))

    assert response.status_code == 302
    latest = photo.checks.first()
    assert (latest.via, latest.result, latest.checked_by) == ("page", "mismatch", desk)
    assert latest.found_sha256 == hashlib.sha256(b"something else").hexdigest()
    assert "Does not match its SHA-256" in client.get(photo.get_absolute_url()).content.decode()


def test_checking_is_done_by_post_only_and_on_evidence_one_may_see(
    receive, make_incident, photo, personas, client_as
):
    secret = receive(
        make_incident(title="Secret"), b"s", "s.jpg", classification=Classification.SECRET
    )
    client = client_as(personas[Classification.CONFIDENTIAL])

    assert client.get(reverse("conflict:evidence_verify", args=[photo.pk])).status_code == 405
    assert client.post(reverse("conflict:evidence_verify", args=[secret.pk])).status_code == 404
    assert not secret.checks.filter(via="page").exists()


def test_a_reader_is_offered_no_check_and_may_not_make_one(photo, make_user, client_as):
    client = client_as(make_user("reader", Classification.SECRET, role="analyst"))
    verify = reverse("conflict:evidence_verify", args=[photo.pk])

    page = client.get(photo.get_absolute_url())
    response = client.post(verify)

    assert page.status_code == 200
    assert verify not in page.content.decode()
    assert response.status_code == 403
    assert not photo.checks.filter(via="page").exists()


def run_verify():
    out, err = io.StringIO(), io.StringIO()
    call_command("verify-evidence", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_finds_every_file_matching(photo, receive, incident):
    receive(incident, b"another", "another.jpg")

    out, err = run_verify()

    assert "2 evidence files checked: 2 match, 0 do not match, 0 missing." in out
    assert err == ""
    assert EvidenceCheck.objects.filter(via="command", result="ok").count() == 2


def test_the_command_exits_non_zero_and_names_a_tampered_file(photo, receive, incident):
    intact = receive(incident, b"another", "another.jpg")
    tamper(photo)

    with pytest.raises(CommandError) as failed:
        run_verify()

    assert "1 match, 1 do not match" in str(failed.value)
    assert photo.checks.first().result == "mismatch"
    assert intact.checks.first().result == "ok"


def test_the_command_names_a_missing_file(photo, capsys):
    os.remove(stored_path(photo))
    err = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("verify-evidence", stdout=io.StringIO(), stderr=err)

    assert "1 missing" in str(failed.value)
    assert f"MISSING  evidence #{photo.pk}" in err.getvalue()
    assert photo.checks.first().result == "missing"


# the size cap ------------------------------------------------------------------------------------
def one_byte_too_many(settings):
    settings.CHANCERY_MAX_UPLOAD_MB = 1
    return SimpleUploadedFile("video.mp4", b"v" * (1024 * 1024 + 1))


def nothing_stored(media):
    return not Evidence.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]


def test_the_api_refuses_a_file_over_the_cap_with_400_and_stores_nothing(
    incident, desk, client_as, settings, media
):
    response = client_as(desk).post(
        API, {"incident": incident.pk, "file": one_byte_too_many(settings)}
    )

    assert response.status_code == 400
    assert "at most 1 MB" in response.json()["file"][0]
    assert nothing_stored(media)


def test_the_form_refuses_a_file_over_the_cap_saying_so_and_stores_nothing(
    incident, desk, client_as, settings, media
):
    response = client_as(desk).post(
        reverse("conflict:evidence_add"),
        {"incident": incident.pk, "classification": 0, "file": one_byte_too_many(settings)},
    )

    assert response.status_code == 400
    assert "at most 1 MB" in str(response.context["form"].errors["file"])
    assert "At most 1 MB." in response.content.decode()
    assert nothing_stored(media)


def test_a_file_at_the_cap_is_received(incident, desk, client_as, settings):
    settings.CHANCERY_MAX_UPLOAD_MB = 1
    video = SimpleUploadedFile("video.mp4", b"v" * 1024 * 1024)

    response = client_as(desk).post(API, {"incident": incident.pk, "file": video})

    assert response.status_code == 201, response.content
