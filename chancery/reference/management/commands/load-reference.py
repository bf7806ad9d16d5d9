"""Loads or updates the reference data: every ISO 3166-1 country with its UN admission date."""

from django.core.management.base import BaseCommand

from chancery.reference.countries import load_countries


class Command(BaseCommand):
    help = "Create or update a country for every ISO 3166-1 entry. Safe to run again."

    def handle(self, *args, **options):
        result = load_countries(stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(
            f"Countries: {result['created']} created, {result['updated']} updated, "
            f"{result['unchanged']} unchanged."
        )
        for name in result["unmapped"]:
            self.stdout.write(self.style.WARNING(f"Not mapped to a current state: {name}"))
