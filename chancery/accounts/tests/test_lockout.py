"""Log-in throttling: after CHANCERY_LOGIN_FAILURE_LIMIT failures for one user name from one
address, that pair is locked out for the cool-off time, with a page that says so."""

from axes.models import AccessAttempt

LOGIN = "/accounts/login/"


def attempt(client, password, username="desk", address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_sixth_attempt_after_five_failures_is_locked_out(make_user, client):
    make_user("desk")

    failures = [attempt(client, "wrong") for _ in range(4)]
    fifth = attempt(client, "wrong")
    sixth = attempt(client, "pw")

    assert [r.status_code for r in failures] == [200] * 4
    assert fifth.status_code == 429
    assert sixth.status_code == 429, "the right password is refused too while locked"
    page = sixth.content.decode()
    assert "This account is locked" in page
    assert "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address(make_user, client):
    make_user("desk")
    for _ in range(5):
        attempt(client, "wrong")

    response = attempt(client, "pw", address="10.0.0.2")

    assert response.status_code == 302


def test_a_successful_log_in_clears_the_failures(make_user, client):
    make_user("desk")
    for _ in range(4):
        attempt(client, "wrong")

    assert attempt(client, "pw").status_code == 302
    assert not AccessAttempt.objects.filter(username="desk", failures_since_start__gt=0).exists()


def test_the_limit_comes_from_the_settings(make_user, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    make_user("desk")

    assert attempt(client, "wrong").status_code == 200
    assert attempt(client, "wrong").status_code == 429
