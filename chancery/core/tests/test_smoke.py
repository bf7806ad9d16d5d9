"""The foundation stands: pages answer for a signed-in user, and only for one."""

import pytest

from chancery.core.models import Classification


@pytest.mark.django_db
def test_the_home_page_requires_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_cleared_user_sees_the_dispatch_list(personas, client_as, dispatch_at_each_level):
    response = client_as(personas[Classification.SECRET]).get("/testapp/dispatches/")
    assert response.status_code == 200
    assert b"dispatch secret" in response.content
