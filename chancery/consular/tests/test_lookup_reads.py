"""A type-to-find select offering a person's registration is a read of it: logged, and only for
those who may read it."""

from auditlog.models import LogEntry

from chancery.consular.models import Registration
from chancery.core.widgets import lookup_url


def test_a_lookup_of_a_persons_record_is_logged_and_kept_from_outsiders(
    client_as, officer, outsider, register
):
    registration = register("Zebulonova")
    url = lookup_url(Registration)

    found = client_as(officer).get(url, {"q": "Zebulon"}).json()
    not_found = client_as(outsider).get(url, {"q": "Zebulon"}).json()

    assert [row["value"] for row in found["results"]] == [str(registration.pk)]
    assert not_found["results"] == []
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert [(e.actor, e.object_id, e.additional_data["surface"]) for e in reads] == [
        (officer, registration.pk, "search")
    ]
    assert "Zebulon" not in reads.get().additional_data["path"]
