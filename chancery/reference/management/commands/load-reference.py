"""Loads or updates the reference data: every ISO 3166-1 country with its UN admission date, the
historic states and their successions, and (with the multilateral area) the UN's membership."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from chancery.reference.countries import load_countries
from chancery.reference.historic import load_historic_states, load_successions


def _counts(result):
    return (
        f"{result['created']} created, {result['updated']} updated, {result['unchanged']} unchanged"
    )


class Command(BaseCommand):
    help = (
        "Create or update a country for every ISO 3166-1 entry and every historic state, their "
        "successions, and every UN membership past and present. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            result = load_countries(stdout=self.stdout if options["verbosity"] > 1 else None)
            historic = load_historic_states()
            successions = load_successions()
            members = None
            if apps.is_installed("chancery.multilateral"):
                from chancery.multilateral.un_members import load_un_members

                members = load_un_members()
        self.stdout.write(f"Countries: {_counts(result)}.")
        self.stdout.write(f"Historic states: {_counts(historic)}.")
        self.stdout.write(f"Successions: {_counts(successions)}.")
        if members is not None:
            self.stdout.write(f"UN memberships: {_counts(members)}.")
        for name in result["unmapped"]:
            self.stdout.write(self.style.WARNING(f"Not mapped to a current state: {name}"))
