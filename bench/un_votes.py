"""The UN voting record at full size, measured (`make bench`): the import of all 870,109 votes
(seconds and peak memory), a second import (which writes nothing), and the three alignment
answers of issue 14 on the page, in the API and in the plain SQL of the same answer (the API's:
the overall score, by year and by subject; the page's: by year and the ranking), on a fresh
SQLite database in a temporary folder.

Usage: python bench/un_votes.py [--votes FILE] [--keep DIR [--alignment-only]]"""

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "chancery" / "multilateral" / "data"
ROLL_CALLS = DATA / "unvotes_roll_calls.csv"
VOTES = DATA / "unvotes_votes_all.csv.gz"


# a child process that runs manage.py and says its own peak memory on its last line
MEASURED = """import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def command(*args, env):
    """Run `chancery` (manage.py) in a child process: (seconds, peak resident memory in MB)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = int(done.stderr.rsplit("PEAK", 1)[1].split()[0])
    return seconds, peak / 1024


def best_of(run, times=3):
    """The fastest of a few runs, in seconds, and the last answer."""
    best, answer = None, None
    for _ in range(times):
        started = time.perf_counter()
        answer = run()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, answer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", default=str(VOTES))
    parser.add_argument("--keep", help="a folder for the database, kept after the run")
    parser.add_argument(
        "--alignment-only",
        action="store_true",
        help="with --keep: only the alignment figures, on the database already there",
    )
    options = parser.parse_args()
    folder = Path(options.keep or tempfile.mkdtemp(prefix="chancery-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "CHANCERY_DEMO": "1",
        "CHANCERY_DATA_DIR": str(folder),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "chancery.settings",
    }
    env.pop("DATABASE_URL", None)
    if options.alignment_only:
        os.environ.update(env)
        alignment_figures()
        return
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        for step in ("load-reference", "load-dataset"):
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), step],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        args = ["import-un-votes", "--roll-calls", str(ROLL_CALLS), "--votes", options.votes]
        args.append("--report-unknown")
        first = command(*args, env=env)
        second = command(*args, env=env)
        print(f"import of the whole file:  {first[0]:6.1f} s, peak {first[1]:5.0f} MB")
        print(f"second import (no writes): {second[0]:6.1f} s, peak {second[1]:5.0f} MB")
        os.environ.update(env)
        alignment_figures()
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


def alignment_figures():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from chancery.accounts.models import User
    from chancery.reference.models import Country

    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@example.org", "bench-password-not-used"
    )
    # the pages' static files by their plain names: the bench collects none
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.disable(logging.WARNING)  # the log-in's and the missing static folder's notes
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    states = Country.objects.in_bulk(["AZ", "US", "RU"], field_name="alpha_2")
    az, us, ru = states["AZ"].pk, states["US"].pk, states["RU"].pk
    ussr = Country.objects.get(alpha_4="SUHH").pk
    pair = [az, us, "1992-01-01", "2019-12-31"]
    with_ussr = [us, ru, ussr, "0001-01-01", "9999-12-31"]
    questions = [
        (
            "Azerbaijan-United States 1992-2019, by year",
            {"state": az, "other": us, "start": "1992-01-01", "end": "2019-12-31"},
            "/api/multilateral/alignment/",
            [(PAIR_BY_YEAR, pair), (PAIR_OVERALL, pair), (PAIR_BY_SUBJECT, pair)],
            [(RANKING_IN, [az, az, "1992-01-01", "2019-12-31"])],
        ),
        (
            "United States-Russia and the USSR, every year",
            {"state": us, "other": ru, "predecessors": "true"},
            "/api/multilateral/alignment/",
            [
                (statement.replace("b.state_id = %s", "b.state_id IN (%s, %s)"), with_ussr)
                for statement in (PAIR_BY_YEAR, PAIR_OVERALL, PAIR_BY_SUBJECT)
            ],
            [(RANKING, [us, us])],
        ),
        (
            "every state ranked against the United States, every year",
            {"state": us},
            "/api/multilateral/alignment-ranking/",
            [(RANKING, [us, us])],
            [],
        ),
    ]
    print(
        "the page also ranks the states against the first (its plain SQL counts both); "
        "best of 3 runs"
    )
    print(f"{'answer':58} {'page':>7} {'SQL':>7} {'ratio':>6} {'API':>7} {'SQL':>7} {'ratio':>6}")
    for title, params, api, sql, page_only in questions:
        page, response = best_of(lambda p=params: client.get("/multilateral/alignment/", p))
        assert response.status_code == 200, response.status_code
        in_api, response = best_of(lambda p=params, a=api: client.get(a, p))
        assert response.status_code == 200, (title, api, response.content[:300])

        def plain(statements):
            with connection.cursor() as cursor:
                for statement, values in statements:
                    cursor.execute(statement, values)
                    cursor.fetchall()

        raw, _none = best_of(lambda s=sql: plain(s))
        raw_page, _none = best_of(lambda s=sql + page_only: plain(s))
        print(
            f"{title:58} {page:6.3f}s {raw_page:6.3f}s {page / raw_page:5.1f}x "
            f"{in_api:6.3f}s {raw:6.3f}s {in_api / raw:5.1f}x"
        )


# The same answers with nothing but the votes: no visibility, no subjects, no names.
PAIR_BY_YEAR = """
SELECT strftime('%%Y', r.date) AS year, AVG(1 - ABS(a.vote - b.vote) / 2.0), COUNT(*)
FROM multilateral_vote a
JOIN multilateral_vote b ON b.resolution_id = a.resolution_id
JOIN multilateral_resolution r ON r.id = a.resolution_id
WHERE a.state_id = %s AND b.state_id = %s AND a.vote IN (1, 2, 3) AND b.vote IN (1, 2, 3)
  AND r.date BETWEEN %s AND %s
GROUP BY year ORDER BY year"""
PAIR_OVERALL = """
SELECT AVG(1 - ABS(a.vote - b.vote) / 2.0), COUNT(*)
FROM multilateral_vote a
JOIN multilateral_vote b ON b.resolution_id = a.resolution_id
JOIN multilateral_resolution r ON r.id = a.resolution_id
WHERE a.state_id = %s AND b.state_id = %s AND a.vote IN (1, 2, 3) AND b.vote IN (1, 2, 3)
  AND r.date BETWEEN %s AND %s"""
PAIR_BY_SUBJECT = """
SELECT s.subject_id, AVG(1 - ABS(a.vote - b.vote) / 2.0), COUNT(*)
FROM multilateral_vote a
JOIN multilateral_vote b ON b.resolution_id = a.resolution_id
JOIN multilateral_resolution r ON r.id = a.resolution_id
JOIN multilateral_resolution_subjects s ON s.resolution_id = r.id
WHERE a.state_id = %s AND b.state_id = %s AND a.vote IN (1, 2, 3) AND b.vote IN (1, 2, 3)
  AND r.date BETWEEN %s AND %s
GROUP BY s.subject_id ORDER BY s.subject_id"""
RANKING = """
SELECT b.state_id, AVG(1 - ABS(a.vote - b.vote) / 2.0) AS score, COUNT(*) AS n
FROM multilateral_vote a
JOIN multilateral_vote b ON b.resolution_id = a.resolution_id
WHERE a.state_id = %s AND b.state_id <> %s AND a.vote IN (1, 2, 3) AND b.vote IN (1, 2, 3)
GROUP BY b.state_id HAVING COUNT(*) >= 10 ORDER BY score DESC"""
RANKING_IN = RANKING.replace(
    "GROUP BY",
    "AND a.resolution_id IN (SELECT id FROM multilateral_resolution WHERE date BETWEEN %s AND %s) "
    "GROUP BY",
)


if __name__ == "__main__":
    main()
