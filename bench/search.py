"""The global search at full size, measured (issues 15 and 17): for each demo role and each word,
the median time of the search page (of five, after one to warm), its number of queries, and the
median time of the raw full-text query of the same words (every match of every type, from FTS5
or the `tsvector` index) with the ratio of the two; with `--slow`, the slowest queries of the
first role and word.

Run on a copy of a ministry-size database, never the original:
    CHANCERY_DATA_DIR=/copy CHANCERY_DEMO=1 DJANGO_SETTINGS_MODULE=chancery.settings \\
        python bench/search.py [--roles desk analyst] [--words cooperation] [--slow 10]"""

import argparse
import logging
import statistics
import time

import django

WORDS = ("cooperation", "Azerbaijan", "Aliyev", "zzqxj")
ROLES = ("desk", "analyst", "leadership")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", nargs="*", default=ROLES)
    parser.add_argument("--words", nargs="*", default=WORDS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow", type=int, default=0, help="show the N slowest queries")
    args = parser.parse_args()
    django.setup()
    logging.disable(logging.WARNING)  # sign-in notices

    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test server's host, and the page's context to read

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # the time of this process's processor too: SQLite works inside it, so on a machine shared
    # with other work that is the page's own cost (PostgreSQL's work is not in it)
    from chancery.core.models import SearchEntry

    print(f"{SearchEntry.objects.count():,} entries in the index ({connection.vendor})")
    print(
        f"{'role':<12} {'word':<14} {'median ms':>10} {'cpu ms':>7} {'queries':>8} "
        f"{'raw ms':>7} {'ratio':>6}  groups"
    )
    for role in args.roles:
        client = Client()
        client.force_login(get_user_model().objects.get(username=role))
        for word in args.words:
            client.get("/search/", {"q": word})  # warm
            times, cpu = [], []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started, used = time.perf_counter(), time.process_time()
                    response = client.get("/search/", {"q": word})
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - used) * 1000)
            assert response.status_code == 200, response.status_code
            raw = raw_index_ms(connection, word, args.runs)
            groups = ", ".join(
                f"{g['record_type'].model_name}:{g.get('shown', len(g['items']))}"
                for g in response.context["groups"]
            )
            print(
                f"{role:<12} {word:<14} {statistics.median(times):>10.0f} "
                f"{statistics.median(cpu):>7.0f} {len(queries):>8} {raw:>7.1f} "
                f"{statistics.median(times) / max(raw, 0.1):>6.1f}  {groups}"
            )
            if args.slow:
                slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
                for query in slowest[: args.slow]:
                    print(f"    {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
                args.slow = 0


def raw_index_ms(connection, text, runs):
    """The median time of the raw full-text query of `text`'s words: every matching entry of
    every searchable type, in one statement."""
    from django.contrib.contenttypes.models import ContentType

    from chancery.core import search
    from chancery.core.registry import registry

    words = search.words_of(text)
    types = ContentType.objects.get_for_models(*(rt.model for rt in registry.searchable()))
    if connection.vendor == "postgresql":
        one = "SELECT id FROM core_searchentry WHERE words @@ to_tsquery('simple', %s)"
        params = [search.tsquery(t.pk, words) for t in types.values()]
    else:
        one = f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s"
        params = [search.fts_query(t.pk, words) for t in types.values()]
    sql = " UNION ALL ".join([one] * len(params))
    times = []
    with connection.cursor() as cursor:
        for _ in range(runs + 1):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


if __name__ == "__main__":
    main()
