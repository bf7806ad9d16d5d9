"""A document's file is served only to a user who may see the document."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.core.models import Classification
from chancery.documents.models import Document


def make_document(classification, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Document.objects.create(
        kind="report",
        title=f"Report {classification.label}",
        language="en",
        classification=classification,
        file=SimpleUploadedFile("report.txt", b"the report's words"),
    )


def test_a_cleared_user_downloads_the_file_from_the_detail_page(
    personas, client_as, settings, tmp_path
):
    document = make_document(Classification.CONFIDENTIAL, settings, tmp_path)
    client = client_as(personas[Classification.CONFIDENTIAL])
    url = reverse("documents:document_file", args=[document.pk])

    assert url.encode() in client.get(document.get_absolute_url()).content
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"the report's words"


def test_the_file_of_a_document_above_the_clearance_answers_404(
    personas, client_as, settings, tmp_path
):
    document = make_document(Classification.SECRET, settings, tmp_path)
    url = reverse("documents:document_file", args=[document.pk])

    assert client_as(personas[Classification.CONFIDENTIAL]).get(url).status_code == 404
    assert client_as(personas[Classification.SECRET]).get(url).status_code == 200


def test_media_files_are_not_served_as_static_files(personas, client_as, settings, tmp_path):
    document = make_document(Classification.SECRET, settings, tmp_path)
    client = client_as(personas[Classification.UNCLASSIFIED])

    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_document_file_over_the_upload_cap_is_refused_by_the_form_and_the_api(
    personas, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.CHANCERY_MAX_UPLOAD_MB = 1
    client = client_as(personas[Classification.CONFIDENTIAL])
    fields = {"kind": "report", "title": "Too large", "language": "en", "classification": 0}

    form = client.post(
        reverse("documents:document_add"),
        {**fields, "date_precision": "day", "file": SimpleUploadedFile("a.txt", b"w" * 2**21)},
    )
    api = client.post(
        "/api/documents/documents/", {**fields, "file": SimpleUploadedFile("a.txt", b"w" * 2**21)}
    )

    assert form.status_code == 400
    assert "at most 1 MB" in str(form.context["form"].errors["file"])
    assert api.status_code == 400
    assert "at most 1 MB" in api.json()["file"][0]
    assert not Document.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
