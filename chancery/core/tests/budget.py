"""The suite's budget, kept where a test is written (a pytest plugin, loaded by the root
conftest).

- A test that takes longer than `LIMIT` seconds (a browser test: `BROWSER_LIMIT`), set-up and
  tear-down included, fails the run and is named at its end. Not counted: the one-time making of
  a shared data image (`images`), which whichever test of a process asks first pays for all.
  Coverage's tracing slows every test, so the check is off under `--cov`;
  `CHANCERY_TEST_TIME_LIMIT=0` turns it off too (never in CI).
- A test that asks for no database (pytest-django refuses it any query) is marked
  `database_free`: it proves nothing about a database, so the PostgreSQL pass leaves it out
  (`-m "not database_free"`); every test that may issue SQL runs on both.
"""

import os

import pytest

from chancery.core.tests import images

LIMIT = 20
BROWSER_LIMIT = 40
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}

_spent = {}
_browser = set()


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


_images_reported = 0.0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report carries the seconds it spent making images (phases run in turn)."""
    global _images_reported
    report = yield
    spent = images.seconds_making_images - _images_reported
    if spent:
        report.user_properties.append(("making images", spent))
        _images_reported = images.seconds_making_images
    return report


def pytest_runtest_logreport(report):
    own = report.duration - sum(s for name, s in report.user_properties if name == "making images")
    _spent[report.nodeid] = _spent.get(report.nodeid, 0.0) + own
    if "browser" in report.keywords:
        _browser.add(report.nodeid)


def too_slow():
    """The tests over their limit, slowest first: (seconds, limit, node id)."""
    over = []
    for nodeid, seconds in _spent.items():
        limit = BROWSER_LIMIT if nodeid in _browser else LIMIT
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
        "A test must take at most 20 s (a browser test 40 s), set-up included: make it cheaper, "
        "or share what it builds (see the README's section on tests)."
    )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _limits_on(session.config) and too_slow() and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
