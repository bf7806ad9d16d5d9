"""The suite's budget, kept where a test is written (a pytest plugin, loaded by the root
conftest).

- A test that takes longer than its limit, set-up and tear-down included, fails the run and is
  named at its end: `LIMIT` seconds, a browser test `BROWSER_LIMIT`, the one that applies every
  migration to an empty database `MIGRATIONS_LIMIT` (Django's own migration machinery, 25-35 s
  here). Not counted: what a process builds once for all its tests and charges to whichever test
  comes first or last (the test database and other session fixtures, the making of a shared
  data image (`images`), the records a module loads once for its tests
  (`loaded_once_per_module`), the tear-down after a process's last test).
  Coverage's tracing slows every test, so the check is off under `--cov`;
  `CHANCERY_TEST_TIME_LIMIT=0` turns it off too (never in CI).
- A test that asks for no database (pytest-django refuses it any query) is marked
  `database_free`: it proves nothing about a database, so the PostgreSQL pass leaves it out
  (`-m "not database_free"`); every test that may issue SQL runs on both.
"""

import os
import time

import pytest

from chancery.core.tests import images

LIMIT = 20
BROWSER_LIMIT = 40
MIGRATIONS_LIMIT = 60
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}

_spent = {}
_own_limit = {}  # node id -> a limit other than LIMIT


def _limits_on(config):
    if hasattr(config, "workerinput"):  # an xdist worker: its controller judges
        return False
    if os.environ.get("CHANCERY_TEST_TIME_LIMIT") == "0":
        return False
    return not getattr(config.option, "cov_source", None)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "database_free: asks for no database, so runs in the SQLite pass only (see README)",
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        wants_database = item.get_closest_marker("django_db") is not None or bool(
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        if not wants_database:
            item.add_marker(pytest.mark.database_free)


_shared = {"seconds": 0.0, "reported": 0.0, "last": False, "depth": 0}


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.scope != "session" and not getattr(fixturedef.func, "shared_load", False):
        return (yield)
    started = time.perf_counter()
    _shared["depth"] += 1
    try:
        return (yield)
    finally:
        _shared["depth"] -= 1
        if not _shared["depth"]:  # a shared load's own set-up of the database counted once
            _shared["seconds"] += time.perf_counter() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _shared["last"] = nextitem is None
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report carries the seconds it spent on what its process shares (phases run
    in turn, on the worker that ran them)."""
    report = yield
    if call.when == "teardown" and _shared["last"]:
        spent = report.duration  # the session's own tear-down: dropping the database
    else:
        made = _shared["seconds"] + images.seconds_making_images
        spent, _shared["reported"] = made - _shared["reported"], made
    if spent:
        report.user_properties.append(("shared set-up", spent))
    return report


def pytest_runtest_logreport(report):
    own = report.duration - sum(s for name, s in report.user_properties if name == "shared set-up")
    _spent[report.nodeid] = _spent.get(report.nodeid, 0.0) + own
    if "browser" in report.keywords:
        _own_limit[report.nodeid] = BROWSER_LIMIT
    elif "migrations" in report.keywords:
        _own_limit[report.nodeid] = MIGRATIONS_LIMIT


def too_slow():
    """The tests over their limit, slowest first: (seconds, limit, node id)."""
    over = []
    for nodeid, seconds in _spent.items():
        limit = _own_limit.get(nodeid, LIMIT)
        if seconds > limit:
            over.append((seconds, limit, nodeid))
    return sorted(over, reverse=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _limits_on(config) or not too_slow():
        return
    terminalreporter.section("tests over their time limit", red=True)
    for seconds, limit, nodeid in too_slow():
        terminalreporter.line(f"{seconds:6.1f} s (limit {limit} s)  {nodeid}", red=True)
    terminalreporter.line(
        f"A test must take at most {LIMIT} s (a browser test {BROWSER_LIMIT} s), set-up included: "
        "make it cheaper, or share what it builds (see the README's section on tests)."
    )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _limits_on(session.config) and too_slow() and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
