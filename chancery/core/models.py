"""The Record base that every record type extends, and the one place where access is decided."""

import calendar
import datetime
import functools
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .search import SearchText


class Classification(models.IntegerChoices):
    """Security classification, ordered so that a higher number is more sensitive."""

    UNCLASSIFIED = 0, _("Unclassified")
    RESTRICTED = 1, _("Restricted")
    CONFIDENTIAL = 2, _("Confidential")
    SECRET = 3, _("Secret")


class DatePrecision(models.TextChoices):
    """How much of a date is known: a source may give only the year or the month."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def date_precision_field(verbose_name):
    """The companion `<date>_precision` field of a date that a source may give only in part."""
    return models.CharField(
        verbose_name, max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )


def in_language(record, field: str = "name") -> str:
    """A record's `field` in the page's language (its `<field>_az` or `<field>_ru`), the English
    where that is not given."""
    language = (translation.get_language() or "en")[:2]
    return getattr(record, f"{field}_{language}", "") or getattr(record, field)


def translated_names(verbose_name: str, max_length: int | None = None):
    """The Azerbaijani and Russian companions of an English name, title or text field, both
    optional, as a model declares them: `name_az, name_ru = translated_names(_("name"), 300)`
    (shown by `in_language`); without `max_length`, texts of any length."""

    def field(language):
        label = format_lazy("{} ({})", verbose_name, language)
        if max_length is None:
            return models.TextField(label, blank=True)
        return models.CharField(label, max_length=max_length, blank=True)

    return field(_("Azerbaijani")), field(_("Russian"))


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """A date as an export or the API gives it, only to the precision that is known (2011,
    2011-05, 2011-05-25)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def show_partial_date(value: datetime.date | None, precision: str) -> str:
    """A date as a page shows it, to the precision known, in the format of the page's language:
    "2011", "June 2016", "5 June 2016" (05.06.2016 in Azerbaijani and Russian)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def _partial_period(record, start, end, open_end, text_of):
    first = text_of(getattr(record, start), getattr(record, f"{start}_precision"))
    last = text_of(getattr(record, end), getattr(record, f"{end}_precision"))
    if not last:
        return _period_text(first or "…", open_end) if open_end else first
    return first if last == first else _period_text(first or "…", last)


def _period_text(first, last):
    return gettext("%(start)s to %(end)s") % {"start": first, "end": last}


def format_partial_period(record, start: str, end: str, open_end: str = "") -> str:
    """A period between two partial dates of a record as the API gives it ("2019 to 2022",
    "2016-09-13"), the end left out when it is the start, or given as `open_end` when it is not
    known. The same text in every language, as the dates themselves are."""
    with translation.override(None):
        return _partial_period(record, start, end, open_end, format_partial_date)


def show_partial_period(record, start: str, end: str, open_end: str = "") -> str:
    """The same period as a page shows it, in the page's language ("June 2016 to 2018")."""
    return _partial_period(record, start, end, open_end, show_partial_date)


def partial_date_bounds(value: datetime.date, precision: str):
    """The first and the last day a partial date may mean (2011 -> 2011-01-01..2011-12-31)."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value


def days_after(day: datetime.date, days: int) -> datetime.date:
    """`day` moved by `days`, held at the first or last day of the calendar rather than past it
    (a question asked of 9999-12-31 "within 180 days")."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def covering(day: datetime.date, start: str = "since", end: str = "until") -> models.Q:
    """Records whose period, from `start` to `end` (either open), covers `day`, read fairly for
    partial dates: "since 2011" covers 2011-03-01 and "until 2011-05" covers 2011-05-31. Needs the
    `<field>_precision` companions; one indexable condition per precision. Compares with the
    bounds of `day`'s own month and year, never a day past them, so that it holds up to
    9999-12-31."""
    began, not_ended = models.Q(**{f"{start}__isnull": True}), models.Q(**{f"{end}__isnull": True})
    for precision in DatePrecision.values:
        first, last = partial_date_bounds(day, precision)
        began |= models.Q(**{f"{start}_precision": precision, f"{start}__lte": last})
        not_ended |= models.Q(**{f"{end}_precision": precision, f"{end}__gte": first})
    return began & not_ended


def period_covers(record, day: datetime.date, start="since", end="until") -> bool:
    """In Python, what `covering` asks of the database, for one record already loaded."""
    first, last = getattr(record, start), getattr(record, end)
    if first is not None:
        first = partial_date_bounds(first, getattr(record, f"{start}_precision"))[0]
    if last is not None:
        last = partial_date_bounds(last, getattr(record, f"{end}_precision"))[1]
    return (first is None or first <= day) and (last is None or day <= last)


def fields_in_error(record) -> set:
    """The fields a form refused on `record` (set by RecordForm before the model's rules run):
    they hold the value before the edit, not what was typed, so no rule compares them."""
    return getattr(record, "_fields_in_error", set())


def check_date_order(errors, record, earlier, later, earlier_label, later_label):
    """Add an error on the field `later` if its date falls before `earlier`'s. Partial dates
    (with a `<field>_precision` companion) are compared fairly: "until 2011" is not before
    "since 2011-06-01"."""
    first, second = getattr(record, earlier), getattr(record, later)
    if first is None or second is None or {earlier, later} & fields_in_error(record):
        return
    first_precision = getattr(record, f"{earlier}_precision", DatePrecision.DAY)
    second_precision = getattr(record, f"{later}_precision", DatePrecision.DAY)
    if (
        partial_date_bounds(second, second_precision)[1]
        < partial_date_bounds(first, first_precision)[0]
    ):
        errors.setdefault(later, []).append(
            _("%(later)s (%(later_date)s) is before %(earlier)s (%(earlier_date)s).")
            % {
                "later": later_label,
                "later_date": show_partial_date(second, second_precision),
                "earlier": earlier_label,
                "earlier_date": show_partial_date(first, first_precision),
            }
        )


class SystemActor:
    """The loader of reference data and the data set: sees everything, is no user."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    clearance = Classification.SECRET

    def __str__(self):
        return "system"


SYSTEM = SystemActor()


class PublicActor:
    """Anyone on the pages that need no log-in (a citizen registering a trip abroad): sees only
    what is unclassified and no one's personal data. It is no user: a write names no actor, and
    the change log says that it came from the public (`log_as`, see services.record_write)."""

    pk = None
    is_authenticated = True  # so that `visible_to` applies the clearance below, not "nothing"
    is_active = True
    is_superuser = False
    clearance = Classification.UNCLASSIFIED
    log_as = "public"

    def has_perm(self, perm, obj=None):
        return False

    def __str__(self):
        return str(_("the public (a page without log-in)"))


PUBLIC = PublicActor()


def clearance_of(user) -> int | None:
    """The highest classification a user may see; None for a user who may see nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Classification.SECRET
    return user.clearance


@functools.cache
def required_record_paths(model, seen=frozenset()) -> tuple[str, ...]:
    """The record itself ("") and every record it cannot exist without, followed through its
    required links (a party to an agreement requires the agreement and the state). A link the
    model names in `required_links` is required whenever it is set (a party is a state or an
    organisation: whichever it is, the party is not shown without it)."""
    paths = [""]
    for field in model._meta.concrete_fields:
        target = field.related_model
        if (
            (field.many_to_one or field.one_to_one)
            and (not field.null or field.name in getattr(model, "required_links", ()))
            and issubclass(target, Record)
            and target not in seen
        ):
            inner = required_record_paths(target, seen | {model})
            paths += [f"{field.name}__{path}" for path in inner]
    return tuple(paths)


def records_along(model, path: str) -> list[str]:
    """The records a lookup path (`agreement__title`) passes through, as path prefixes."""
    prefixes, hops = [], []
    for part in path.split("__")[:-1]:
        model = model._meta.get_field(part).related_model
        hops.append(part)
        if issubclass(model, Record):
            prefixes.append("__".join(hops) + "__")
    return prefixes


def _crosses_many(model, path: str) -> bool:
    """Whether a lookup path (`projects__name`) passes a link to many records."""
    for part in path.split("__")[:-1]:
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _may_be_unset(model, prefix: str) -> bool:
    """Whether a link along the path prefix (`agreement__state__`) may be empty."""
    for part in prefix.rstrip("_").split("__"):
        field = model._meta.get_field(part)
        if field.null:
            return True
        model = field.related_model
    return False


def within_clearance(prefixes, clearance, model=None) -> models.Q:
    """Every record at these path prefixes is classified at most `clearance`; with `model`,
    a path through an empty optional link holds no record to hide."""
    condition = models.Q()
    for prefix in prefixes:
        allowed = models.Q(**{f"{prefix}classification__lte": clearance})
        if model is not None and prefix and _may_be_unset(model, prefix):
            allowed |= models.Q(**{f"{prefix.removesuffix('__')}__isnull": True})
        condition &= allowed
    return condition


DESK_MODELS = {"reference.Country": "desk_states", "reference.Organization": "desk_organisations"}


@functools.cache
def desk_paths(model) -> tuple[tuple[str, str], ...]:
    """The lookups from a record to the states and organisations it concerns, each with the
    user's field of desks it is matched against. A model may name them (`desk_links`); otherwise
    they are its own links to a state or an organisation, and a state or organisation concerns
    itself."""
    if model._meta.label in DESK_MODELS:
        return (("pk", DESK_MODELS[model._meta.label]),)
    lookups = model.desk_links
    if lookups is None:
        lookups = [
            field.name
            for field in model._meta.get_fields()
            if field.concrete
            and field.related_model is not None
            and field.related_model._meta.label in DESK_MODELS
        ]
    paths = []
    for lookup in lookups:
        target = model
        for part in lookup.split("__"):
            target = target._meta.get_field(part).related_model
        paths.append((lookup, DESK_MODELS[target._meta.label]))
    return tuple(paths)


def sees_every_desk(user) -> bool:
    """Whether the desk rule spares `user`: leadership and administrators, and anyone who may
    see nothing restricted anyway."""
    clearance = clearance_of(user)
    return (
        clearance is None
        or clearance < Classification.RESTRICTED
        or user.is_superuser
        or user.has_perm("accounts.see_every_desk")
    )


def _desk_rule_applies(model) -> bool:
    """Whether the desk rule governs `model`: it concerns states or organisations, and it is not
    a person's record (which the mission rule governs)."""
    return bool(desk_paths(model)) and model.personal_data_mission is None


def within_desks(model, prefixes, user) -> models.Q:
    """No record at these path prefixes is hidden from `user` by the desk rule: each is below
    restricted, or concerns no state or organisation, or concerns one of the user's desks.

    A link that is a column of the record (a party's state, a state itself) is asked of the row
    as it is read. One through other records (an engagement's states, an agreement's parties) is
    asked with EXISTS of the table that holds the link, by its key to the record (an index
    look-up; `_link_tables`), so that SQLite never builds the set of every hidden record to
    compare each row with: at a ministry's size that set cost ten times the page. PostgreSQL
    builds it for any EXISTS under an OR (a hashed subplan, a scan of the whole table): the
    columns asked directly spare it that for most records, and the link's own table, read
    without a join, keeps the scan short where it is made."""
    condition = models.Q()
    if sees_every_desk(user):
        return condition
    for prefix in prefixes:
        target = model_at(model, prefix)
        if not _desk_rule_applies(target):
            continue
        same = models.OuterRef(f"{prefix}pk")
        concerned, mine = models.Q(), models.Q()
        for lookup, desks in desk_paths(target):
            if _is_column(target, lookup):
                concerned |= models.Q(**{f"{prefix}{lookup}__isnull": False})
                mine |= models.Q(**{f"{prefix}{lookup}__in": desks_of(user, desks)})
        for key, rows in _concerning_a_desk(target):
            concerned |= models.Exists(rows.filter(**{key: same}))
        for key, rows in _on_desks_of(target, user):
            mine |= models.Exists(rows.filter(**{key: same}))
        visible = (
            models.Q(**{f"{prefix}classification__lt": Classification.RESTRICTED})
            | ~concerned
            | mine
        )
        if prefix and _may_be_unset(model, prefix):
            visible |= models.Q(**{f"{prefix.removesuffix('__')}__isnull": True})
        condition &= visible
    return condition


def _is_column(model, lookup):
    """Whether the lookup is a column of the model's own table (its key, or a link to one)."""
    if "__" in lookup:
        return False
    field = model._meta.pk if lookup == "pk" else model._meta.get_field(lookup)
    return field.concrete and not field.many_to_many


@functools.cache
def _linked_desk_paths(target):
    """The desk paths of `target` that pass through other records' tables."""
    return tuple(
        (lookup, desks) for lookup, desks in desk_paths(target) if not _is_column(target, lookup)
    )


@functools.cache
def _link_tables(target):
    """The desk paths of `target` through other records, grouped by the table that holds the
    link, as (that table's model, its field that leads back to the record, the lookups from it
    with their desks). An engagement's states are read from its table of counterparts alone, an
    agreement's from its parties' table, by their key to the record: not through a join from
    the record's own table, which PostgreSQL would read whole, joined, to hash it."""
    tables = {}
    for lookup, desks in _linked_desk_paths(target):
        first, _, rest = lookup.partition("__")
        field = target._meta.get_field(first)
        if field.many_to_many and not field.auto_created and not rest:
            through = field.remote_field.through
            table, key, end = through, field.m2m_field_name(), field.m2m_reverse_field_name()
        elif field.one_to_many and rest and _is_column(field.related_model, rest):
            table, key, end = field.related_model, field.field.name, rest
        else:
            table, key, end = target, "pk", lookup
        tables.setdefault((table, key), []).append((end, desks))
    return tuple((table, key, tuple(ends)) for (table, key), ends in tables.items())


def _link_rows(target, condition):
    """Per table of `_link_tables`, its key to the record and its rows whose link meets
    `condition(end, desks)` for one of its lookups."""
    built = []
    for table, key, ends in _link_tables(target):
        met = models.Q()
        for end, desks in ends:
            met |= condition(end, desks)
        built.append((key, table._base_manager.filter(met)))
    return tuple(built)


@functools.cache
def _concerning_a_desk(target):
    """The rows that link a record of `target` to some state or organisation (`_link_rows`): the
    same for every user, so built once (a page builds the rule of dozens of types)."""
    return _link_rows(target, lambda end, _desks: models.Q(**{f"{end}__isnull": False}))


def _on_desks_of(target, user):
    """The rows that link a record of `target` to one of `user`'s desks (`_link_rows`), built
    once per user object."""
    built = user.__dict__.setdefault("_on_desks", {})
    if target not in built:
        built[target] = _link_rows(
            target, lambda end, desks: models.Q(**{f"{end}__in": desks_of(user, desks)})
        )
    return built[target]


def desks_of(user, desks):
    """The keys of `user`'s desks of one kind (`desk_states`), as a subquery: built once per user
    object, since a rule of sight names them once per record it passes (a search builds hundreds),
    and read by the database each time it is used, never kept."""
    built = user.__dict__.setdefault("_desk_subqueries", {})
    if desks not in built:
        built[desks] = getattr(user, desks).values("pk")
    return built[desks]


def model_at(model, prefix: str):
    """The model a path prefix (`agreement__state__`) leads to."""
    for part in prefix.removesuffix("__").split("__") if prefix else ():
        model = model._meta.get_field(part).related_model
    return model


def personal_data_missions(user):
    """Whose personal data `user` may read: None for every mission's (administrators), else the
    missions the user is a consular officer of (none for everyone else)."""
    if user.is_superuser or user.has_perm("accounts.read_all_personal_data"):
        return None
    if not user.has_perm("accounts.read_personal_data"):
        return []
    return user.consular_missions.values("pk")


def may_read_personal_data(user) -> bool:
    """Whether `user` may read anyone's personal data (else they only count it)."""
    return personal_data_missions(user) is None or user.has_perm("accounts.read_personal_data")


class RecordQuerySet(models.QuerySet):
    """The default manager of every record type."""

    def visible_to(self, user):
        """Only the records `user` may see. Every page, API call, search, export and count
        goes through here; it is the single place where access is decided.

        A record is visible when its classification is within the user's clearance, and so
        are the records it requires: a party to a secret agreement is as secret as it. A record
        restricted or above that concerns states or organisations is visible only to their desks
        (and leadership and administrators), and so are the records that require it. A person's
        record is read only by the consular officers of its mission."""
        queryset = self.countable_by(user)
        mission = self.model.personal_data_mission
        if mission is None or clearance_of(user) is None:
            return queryset
        missions = personal_data_missions(user)
        if missions is None:
            return queryset
        if isinstance(missions, list) and not missions:
            return queryset.none()  # known without a query: the search skips the type whole
        return queryset.filter(**{f"{mission}__in": missions})

    def countable_by(self, user):
        """The records `user` may count, but not necessarily read: within their clearance. For
        most records this is what they may read; a person's record (see `personal_data_mission`)
        is read only by the officers of its mission, and only counted by everyone else."""
        clearance = clearance_of(user)
        if clearance is None:
            return self.none()
        paths = required_record_paths(self.model)
        return self.filter(
            within_clearance(paths, clearance, self.model) & within_desks(self.model, paths, user)
        )

    def searched(self, user, text):
        """Records a search for `text` finds through the full-text index (core/search.py): by
        their own words or by those of a linked record `user` may see, in any script. Nothing
        for no user, nor for a search without a word."""
        from . import search

        words = search.words_of(text)
        if clearance_of(user) is None or not words:
            return self.none()
        found = self.model._base_manager.filter(search.found(self.model, words, user))
        return self.filter(pk__in=found.values("pk"))

    def matching(self, user, fields, text):
        """Records with `text` in any of `fields`, never found by the words of a related record
        the user may not see."""
        clearance = clearance_of(user)
        if clearance is None:
            return self.none()
        condition = models.Q()
        for name in fields:
            along = records_along(self.model, name)
            condition |= (
                models.Q(**{f"{name}__icontains": text})
                & within_clearance(along, clearance)
                & within_desks(self.model, along, user)
            )
        if any(_crosses_many(self.model, name) for name in fields):
            # a join over a to-many link gives a record once per match: ask for the keys instead
            return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):
    """The manager of every record type. `Model.objects.visible_to(user)` builds the access rule
    once per user object (a request's user) and hands out copies: a list page or API call asks
    for the same rule of a dozen types (its rows, the records they link to, its filters' choices)
    and building it each time cost more than the queries it makes."""

    def visible_to(self, user):
        return self._once(user, "visible_to")

    def countable_by(self, user):
        return self._once(user, "countable_by")

    def _once(self, user, rule):
        if user is None or not user.is_authenticated:
            return getattr(self.get_queryset(), rule)(user)
        built = user.__dict__.setdefault("_chancery_access_rules", {})
        if user.pk is None:  # an actor that is no user (the system, the public): kept on it
            key = (self.model, self.name, rule, clearance_of(user), user.is_superuser)
            if key not in built:
                built[key] = getattr(self.get_queryset(), rule)(user)
            return built[key].all()
        key = (self.model, self.name, rule, *rule_signature(user))
        if key not in built:
            built[key] = _rules.get(key, self, rule, user)
        return built[key].all()


def rule_signature(user):
    """All of `user` that the shape of an access rule depends on. Their desks and consular
    missions are not in it: the rule reads them from the database by the user's key each time it
    runs, so that a change of desk holds from the next query.

    Kept on the user object while its clearance and flags are the same and its permissions are
    the ones Django cached on it (a request asks a dozen times)."""
    own = (user.pk, clearance_of(user), user.is_superuser, user.is_active)
    kept = user.__dict__.get("_chancery_rule_signature")
    permissions = user.__dict__.get("_perm_cache")
    if kept is not None and kept[0] == own and kept[1] is permissions:
        return kept[2]
    signature = (
        *own,
        sees_every_desk(user),
        user.has_perm("accounts.read_all_personal_data"),
        user.has_perm("accounts.read_personal_data"),
    )
    user.__dict__["_chancery_rule_signature"] = (own, user.__dict__.get("_perm_cache"), signature)
    return signature


class _BuiltRules:
    """The access rules built in this process, by model, rule and user signature, the most
    recently asked `kept`: building a desk officer's rule costs about 5 ms a type (its subqueries'
    joins resolved by the ORM), and the home page asks it of every type. A rule is never
    evaluated here; each caller gets a copy."""

    def __init__(self, kept=4096):
        self.kept = kept
        self.rules = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, manager, rule, user):
        with self.lock:
            if key in self.rules:
                self.rules.move_to_end(key)
                return self.rules[key]
        built = getattr(manager.get_queryset(), rule)(user)
        with self.lock:
            self.rules[key] = built
            while len(self.rules) > self.kept:
                self.rules.popitem(last=False)
        return built


_rules = _BuiltRules()


class Record(models.Model):
    """Base of every record the ministry keeps: classification, priorities served, sources,
    and who created and last changed it. Changes are logged by auditlog (see the registry)."""

    classification = models.PositiveSmallIntegerField(
        _("classification"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
        db_index=True,
    )
    priorities = models.ManyToManyField(
        "strategy.Priority",
        blank=True,
        related_name="%(app_label)s_%(class)s_records",
        verbose_name=_("priorities"),
        help_text=_("The foreign-policy priorities this record serves."),
    )
    sources = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="cited_by_%(app_label)s_%(class)s",
        verbose_name=_("sources"),
        help_text=_("Documents this record's facts are taken from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = RecordManager()

    # optional links without which the record, once they are set, may not be shown
    required_links: tuple[str, ...] = ()
    # for a record of a person's data: the path to the mission responsible for it; only that
    # mission's consular officers (and administrators) may read it, and each read is logged
    personal_data_mission: str | None = None
    # the lookups to the states and organisations the record concerns (see `desk_paths`);
    # None: its own links to them
    desk_links: tuple[str, ...] | None = None
    # what no two records in one user's sight may share (core.uniqueness.UniqueInSight): checked
    # among the records the saver may see, so that a hidden record never refuses a save
    unique_in_sight: tuple = ()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])


class SearchEntry(models.Model):
    """A record's own words, folded, for the full-text index (core/search.py)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    text = SearchText()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_entry_each")
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
