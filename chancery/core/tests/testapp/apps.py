from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A record type that exists only in the tests, to prove what the registry gives any type."""

    name = "chancery.core.tests.testapp"
    label = "testapp"
    verbose_name = "Test records"
