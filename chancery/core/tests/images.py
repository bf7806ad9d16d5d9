"""Database images: what a loader writes, read once per test process and copied back in.

Loading the article's data set through the forms and the demo through its command takes seconds;
many tests need their result, not their work (the loaders have tests of their own). The first time
a loader is asked for, it runs on a database holding only what the migrations and the roles hold
(`BASE`, read when the test database is set up), and every row of every table is then read into
an image; after that, asking for the loader empties the tables and writes the image back with a few
bulk statements (COPY on PostgreSQL). The result is the same rows, keys included, as a run of the
loader on a fresh database; so it is for a transactional test (a browser test's live server), whose
rows are committed.

Under pytest-xdist the processes of one run share their images through files: the first process
to ask for an image makes it and writes it to the run's folder (`CHANCERY_TEST_IMAGES`, made and
removed by the process that starts the workers); the others wait for it and read it, instead of
each running the loader again. A file is only read by a process whose base is the same.
"""

import datetime
import fcntl
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

BASE = "base"
_images = {}
# seconds this process spent running loaders to make their images: paid once, by whichever test
# asked first, and so not counted against that test's time limit (see `budget`)
seconds_making_images = 0.0


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _quoted(name):
    return connection.ops.quote_name(name)


def read():
    """Every row of every table that holds any, by table: (columns, rows), less the columns the
    database computes (the search index's words on PostgreSQL), which no row may be written to."""
    image = {}
    with connection.cursor() as cursor:
        computed = _computed_columns(cursor)
        for table in _tables():
            cursor.execute(f"SELECT * FROM {_quoted(table)}")
            rows = cursor.fetchall()
            if rows:
                columns = [column[0] for column in cursor.description]
                kept = [i for i, name in enumerate(columns) if (table, name) not in computed]
                if len(kept) < len(columns):
                    columns = [columns[i] for i in kept]
                    rows = [tuple(row[i] for i in kept) for row in rows]
                image[table] = (columns, rows)
    return image


def _computed_columns(cursor):
    if connection.vendor != "postgresql":
        return set()
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE is_generated = 'ALWAYS' AND table_schema = current_schema()"
    )
    return set(cursor.fetchall())


def _occupied(tables):
    """The tables among `tables` that hold a row (one query)."""
    if not tables:
        return []
    probes = " UNION ALL ".join(
        f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM {_quoted(table)})" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(probes)
        return [row[0] for row in cursor.fetchall()]


def _sqlite_value(value):
    """SQLite reads a time column as a `datetime.time` but has no adapter to write one back."""
    return value.isoformat() if isinstance(value, datetime.time) else value


def _write(image):
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"DELETE FROM {_quoted(table)}")
        for table, (columns, rows) in image.items():
            names = ", ".join(_quoted(c) for c in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {_quoted(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {_quoted(table)} ({names}) VALUES ({marks})",
                    [[_sqlite_value(value) for value in row] for row in rows],
                )
        _advance_key_sequences(cursor, image)


def _advance_key_sequences(cursor, image):
    """PostgreSQL hands out keys from sequences, which rows written with their keys leave behind:
    a process that reads an image another made would otherwise give a new row a taken key."""
    if connection.vendor != "postgresql":
        return
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in image]
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)


def keep_base():
    """Read what a fresh test database holds (the migrations' rows and the roles)."""
    _images[BASE] = read()


def load(name, loader):
    """The database as `loader` leaves a fresh one: from its image when there is one, else by
    running it (and keeping the image). Refuses to run over rows a test wrote before: they would
    be lost, so such a test must ask for the loader's fixture first."""
    base = _images[BASE]
    written = _occupied([t for t in _tables() if t not in base])
    if written:
        raise RuntimeError(
            f"{name!r} is loaded into a fresh database, but the test already wrote to "
            f"{', '.join(written)}: ask for the loaded data before the fixtures that write"
        )
    global seconds_making_images
    with transaction.atomic():
        if name in _images:
            _write(_images[name])
        else:
            started = time.perf_counter()
            made = []
            _images[name] = _shared(name, lambda: made.append(1) or _make(base, loader))
            if not made:
                _write(_images[name])
            seconds_making_images += time.perf_counter() - started
    ContentType.objects.clear_cache()


def _make(base, loader):
    _write(base)
    ContentType.objects.clear_cache()
    loader()
    return read()


def _shared(name, make):
    """The image `make` returns, made once per test run: read from the run's folder when another
    process has made it, else made (while the others wait) and written there."""
    folder = os.environ.get(FOLDER)
    if not folder:
        return make()
    base = hashlib.sha256(pickle.dumps(_images[BASE])).hexdigest()[:16]
    stem = Path(folder) / f"{connection.vendor}-{name.replace(' ', '-')}-{base}"
    with open(stem.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = stem.with_suffix(".pickle")
        if path.exists():
            return pickle.loads(path.read_bytes())
        image = make()
        partial = stem.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(image, protocol=pickle.HIGHEST_PROTOCOL))
        partial.rename(path)
        return image


FOLDER = "CHANCERY_TEST_IMAGES"


def make_run_folder(config):
    """The process that starts the workers makes the run's folder of images."""
    if hasattr(config, "workerinput") or config.getoption("dist", None) in (None, "no"):
        return
    os.environ[FOLDER] = tempfile.mkdtemp(prefix="chancery-images-")


def remove_run_folder(config):
    if hasattr(config, "workerinput") or not os.environ.get(FOLDER):
        return
    shutil.rmtree(os.environ.pop(FOLDER), ignore_errors=True)


def forget_cached_keys():
    """After a test that loaded an image is rolled back, the content types it cached may be
    gone."""
    ContentType.objects.clear_cache()
