"""An export measured on a ministry-size database: rows per second and the process's peak memory.

Usage: CHANCERY_DATA_DIR=DIR CHANCERY_DEMO=1 python bench/exports.py USER URL [--fmt csv]
(one export per process, so that the peak memory is that export's)."""

import argparse
import os
import resource
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("user")
    parser.add_argument("url", help="a list's export URL without the format, e.g. /bilateral/x/")
    parser.add_argument("--fmt", default="csv")
    parser.add_argument("--query", default="", help="the list's filters, e.g. kind=visit")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    url = f"{args.url.rstrip('/')}/export/{args.fmt}/" + (f"?{args.query}" if args.query else "")
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    size, lines, records = 0, 0, 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count(b"\n")
        records += chunk.count(b'{"id": ')
    seconds = time.perf_counter() - started
    # on a shared machine the processor time says more than the clock
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = {"csv": lines - 1, "json": records}.get(args.fmt)  # no bench value holds a line break
    if rows is not None:
        rate = (
            f"{rows / seconds:,.0f} rows/s ({rows / cpu:,.0f} per processor second), {rows:,} rows"
        )
    else:
        rate = f"{size / seconds / 1e6:.1f} MB/s"
    print(
        f"{args.user} {url}: status {response.status_code}, {seconds:.2f} s ({cpu:.2f} s of "
        f"processor), {rate}, "
        f"{size / 1e6:.1f} MB, peak memory {peak:.0f} MB",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
