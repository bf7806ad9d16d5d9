"""A ministry-sized, plausible data set for measuring (`chancery generate-data`): the shared
mechanism. Each area's `generate.py` fills its own models (`generate(run)`), in the order of
INSTALLED_APPS; the change log over what they wrote is written last, here.

The documented bulk path (STYLE.md, 7): rows are written with `bulk_create` in batches, many-to-
many links through their tables in bulk, and no change-log entry per row; the change log gets the
generated entries themselves (`additional_data` {"generated": seed}) and one summary entry
(`additional_data` {"generated_data_set": ...}). Every generated record carries `MARK` in its
title, name, notes or purpose. The same seed and scale give the same rows."""

import contextlib
import datetime
import itertools
import random
import time
from dataclasses import dataclass, field
from importlib import import_module

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from . import search
from .models import Classification
from .reads import holds_personal_data, neutral_label
from .services import refresh_statistics

MARK = "[generated]"
SUMMARY_KEY = "generated_data_set"
ENTRY_KEY = "generated"
BATCH = 2000
CACHE_MB = 256  # SQLite's page cache while generating (see `_roomy_cache`)
YEARS = 30
# the full-size (scale 1) count of change-log entries, spread over the generated records
CHANGE_LOG_ENTRIES = 1_000_000
# unclassified, restricted, confidential, secret, in per cent
CLASSIFICATION_SHARES = (80, 12, 6, 2)
CLASSIFICATIONS = tuple(Classification)


def batched(iterable, size):
    """Tuples of `size` items of `iterable` (the last shorter): itertools.batched of 3.12."""
    iterator = iter(iterable)
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch


class GenerationError(Exception):
    """The data set cannot be generated on this database; nothing was written."""


@dataclass
class Run:
    """One generation: its scale and seed, what was written, and what an area hands the next."""

    scale: float
    seed: int
    today: datetime.date = field(default_factory=timezone.localdate)
    created: dict = field(default_factory=dict)  # label -> rows written
    keys: dict = field(default_factory=dict)  # model -> [(first pk, last pk)] of its records
    shared: dict = field(default_factory=dict)
    tables: set = field(default_factory=set)  # the models (and through models) written

    def count(self, full: int) -> int:
        """The number of rows for a type with `full` rows at scale 1: linear, at least one."""
        return max(1, round(full * self.scale))

    def rng(self, name: str) -> random.Random:
        """A random source of its own for each step, so that one step's draws never shift
        another's: the same seed gives the same rows."""
        return random.Random(f"{self.seed}:{name}")

    @property
    def first_day(self) -> datetime.date:
        return self.today - datetime.timedelta(days=365 * YEARS)

    def day(self, rng: random.Random, recent: float = 1.5) -> datetime.date:
        """A day in the last thirty years, more of them recent (the ministry grew, and so did its
        records): `recent` 1 is even, higher leans to the present."""
        span = (self.today - self.first_day).days
        return self.first_day + datetime.timedelta(days=int(span * rng.random() ** (1 / recent)))

    def moment(self, rng: random.Random, day: datetime.date) -> datetime.datetime:
        """A moment in office hours of `day`, in the project's time zone."""
        at = datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(
            seconds=rng.randrange(10 * 3600)
        )
        return timezone.make_aware(at) if settings.USE_TZ else at

    def classification(self, rng: random.Random, shares=CLASSIFICATION_SHARES) -> int:
        return rng.choices(CLASSIFICATIONS, weights=shares)[0]

    def saved(self, model, objects, size=BATCH):
        """Write `objects` in batches, yielding each batch once it has its keys (for its links).
        A record's `created_at` and `updated_at` are kept as the generator set them."""
        with _keeping_dates(model):
            for batch in batched(objects, size):
                batch = list(batch)
                for obj in batch:
                    if getattr(obj, "created_at", False) is None:
                        obj.created_at = timezone.now()
                    if getattr(obj, "updated_at", False) is None:
                        obj.updated_at = obj.created_at
                model._base_manager.bulk_create(batch)
                self.tables.add(model)
                self.note(model, [obj.pk for obj in batch])
                yield batch

    def write(self, model, objects, size=BATCH) -> int:
        """Write `objects` in batches; the number written."""
        return sum(len(batch) for batch in self.saved(model, objects, size))

    def link(self, through, rows, size=BATCH * 5) -> int:
        """Write many-to-many links (through-table instances) in batches."""
        written = 0
        for batch in batched(rows, size):
            through.objects.bulk_create(batch)
            self.tables.add(through)
            written += len(batch)
        return written

    def note(self, model, pks):
        label = str(model._meta.verbose_name_plural)
        self.created[label] = self.created.get(label, 0) + len(pks)
        if not hasattr(model, "classification"):
            return
        ranges = self.keys.setdefault(model, [])
        for pk in pks:
            if ranges and ranges[-1][1] + 1 == pk:
                ranges[-1] = (ranges[-1][0], pk)
            else:
                ranges.append((pk, pk))


@contextlib.contextmanager
def _keeping_dates(model):
    """Let `bulk_create` keep the creation and change times the generator set (a record made in
    2001 was created in 2001), instead of `auto_now` stamping them all with today."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@contextlib.contextmanager
def _roomy_cache():
    """On SQLite, a page cache of `CACHE_MB` while generating: the indexes of a million rows
    written in random order (dates, states) then stay in memory, instead of being read back from
    the file at every insert (which made the full size take several times as long)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def areas():
    """The `generate` modules of the areas, in the order of INSTALLED_APPS (reference data and
    users before the records that point at them)."""
    modules = []
    for config in apps.get_app_configs():
        if (
            config.name.startswith("chancery.")
            and config.name != "chancery.core"
            and module_has_submodule(config.module, "generate")
        ):
            modules.append(import_module(f"{config.name}.generate"))
    return modules


def check(scale, seed):
    """Refuse a bad argument or an unfit database before anything is written."""
    if scale is None or not scale > 0:
        raise GenerationError(f"The scale must be a number above 0 (0.01, 0.1, 1); got {scale}.")
    if scale > 10:
        raise GenerationError(f"The scale is at most 10 (1 is a ministry's size); got {scale}.")
    if seed < 0:
        raise GenerationError(f"The seed must be 0 or a positive whole number; got {seed}.")
    from chancery.reference.models import Country

    home = settings.CHANCERY_HOME_STATE
    if not Country.objects.filter(alpha_2=home).exists():
        raise GenerationError(
            f"The countries are missing (no home state {home}): run `chancery migrate` and "
            "`chancery load-reference` first."
        )
    found = LogEntry.objects.filter(additional_data__has_key=SUMMARY_KEY).first()
    if found is not None:
        raise GenerationError(
            f"This database already holds a generated data set ({found.changes_text}). "
            "Generate into a fresh database."
        )


def generate(scale: float, seed: int = 1, out=None, today=None) -> Run:
    """Fill the database with a data set of `scale` (1: a ministry's size) from `seed`, in one
    transaction: it lands whole or not at all. Its thirty years end on `today` (the day of the
    run unless given: the same seed, scale and day give the same rows). `out(line)` hears the
    progress."""
    check(scale, seed)
    run = Run(scale=scale, seed=seed, today=today or timezone.localdate())
    started = time.monotonic()
    say = out or (lambda line: None)
    with transaction.atomic(), _roomy_cache():
        for module in areas():
            begun = time.monotonic()
            before = dict(run.created)
            module.generate(run)
            made = {k: v - before.get(k, 0) for k, v in run.created.items() if v != before.get(k)}
            for label, rows in made.items():
                say(f"  {label}: {rows:,}")
            say(f"{module.__name__.split('.')[1]}: {time.monotonic() - begun:.1f} s")
        begun = time.monotonic()
        entries = write_change_log(run)
        run.created["change-log entries"] = entries
        say(f"  change-log entries: {entries:,}")
        say(f"change log: {time.monotonic() - begun:.1f} s")
        begun = time.monotonic()
        indexed = sum(search.index_records(model) for model in run.tables)
        say(f"  search entries: {indexed:,}")
        say(f"search index: {time.monotonic() - begun:.1f} s")
        write_summary(run, time.monotonic() - started)
    # the access rule's EXISTS was planned over tables believed empty; only the tables written,
    # since a whole database's ANALYZE reads every other large table too
    refresh_statistics(*run.tables, LogEntry)
    return run


# the fields whose change the generated updates record, by the first a model has
CHANGED_FIELDS = ("status", "outcome", "notes", "verification", "summary", "stage", "title")


def write_change_log(run: Run) -> int:
    """The change log over the generated records: a creation entry for each record with its
    first, later updates (and, for a person's record, reads) for the rest, `CHANGE_LOG_ENTRIES`
    at scale 1 in all, spread evenly over the records of every type."""
    spread = Spread(
        wanted=run.count(CHANGE_LOG_ENTRIES),
        records=sum(last - first + 1 for ranges in run.keys.values() for first, last in ranges),
    )
    if not spread.records:
        return 0
    rng = run.rng("change log")
    written = 0
    for model, ranges in run.keys.items():
        entries = _entries(run, rng, model, ranges, spread)
        for batch in batched(entries, BATCH * 2):
            LogEntry.objects.bulk_create(batch)
            written += len(batch)
    return written


@dataclass
class Spread:
    """How many entries each record gets, `wanted` over `records` as evenly as can be."""

    wanted: int
    records: int
    seen: int = 0

    def next(self) -> int:
        """The next record's share (by Bresenham's rule: the shares add up to `wanted`)."""
        before, self.seen = self.seen, self.seen + 1
        return self.seen * self.wanted // self.records - before * self.wanted // self.records


def _entries(run, rng, model, ranges, spread):
    """The change-log entries of the generated records of `model` (whose keys are `ranges`)."""
    content_type = ContentType.objects.get_for_model(model)
    personal = holds_personal_data(model)
    names = {f.name for f in model._meta.concrete_fields}
    changed = next((name for name in CHANGED_FIELDS if name in names), "classification")
    label = next((n for n in ("title", "name", "reference") if n in names), None)
    columns = ["pk", "created_at", "created_by_id", "classification"]
    if label and not personal:
        columns.append(label)
    actors = run.shared.get("officers") or [None]
    # no change after the day began: the same seed gives the same entries all day long
    now = run.moment(rng, run.today).replace(hour=0, minute=0, second=0)
    for first, last in ranges:
        rows = (
            model._base_manager.filter(pk__range=(first, last))
            .order_by("pk")
            .values_list(*columns)
            .iterator(chunk_size=BATCH * 5)
        )
        for row in rows:
            pk, at, actor, classification = row[:4]
            name = row[4][:200] if len(row) > 4 else neutral_label(model, pk)
            for n in range(spread.next()):
                if n == 0:
                    action = LogEntry.Action.CREATE
                    changes = {"classification": ["None", str(classification)]}
                else:
                    at = min(at + datetime.timedelta(days=rng.expovariate(1 / 60)), now)
                    actor = rng.choice(actors) if rng.random() < 0.3 else actor
                    if personal and rng.random() < 0.5:
                        action, changes = LogEntry.Action.ACCESS, None
                    else:
                        action = LogEntry.Action.UPDATE
                        changes = {changed: ["(earlier)", "(revised)"]}
                yield LogEntry(
                    content_type=content_type,
                    object_pk=str(pk),
                    object_id=pk,
                    object_repr=name,
                    action=action,
                    changes=changes,
                    changes_text="",
                    actor_id=actor,
                    remote_addr=f"10.{rng.randrange(1, 255)}.{rng.randrange(255)}.1",
                    timestamp=at,
                    additional_data={ENTRY_KEY: run.seed},
                )


def write_summary(run: Run, seconds: float):
    """The one entry that says a data set was generated here: on the home state, by no one."""
    from chancery.reference.models import Country

    home = Country.objects.get(alpha_2=settings.CHANCERY_HOME_STATE)
    counts = ", ".join(f"{rows} {label}" for label, rows in run.created.items())
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Country),
        object_pk=str(home.pk),
        object_id=home.pk,
        object_repr=str(home),
        action=LogEntry.Action.UPDATE,
        changes_text=f"generated data set, seed {run.seed}, scale {run.scale}: {counts}",
        additional_data={
            SUMMARY_KEY: {
                "seed": run.seed,
                "scale": run.scale,
                "created": run.created,
                "seconds": round(seconds, 1),
            }
        },
    )
