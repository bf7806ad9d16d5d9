"""The time limit's plugin (budget.py) finds a module's shared load where pytest hands it over:
on the fixture's own function (marked on the object that wraps it, it was charged to the first
test: 30 s for the COW IGO import on PostgreSQL)."""

from conftest import loaded_once_per_module

loaded_for_the_module = loaded_once_per_module(lambda: None)


def test_a_modules_shared_load_is_known_to_the_time_limit_as_pytest_hands_it_over(request):
    (definition,) = request._fixturemanager.getfixturedefs("loaded_for_the_module", request.node)

    assert definition.scope == "module"
    assert definition.func.shared_load is True
