"""Test personas and fixtures shared by every app's tests."""

import io
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation

from chancery.accounts.roles import ROLES, ensure_roles
from chancery.core.models import Classification
from chancery.core.search import create_full_text_index
from chancery.core.tests import images
from chancery.reference.models import Country, Organization

CLEARANCES = list(Classification)
pytest_plugins = ["chancery.core.tests.budget"]
# the change log's indexes, made by SQL (auditlog's table is not ours to model)
LOG_INDEXES = import_module("chancery.core.migrations.0001_log_entry_indexes")


def pytest_configure(config):
    images.make_run_folder(config)


def pytest_unconfigure(config):
    images.remove_run_folder(config)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Files a test stores (documents, evidence) go to a folder of its own, never to var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the roles set up once: a test's `roles` then only reads them.

    Its tables are made from the models (`--no-migrations`: running every migration cost each
    test process 25 s), with the indexes a migration adds by SQL to a table that is not ours;
    `core/tests/test_migrations.py` applies every migration to an empty database of each kind
    and finds the same schema."""
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            for operation in LOG_INDEXES.Migration.operations:
                cursor.execute(operation.sql)
        create_full_text_index()
        ensure_roles()
        images.keep_base()


class Roles(Mapping):
    """The role groups by name, each read when asked for (a transactional test empties the
    tables and a loaded image writes them again, under other keys on PostgreSQL)."""

    def __getitem__(self, name):
        if name not in ROLES:
            raise KeyError(name)
        group = Group.objects.filter(name=name).first()
        return group if group is not None else ensure_roles()[name]

    def __iter__(self):
        return iter(ROLES)

    def __len__(self):
        return len(ROLES)


@pytest.fixture
def roles(db):
    """The role groups by name (made again if a transactional test emptied the database)."""
    return Roles()


EVERY_DESK = "every desk"


@pytest.fixture
def make_user(db, roles, django_user_model):
    """A user with a clearance, a role (a group of the roles module) and desks: the states and
    organisations given, or by default every desk (then only the clearance and the personal-data
    rule decide what they see; the desk rule has tests of its own)."""

    def make(
        username,
        clearance=Classification.UNCLASSIFIED,
        role="desk officer",
        desks=EVERY_DESK,
        **extra,
    ):
        user = django_user_model.objects.create_user(
            username=username, password="pw", clearance=clearance, **extra
        )
        if role:
            user.groups.add(roles[role])
        if desks == EVERY_DESK:
            user.user_permissions.add(
                Permission.objects.get(
                    codename="see_every_desk", content_type__app_label="accounts"
                )
            )
        else:
            user.desk_states.set([d for d in desks if isinstance(d, Country)])
            user.desk_organisations.set([d for d in desks if isinstance(d, Organization)])
        return user

    return make


@pytest.fixture
def personas(make_user):
    """One desk officer per clearance, named after it, plus an analyst who may only read."""
    people = {level: make_user(level.name.lower(), clearance=level) for level in CLEARANCES}
    people["analyst"] = make_user("analyst", Classification.SECRET, role="analyst")
    return people


@pytest.fixture
def client_as():
    """A test client logged in as the given user."""

    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


@pytest.fixture
def home_state(db):
    return Country.objects.create(
        alpha_2="AZ", alpha_3="AZE", numeric="031", name="Azerbaijan", name_ru="Азербайджан"
    )


@pytest.fixture
def georgia(db):
    """A neighbour: the state of most bilateral, desk and consular examples."""
    return Country.objects.create(alpha_2="GE", alpha_3="GEO", numeric="268", name="Georgia")


@pytest.fixture
def secret_country(db):
    """A country classified secret, named so that a leak of it is easy to spot."""
    return Country.objects.create(
        alpha_2="XS",
        alpha_3="XSX",
        numeric="998",
        name="Secretland",
        classification=Classification.SECRET,
    )


@pytest.fixture
def dispatch_at_each_level(db, home_state):
    """One test-only Dispatch per classification, subject named after the level."""
    from chancery.core.tests.testapp.models import Dispatch

    return {
        level: Dispatch.objects.create(
            subject=f"dispatch {level.name.lower()}", classification=level, country=home_state
        )
        for level in CLEARANCES
    }


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def sign_in(page, live_server):
    """Log in through the real log-in page; returns the page on the home page."""

    def sign_in_as(username, password="pw"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in_as


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; Playwright must never download a browser here."""
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CHANCERY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required for the browser tests but {CHROMIUM} is missing")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def write_article():
    from chancery.core.dataset import load_dataset
    from chancery.reference.countries import load_countries

    load_countries()
    load_dataset([Path(settings.BASE_DIR) / "data" / "article.yaml"])


def write_article_and_demo():
    write_article()
    with override_settings(DEMO=True):
        call_command("load-demo", stdout=io.StringIO())


def load_article():
    """Every country, and the article's data set, on an otherwise fresh database (written once
    per test process, then copied: see `images`)."""
    images.load("article", write_article)


def load_article_and_demo():
    """The article's data set and the demo's users and fictional records (as `load_article`)."""
    images.load("article and demo", write_article_and_demo)


def loaded_once_per_module(load):
    """A module-scoped fixture that writes `load`'s records once for a test module whose tests
    only need them present. They are written in a transaction held open around the module and
    rolled back after it; each test still rolls back its own changes inside it. Every test of
    such a module sees the records, and none of them may be transactional (a browser test's
    live server needs committed data: it uses the per-test fixtures)."""

    def records_for_the_module(django_db_setup, django_db_blocker):
        around_the_module = transaction.atomic()

        def roll_back():
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                around_the_module.__exit__(None, None, None)

        with django_db_blocker.unblock():
            around_the_module.__enter__()
            try:
                load()
            except BaseException:
                roll_back()
                raise
        yield
        roll_back()
        images.forget_cached_keys()

    # the time limit leaves it out (core/tests/budget.py); marked on the function itself, which
    # is what pytest hands the plugin, not on the fixture object that wraps it
    records_for_the_module.shared_load = True
    return pytest.fixture(scope="module")(records_for_the_module)


article_for_the_module = loaded_once_per_module(load_article)
demo_for_the_module = loaded_once_per_module(load_article_and_demo)


@pytest.fixture(autouse=True)
def _figures_forgotten():
    """Figures kept until the next change (core/figures.py) are forgotten after each test: the
    next test's change log, rolled back and written again, may end at the same entry. The
    language a page was asked in is forgotten too (the locale middleware leaves it active)."""
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def article_loaded(db):
    """Every country, and the article's data set, written for this test alone (ask for it before
    any fixture that writes)."""
    load_article()
    yield
    images.forget_cached_keys()


@pytest.fixture
def demo_loaded(db, settings):
    """The article and the demo, written for this test alone (ask for it before any fixture that
    writes); the demo's password is accepted."""
    load_article_and_demo()
    settings.DEMO = True
    yield
    images.forget_cached_keys()


@pytest.fixture
def article_read(article_for_the_module, db):
    """The article's data set for a test that reads it (written once per test module)."""


@pytest.fixture
def demo_read(demo_for_the_module, db, settings):
    """The article and the demo for a test that works with them (written once per test module);
    the demo's password is accepted."""
    settings.DEMO = True


@pytest.fixture
def watched(page, live_server):
    """The browser page, recording every CSP violation (`page.violations`); no request may leave
    the server."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    external = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.violations = violations
    yield page
    assert external == [], "pages must work offline: no request may leave the server"


@pytest.fixture
def admin_page(make_user, watched, live_server):
    """The browser page of the administrator, who may open every page, signed in (`.user`); it
    records console errors (`.console_errors`) beside CSP violations. Signed in by the session's
    cookie: the log-in page has tests of its own, and the home page it leads to is checked once
    among the site's pages."""
    watched.user = make_user("admin", Classification.SECRET, role="administrator")
    errors = []
    watched.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    watched.console_errors = errors
    client = Client()
    client.force_login(watched.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    watched.context.add_cookies([cookie])
    return watched


@pytest.fixture
def signed_in(article_loaded, watched, sign_in, make_user):
    """A desk officer signed in through the real log-in page, on the article's data (see
    `watched`)."""
    make_user("desk", clearance=2)
    sign_in("desk")
    return watched
