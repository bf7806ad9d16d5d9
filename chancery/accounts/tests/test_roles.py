"""The roles: what each may change, and that readers change nothing."""

import pytest
from django.urls import reverse

from chancery.accounts.roles import ROLES
from chancery.core.models import Classification
from chancery.core.registry import registry

READERS = ["analyst", "leadership", "auditor"]


def may_change(user, model):
    meta = model._meta
    return {
        action: user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")
        for action in ("add", "change", "delete")
    }


@pytest.mark.parametrize("role", READERS)
def test_readers_change_nothing(make_user, role):
    user = make_user(role, Classification.SECRET, role=role, desks=[])

    for record_type in registry:
        assert not any(may_change(user, record_type.model).values()), record_type.model


# role -> record types it changes, record types it does not
WORK = {
    "multilateral officer": (
        ["multilateral.Membership", "multilateral.Candidacy"],
        ["bilateral.Agreement", "consular.Case"],
    ),
    "treaty officer": (
        ["bilateral.Agreement", "bilateral.AgreementParty"],
        ["multilateral.Membership", "bilateral.Mission"],
    ),
    "consular officer": (
        ["consular.Case", "diaspora.DiasporaOrganization"],
        ["bilateral.Agreement"],
    ),
    "desk officer": (["bilateral.Agreement", "conflict.Incident"], ["consular.Case"]),
}


@pytest.mark.parametrize("role", WORK)
def test_officers_change_the_records_of_their_work(make_user, role):
    changes, does_not_change = WORK[role]
    user = make_user(role, Classification.SECRET, role=role, desks=[])
    models = {f"{rt.app_label}.{rt.model.__name__}": rt.model for rt in registry}

    for label in changes:
        assert all(may_change(user, models[label]).values()), label
    for label in does_not_change:
        assert not any(may_change(user, models[label]).values()), label


def test_every_role_reads_every_record_type(make_user):
    for role in ROLES:
        user = make_user(role, role=role, desks=[])
        for record_type in registry:
            if record_type.app_label == "testapp":  # registered by the tests only
                continue
            meta = record_type.model._meta
            assert user.has_perm(f"{meta.app_label}.view_{meta.model_name}"), (role, meta.label)


def test_the_auditor_reads_the_history_and_the_read_log(make_user, client_as):
    auditor = client_as(make_user("auditor", Classification.SECRET, role="auditor", desks=[]))
    analyst = client_as(make_user("analyst", Classification.SECRET, role="analyst", desks=[]))

    assert auditor.get(reverse("history")).status_code == 200
    assert auditor.get(reverse("consular:access_log")).status_code == 200
    assert analyst.get(reverse("history")).status_code == 403
    assert analyst.get(reverse("consular:access_log")).status_code == 403
