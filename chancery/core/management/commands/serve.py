"""`chancery serve`: serve Chancery with gunicorn at 127.0.0.1:$PORT (default 8000)."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Chancery with gunicorn (HOST and PORT from the environment or options)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("CHANCERY_WORKERS", "2"))

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(f"Chancery is at http://{host}:{port}/ (Ctrl-C stops it)")
        sys.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(
            gunicorn,
            [
                gunicorn,
                "chancery.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
            ],
        )
