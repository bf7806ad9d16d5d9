"""Every page type an officer opens daily, measured at a ministry's size (`make bench`).

For each database (SQLite and PostgreSQL) and for the full size and a tenth of it, the suite
fills a database once (the article's data set, the whole UN voting record and `generate-data`),
keeps it under var/bench/ for the next run, and measures in a child process, as each role that
opens the page (chancery/core/daily_pages.py), warm: the median of RUNS requests, the number of
queries, and the median of the same SELECT statements replayed on their own (the plain SQL of
the same answer: the page's rows and aggregates, read with its access rule); the ratio of the two;
the growth from a tenth of the data to all of it. It writes the table to docs/benchmarks.md.

Usage: python bench/pages.py [--scale 1] [--databases sqlite,postgresql] [--runs 5]
                             [--only WORDS] [--no-write]"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "bench"
DATA = ROOT / "chancery" / "multilateral" / "data"
REPORT = ROOT / "docs" / "benchmarks.md"
PG_PORT = int(os.environ.get("CHANCERY_BENCH_PGPORT", "55490"))
SEED = 1
RATIO, GROWTH = 3.0, 1.5


# -- the data sets -----------------------------------------------------------------------------


def manage(*args, env, quiet=True):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def base_env():
    env = {**os.environ, "CHANCERY_DEMO": "1", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    return env


def fill(env, scale, label):
    """A database filled as the suite measures it: the article's data set, the UN voting record,
    the generated ministry and the demo users. Migrations run every time (a new index lands on a
    kept database)."""
    manage("migrate", "--noinput", "-v0", env=env)
    marker = FOLDER / f"{label}.ready"
    if marker.exists():
        return
    started = time.perf_counter()
    print(f"filling {label} (once; kept in {FOLDER})", flush=True)
    manage("load-reference", env=env)
    manage("load-dataset", env=env)
    votes = ["--roll-calls", str(DATA / "unvotes_roll_calls.csv")]
    manage("import-un-votes", *votes, "--votes", str(DATA / "unvotes_votes_all.csv.gz"), env=env)
    manage("generate-data", "--scale", str(scale), "--seed", str(SEED), env=env)
    manage("load-demo", env=env)
    marker.write_text(f"filled in {time.perf_counter() - started:.0f} s\n")
    print(f"  filled in {time.perf_counter() - started:.0f} s", flush=True)


def sqlite_env(scale):
    label = f"sqlite-{scale}"
    folder = FOLDER / label
    folder.mkdir(parents=True, exist_ok=True)
    return {**base_env(), "CHANCERY_DATA_DIR": str(folder)}, label


class PostgreSQL:
    """A private cluster under var/bench/postgresql from Debian's binaries, kept between runs,
    started for the suite and stopped after it."""

    def __init__(self):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not found:
            raise SystemExit("PostgreSQL is not installed (apt-get install postgresql).")
        self.bin = found[-1]
        self.data = FOLDER / "postgresql"
        self.owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *args):
        subprocess.run([*self.owner, *args], check=True, stdout=subprocess.DEVNULL)

    def start(self):
        if not (self.data / "PG_VERSION").exists():
            for stale in FOLDER.glob("postgresql-*.ready"):
                stale.unlink()
            self.data.mkdir(parents=True, exist_ok=True)
            if self.owner:
                shutil.chown(self.data, "postgres", "postgres")
            self.run(
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -p {PG_PORT} -k {self.data} -c fsync=off"
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.data / "server.log"),
            "-w", "-t", "120", "-o", options, "start",
        )  # fmt: skip

    def stop(self):
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def env(self, scale):
        label = f"postgresql-{scale}"
        name = "bench_" + str(scale).replace(".", "_")
        subprocess.run(
            [
                *self.owner,
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                name,
            ],
            stderr=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip  (it fails when the database is there already)
        url = f"postgres://postgres@127.0.0.1:{PG_PORT}/{name}"
        folder = FOLDER / label
        folder.mkdir(parents=True, exist_ok=True)
        return {**base_env(), "DATABASE_URL": url, "CHANCERY_DATA_DIR": str(folder)}, label


# -- measuring, in a child process on one database ---------------------------------------------


def measure(runs, only):
    """Print one JSON line per page and role measured on the database the environment names."""
    import logging

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from chancery.accounts.models import User
    from chancery.core.daily_pages import daily_pages

    settings.STORAGES = {  # the pages' static files by their plain names: the bench collects none
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.disable(logging.WARNING)
    users = {user.username: user for user in User.objects.all()}
    clients = {}
    for page in daily_pages():
        if only and only.lower() not in page.name.lower():
            continue
        for role in page.roles:
            user = users[role]
            address = page.address(user)
            if address is None:
                print(json.dumps({"page": page.name, "role": role, "absent": True}), flush=True)
                continue
            if role not in clients:
                clients[role] = Client(SERVER_NAME="localhost")
                clients[role].force_login(user)
            client = clients[role]
            timings, statements = _timed(client, address, runs, connection)
            replayed = [_replay(connection, statements) for _ in range(runs)]
            print(
                json.dumps(
                    {
                        "page": page.name,
                        "kind": page.kind,
                        "role": role,
                        "address": address,
                        "target": page.target,
                        "status": timings["status"],
                        "queries": len(statements),
                        "rows": timings["rows"],
                        "ms": statistics.median(timings["seconds"]) * 1000,
                        "sql_ms": statistics.median(replayed) * 1000,
                    }
                ),
                flush=True,
            )


def _timed(client, address, runs, connection):
    """The medianable timings of `runs` warm requests, and the statements of the last one."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    seconds, status, rows = [], None, None
    for run in range(runs + 1):  # the first warms the caches and is not counted
        statements.clear()
        with connection.execute_wrapper(record):
            started = time.perf_counter()
            response = client.get(address)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            elapsed = time.perf_counter() - started
        if run:
            seconds.append(elapsed)
        status = response.status_code
        rows = body.count(b"\n") if "export" in address else None
    return {"seconds": seconds, "status": status, "rows": rows}, list(statements)


def _replay(connection, statements):
    """The seconds the page's reads take on their own, rows fetched, nothing rendered."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params, many in statements:
            if many or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - started


def export_memory(only):
    """Rows per second and peak Python memory of the engagements' whole CSV and JSON export and of
    a tenth of it, as an analyst: memory stays flat when the export streams."""
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings")
    django.setup()
    from django.test import Client

    from chancery.accounts.models import User
    from chancery.bilateral.models import Engagement
    from chancery.core.daily_pages import engagements_of_one_state

    user = User.objects.get(username="analyst")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    every = Engagement.objects.visible_to(user).count()
    part = engagements_of_one_state(user, wanted=every // 10)
    for fmt in ("csv", "json"):
        for query in ("", part):
            address = f"/bilateral/engagements/export/{fmt}/?{query}"
            started = time.perf_counter()
            mark = b"\n" if fmt == "csv" else b'{"id": '  # a CSV line, a JSON object
            body = client.get(address).streaming_content
            rows = sum(chunk.count(mark) for chunk in body) - (fmt == "csv")
            seconds = time.perf_counter() - started
            tracemalloc.start()
            for _chunk in client.get(address).streaming_content:
                pass
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            line = {"format": fmt, "query": query, "rows": rows, "seconds": seconds}
            print(json.dumps({**line, "peak_mb": peak / 2**20}), flush=True)


# -- the report --------------------------------------------------------------------------------


def child(env, *args):
    """The JSON lines a child process prints."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def verdict(row, small):
    if row.get("absent"):
        return ""
    faults = []
    if row["status"] != 200:
        faults.append(f"status {row['status']}")
    if row["ms"] > row["target"]:
        faults.append(f"> {row['target']} ms")
    if row["sql_ms"] and row["ms"] > RATIO * row["sql_ms"]:
        faults.append(f"> {RATIO:g}x SQL")
    if small and small["ms"] and row["ms"] > GROWTH * max(small["ms"], 1):
        faults.append(f"> {GROWTH:g}x at 1/10")
    return "ok" if not faults else ", ".join(faults)


def table(rows, small_rows):
    small = {(r["page"], r["role"]): r for r in small_rows if not r.get("absent")}
    lines = [
        "| page | role | queries | time (ms) | plain SQL (ms) | ratio | at 1/10 (ms) | growth "
        "| target (ms) | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.get("absent"):
            continue
        before = small.get((row["page"], row["role"]))
        ratio = f"{row['ms'] / row['sql_ms']:.1f}x" if row["sql_ms"] else "-"
        then = f"{before['ms']:.0f}" if before else "-"
        growth = f"{row['ms'] / before['ms']:.2f}x" if before and before["ms"] else "-"
        lines.append(
            f"| {row['page']} | {row['role']} | {row['queries']} | {row['ms']:.0f} "
            f"| {row['sql_ms']:.1f} | {ratio} | {then} | {growth} | {row['target']} "
            f"| {verdict(row, before)} |"
        )
    return lines


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    import sqlite3

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.platform()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="only the pages whose name holds these words")
    parser.add_argument("--no-small", action="store_true", help="skip the tenth-size data set")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/ alone")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-memory", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        return measure(options.runs, options.only)
    if options.export_memory:
        return export_memory(options.only)

    scales = [options.scale] if options.no_small else [options.scale, options.scale / 10]
    scales = [int(s) if s == int(s) else round(s, 3) for s in scales]
    sections, load = [], os.getloadavg()
    for database in options.databases.split(","):
        server = PostgreSQL() if database == "postgresql" else None
        if server:
            server.start()
        try:
            results = {}
            for scale in scales:
                env, label = server.env(scale) if server else sqlite_env(scale)
                fill(env, scale, label)
                print(f"measuring {label}", flush=True)
                args = ["--measure", "--runs", str(options.runs), "--only", options.only]
                results[scale] = child(env, *args)
            env, _label = server.env(scales[0]) if server else sqlite_env(scales[0])
            exports = [] if options.only else child(env, "--export-memory")
        finally:
            if server:
                server.stop()
        small = results[scales[1]] if len(scales) > 1 else []
        lines = table(results[scales[0]], small)
        print("\n".join([f"## {database}", *lines]), flush=True)
        sections.append((database, lines, exports, results[scales[0]], small))
    if not options.no_write and not options.only:
        write(sections, options, load)


def write(sections, options, load_before):
    load_after = os.getloadavg()
    text = [
        "# Benchmarks",
        "",
        "What `make bench` (bench/pages.py) measured on "
        f"{time.strftime('%Y-%m-%d')}, on {machine()}.",
        f"Load average before: {load_before[0]:.2f}; after: {load_after[0]:.2f}.",
        "",
        f"The data: the article's data set, the whole UN voting record and `chancery generate-data "
        f"--scale {options.scale:g} --seed {SEED}` (200,000 engagements, 30,000 agreements with "
        "150,000 parties, 50,000 commitments, 300,000 registrations abroad, 50,000 assistance "
        "cases, 20,000 incidents and 1,000,000 change-log entries at scale 1), and a tenth of it "
        "for the growth.",
        "",
        f"Each figure is the median of {options.runs} warm requests through Django's test client "
        "(no web server), rendered in full. *Plain SQL* is the median time of the same SELECT "
        "statements the page issued, replayed on their own and every row fetched: the page's rows "
        "and aggregates read with its access rule, nothing rendered. *Ratio* is the page's time "
        "over it, *growth* the page's time over its time at a tenth of the data.",
        f"Targets (issue 15): 200 ms for the home page, the dossier, list and API pages, 500 ms "
        f"for the rest; at most {RATIO:g}x the plain SQL; at most {GROWTH:g}x the time at a tenth.",
        "",
    ]
    for database, lines, exports, rows, _small in sections:
        failing = [r for r in rows if not r.get("absent") and r["ms"] > r["target"]]
        text += [f"## {database}", "", f"{len(failing)} pages over their time target.", ""]
        text += lines
        absent = sorted({f"{r['page']} ({r['role']})" for r in rows if r.get("absent")})
        if absent:
            text += ["", "Nothing to open (no record in sight): " + "; ".join(absent) + "."]
        if exports:
            text += ["", "Exports of engagements as an analyst, all and a tenth:", ""]
            text += ["| format | rows | rows per second | peak Python memory (MB) |"]
            text += ["|---|---:|---:|---:|"]
            for e in exports:
                rate = e["rows"] / e["seconds"] if e["seconds"] else 0
                text.append(f"| {e['format']} | {e['rows']} | {rate:,.0f} | {e['peak_mb']:.1f} |")
        text.append("")
    REPORT.write_text("\n".join(text))
    print(f"written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
