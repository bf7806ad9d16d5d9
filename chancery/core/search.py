# ruff: noqa: RUF001, RUF002, RUF003  (Cyrillic and Azerbaijani letters are the point here)
"""The search index: each record's own words, folded, in one row of `SearchEntry`, found by a real
full-text index (SQLite's FTS5, PostgreSQL's full-text search over a GIN index).

Folding makes the scripts and spellings of the three languages meet: case, the diacritics of
Azerbaijani (ə/e, ş/sh, ç/ch, ğ/gh, ı/i, ö/o, ü/u) and Cyrillic written in Latin letters, so that
"Azərbaycan", "azerbaycan" and "AZƏRBAYCAN" are one word and "Алиев" is "aliyev". A record is
found by its own words, by those of the records it links to that the user may see (an agreement's
party by the agreement's title), and by the names of the states it concerns (in every language);
never by the words of a record the user may not see. The index holds each record's own words
only, so that a word of a linked record is always looked up in that record's own entry, through
`visible_to`.

Each word is kept marked with its record's type (`17xbaku`: the word "baku" of a record of
content type 17), so that the index holds one list of entries per type and word: a type's matches
are read from its own lists, never from a common word's list across every type (at a ministry's
size, 90,000 entries for "cooperation", which a prefix search reads whole each time it is asked).
The marks follow the database's content types: after moving records to another database, run
`chancery rebuild-search`.

The index is kept in step by the signals of every save and delete of a record type with search
fields, and by the bulk paths (imports, the generator) through `index_records`; `chancery
rebuild-search` writes it again from the records.
"""

import functools
import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

# Cyrillic in Latin letters, as Azerbaijani names are written in both (Алиев: Aliyev)
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Azerbaijani Cyrillic (before 1991)
    "ә": "e", "ғ": "gh", "ҹ": "c", "һ": "h", "ј": "y", "ө": "o", "ү": "u", "ҝ": "g", "і": "i",
}  # fmt: skip
# Russian е reads "ye" at the start of a word and after a vowel or a sign (Ереван, Алиев)
YE_AFTER = set("аеёиоуыэюяъьәөүі")
LATIN = {"ə": "e", "ş": "sh", "ç": "ch", "ğ": "gh", "ı": "i", "ö": "o", "ü": "u", "ß": "ss"}
# how the same letters are typed on a keyboard without them (Samaxi for Şamaxı): kept beside
LATIN_PLAIN = {**LATIN, "ş": "s", "ç": "c", "ğ": "g"}
NOT_WORD = re.compile(r"[^0-9a-z]+")
MOST_WORDS = 12
LONGEST_WORD = 40


def fold(text: str, letters=LATIN) -> str:
    """`text` as the index keeps it: lower case, Latin letters and digits, words apart."""
    out = []
    before = " "
    for char in str(text).casefold():
        if char == "е" and (before in YE_AFTER or not before.isalpha()):
            out.append("ye")
        else:
            out.append(CYRILLIC[char] if char in CYRILLIC else letters.get(char, char))
        before = char
    plain = unicodedata.normalize("NFKD", "".join(out))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(NOT_WORD.sub(" ", plain).split())


def words_of(query: str) -> list[str]:
    """The words of a search, folded: at most `MOST_WORDS`, each cut at `LONGEST_WORD` letters.
    Whatever was typed (quotes, FTS5's operators, control characters) becomes plain words."""
    return [word[:LONGEST_WORD] for word in fold(query).split()[:MOST_WORDS]]


# the index ---------------------------------------------------------------------------------------
FTS_TABLE = "core_searchentry_fts"


def create_full_text_index(connection_=None):
    """The full-text index over `SearchEntry.text`, of the database's own kind (a migration and
    the test database both make it; every statement may run again)."""
    conn = connection_ or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, "
                "content='core_searchentry', content_rowid='id', tokenize='unicode61')"
            )
            for name, event, body in (
                ("ai", "INSERT", _FTS_INSERT),
                ("ad", "DELETE", _FTS_DELETE),
                ("au", "UPDATE", _FTS_DELETE + _FTS_INSERT),
            ):
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS core_searchentry_{name} AFTER {event} ON "
                    f"core_searchentry BEGIN {body} END"
                )
        elif conn.vendor == "postgresql":
            # the words kept beside the text, for the GIN index and for a walk of one type's
            # newest entries that checks each without parsing its text again
            cursor.execute(
                "ALTER TABLE core_searchentry ADD COLUMN IF NOT EXISTS words tsvector "
                "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED"
            )
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS core_searchentry_words_gin ON core_searchentry "
                "USING GIN (words)"
            )


def drop_full_text_index(connection_=None):
    """The index (and on SQLite its triggers) removed, to be made again in another shape."""
    conn = connection_ or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            for name in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS core_searchentry_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif conn.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS core_searchentry_words")
            cursor.execute("DROP INDEX IF EXISTS core_searchentry_words_gin")


_FTS_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);"
)
_FTS_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text);"


class Words(models.Lookup):
    """`text__words="a:* & b:*"`: PostgreSQL's full-text match, on the words kept beside the
    text (`create_full_text_index`)."""

    lookup_name = "words"

    def as_sql(self, compiler, connection):
        words = f"{compiler.quote_name_unless_alias(self.lhs.alias)}.words"
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{words} @@ to_tsquery('simple', {rhs})", rhs_params


class SearchText(models.TextField):
    """The folded words of a search entry."""


SearchText.register_lookup(Words)


def _entries_holding(model, words):
    """The entries of `model`'s records holding every word (each as the start of a word)."""
    from .models import SearchEntry

    content_type = ContentType.objects.get_for_model(model)
    entries = SearchEntry.objects.filter(content_type=content_type)
    if connection.vendor == "postgresql":
        return entries.filter(text__words=tsquery(content_type.pk, words))
    return entries.filter(
        id__in=RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [fts_query(content_type.pk, words)],
        )
    )


def marked(content_type_id, words) -> list[str]:
    """`words` as the index keeps them for records of one type."""
    return [f"{content_type_id}x{word}" for word in words]


def unmarked(text) -> list[str]:
    return [token.partition("x")[2] for token in text.split()]


def tsquery(content_type_id, words):
    """PostgreSQL's query of every word, as one type's marks hold it (each as a word's start)."""
    return " & ".join(f"{word}:*" for word in marked(content_type_id, words))


def fts_query(content_type_id, words):
    """FTS5's query of every word, as one type's marks hold it (each as a word's start)."""
    return " AND ".join(f'"{word}"*' for word in marked(content_type_id, words))


def _newest_holding_sql(content_type_id, words, newest):
    """The statement of the newest `newest` entries of one type holding every word: (type, key,
    text, newness), the index walked newest first and left at the first `newest`."""
    if connection.vendor == "postgresql":
        return (
            "SELECT content_type_id, object_id, text, object_id FROM core_searchentry "
            "WHERE content_type_id = %s AND words @@ to_tsquery('simple', %s) "
            "ORDER BY object_id DESC LIMIT %s",
            [content_type_id, tsquery(content_type_id, words), newest],
        )
    return (
        "SELECT content_type_id, object_id, text, id FROM core_searchentry WHERE id IN "
        f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s)",
        [fts_query(content_type_id, words), newest],
    )


# which records a search finds ---------------------------------------------------------------------
def own_fields(record_type) -> list[str]:
    return [name for name in record_type.search_fields if "__" not in name]


@functools.cache
def _links(record_type):
    """{link: [what is searched along it]}: the search fields through links, and every link to
    a state (a record is found by the names of the states it concerns). Read once per type."""
    from chancery.reference.models import Country

    links = {}
    for path in record_type.search_fields:
        link, _, rest = path.partition("__")
        if rest:
            links.setdefault(link, []).append(rest)
    for field in record_type.model._meta.get_fields():
        if field.is_relation and field.concrete and field.related_model is Country:
            links.setdefault(field.name, []).append("name")
    return links


def holding(model, words) -> models.Q:
    """The records of `model` whose own words hold every word."""
    return models.Q(pk__in=_entries_holding(model, words).values("object_id"))


def found(model, words, user=None) -> models.Q:
    """The records of `model` a search for `words` finds: by their own words, or by a linked
    record's that `user` may see (any linked record's when `user` is None)."""
    condition = holding(model, words)
    linked = through_links(model, words, user)
    return condition if linked is None else condition | linked


def through_links(model, words, user=None, own=None) -> models.Q | None:
    """The records of `model` found by the words of a linked record `user` may see (any, for no
    user), or None if the type links to no searchable record. With `own` (`OwnMatches`), only
    through the linked records it holds, the few best of each type: the search's candidates,
    cheap however common the words."""
    from .models import Record
    from .registry import registry

    record_type = registry.get(model)
    if record_type is None:
        return None
    condition = None
    for link, rests in _links(record_type).items():
        related = model._meta.get_field(link).related_model
        if registry.get(related) is None:
            continue
        if user is not None and issubclass(related, Record):
            linked = related.objects.visible_to(user)
        else:
            linked = related._base_manager.all()
        deeper = any("__" in rest for rest in rests)
        if own is not None:
            inner = models.Q(pk__in=own[related][0])
            further = through_links(related, words, user, own) if deeper else None
            inner = inner if further is None else inner | further
        else:
            inner = found(related, words, user) if deeper else holding(related, words)
        step = models.Q(**{f"{link}__in": linked.filter(inner).values("pk")})
        condition = step if condition is None else condition | step
    return condition


def ranked(entries, words) -> list[int]:
    """The keys of `entries` ((key, text) pairs, newest first) best match first: more of the
    words whole (not only begun); then the shorter the field that holds all of them (the UN's
    acronym "ООН" before the name of a body "of the UN"); then the earlier the first of them
    stands (a record's name comes before its longer texts); then the newest."""

    def holds_all(tokens):
        return all(any(token.startswith(word) for token in tokens) for word in words)

    def rank(item):
        position, (_key, text) = item
        tokens = unmarked(text)
        whole = sum(1 for word in words if word in tokens)
        fields = [field.split() for field in " ".join(tokens).split("  ")]  # "" ends a field
        shortest = min((len(f) for f in fields if holds_all(f)), default=len(tokens))
        first = next(
            (i for i, token in enumerate(tokens) if any(map(token.startswith, words))),
            len(tokens),
        )
        return (-whole, shortest, first, position)

    return [key for _position, (key, _text) in sorted(enumerate(entries), key=rank)]


def best_holding(models_, words, up_to) -> dict:
    """{model: keys} of at most `up_to` records of each of `models_` whose own words hold every
    word: the newest `up_to` the index finds, best match first (`ranked`); one statement for
    all."""
    types = ContentType.objects.get_for_models(*models_)
    parts = [_newest_holding_sql(types[model].pk, words, up_to) for model in models_]
    if not parts:
        return {}
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS m{i}" for i, (part, _) in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _, params in parts for param in params])
        rows = cursor.fetchall()
    by_type = {content_type.pk: [] for content_type in types.values()}
    for content_type_id, key, text, newness in rows:
        by_type[content_type_id].append((newness, key, text))
    return {
        model: ranked(
            [(key, text) for _, key, text in sorted(by_type[types[model].pk], reverse=True)],
            words,
        )
        for model in models_
    }


def linked_models(model) -> set:
    """The searchable types whose words find records of `model` through its links."""
    from .registry import registry

    record_type = registry.get(model)
    if record_type is None:
        return set()
    models_ = set()
    for link, rests in _links(record_type).items():
        related = model._meta.get_field(link).related_model
        if registry.get(related) is not None:
            models_.add(related)
            if any("__" in rest for rest in rests):
                models_ |= linked_models(related)
    return models_


def out_of_sight(model, user) -> bool:
    """Whether `user` may read none of `model`'s records, known without a query: a person's
    record (`personal_data_mission`) for anyone outside the consular service."""
    if getattr(model, "personal_data_mission", None) is None:
        return False
    return model.objects.visible_to(user).query.is_empty()


class OwnMatches(dict):
    """{model: (keys, more)}: for each type asked, the keys of at most `up_to` of its records
    whose own words hold the search (`best_holding`), and whether there are more; each type
    asked of the index once. A person's record is asked about only by those who may read some
    (for most users none, and then no query is made)."""

    def __init__(self, words, user, up_to):
        super().__init__()
        self.words, self.user, self.up_to = words, user, up_to

    def ask(self, models_):
        """Ask the index about every one of `models_` not yet asked, in one statement."""
        asked = [m for m in dict.fromkeys(models_) if m not in self]
        in_sight = [m for m in asked if not out_of_sight(m, self.user)]
        found = best_holding(in_sight, self.words, self.up_to + 1)
        for model in asked:
            keys = found.get(model, [])
            self[model] = (keys[: self.up_to], len(keys) > self.up_to)

    def __missing__(self, model):
        self.ask([model])
        return self[model]


# keeping the index in step ------------------------------------------------------------------------
BATCH = 2000


def spellings(text: str) -> list[str]:
    """The folded words of `text`, and those typed without Azerbaijani letters where they
    differ (shamaxi, samaxi)."""
    words = fold(text).split()
    plain = [word for word in fold(text, LATIN_PLAIN).split() if word not in words]
    return words + plain


def entry_text(content_type_id, values) -> str:
    """What the index keeps of a record of the type with `values` in its search fields: their
    words, field after field, each field closed by the type's mark alone (which no search asks
    for), so that the ranking knows a name from a longer text."""
    words = []
    for value in values:
        if value not in (None, ""):
            words += [*spellings(str(value)), ""]
    return " ".join(marked(content_type_id, words))


def index_records(model, pks=None):
    """Write the entries of `model`'s records (those of `pks`, or all) from what they hold now;
    a record gone loses its entry. Returns the number written."""
    from .models import SearchEntry
    from .registry import registry

    record_type = registry.get(model)
    if record_type is None or not record_type.search_fields:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    names = own_fields(record_type)
    records = model._base_manager.order_by("pk")
    if pks is not None:
        pks = list(pks)
        SearchEntry.objects.filter(content_type=content_type, object_id__in=pks).delete()
        records = records.filter(pk__in=pks)
    else:
        SearchEntry.objects.filter(content_type=content_type).delete()
    written = 0
    batch = []
    for pk, *values in records.values_list("pk", *names).iterator(chunk_size=BATCH):
        batch.append(
            SearchEntry(
                content_type=content_type, object_id=pk, text=entry_text(content_type.pk, values)
            )
        )
        if len(batch) >= BATCH:
            written += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    written += len(SearchEntry.objects.bulk_create(batch))
    return written


def _saved(sender, instance, raw=False, **kwargs):
    """A saved record's entry, from the record in hand (one statement)."""
    from .models import SearchEntry
    from .registry import registry

    record_type = registry.get(sender)
    if raw or record_type is None:
        return
    names = own_fields(record_type)
    content_type = ContentType.objects.get_for_model(sender)
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                content_type=content_type,
                object_id=instance.pk,
                text=entry_text(content_type.pk, (getattr(instance, name) for name in names)),
            )
        ],
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["text"],
    )


def _deleted(sender, instance, **kwargs):
    from .models import SearchEntry

    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def keep_in_step(model):
    """Every save and delete of `model`'s records writes or removes its entry."""
    post_save.connect(_saved, sender=model, dispatch_uid=f"search-{model._meta.label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-{model._meta.label}")


def rebuild():
    """Every searchable record's entry written again; the number written."""
    from .registry import registry

    return sum(index_records(rt.model) for rt in registry.searchable())


# what narrows a search ----------------------------------------------------------------------------
def narrowing(record_type, wanted) -> models.Q | None:
    """The condition the search form's filters (`wanted`: type, priority, state, year,
    classification) put on `record_type`'s records, or None if none of them can meet it (another
    type was asked for, or the type has no date or concerns no state)."""
    from chancery.reference.models import Country

    model, condition = record_type.model, models.Q()
    if wanted.get("type") and wanted["type"] != model._meta.label_lower:
        return None
    if wanted.get("priority") is not None:
        condition &= models.Q(
            pk__in=model._base_manager.filter(priorities=wanted["priority"]).values("pk")
        )
    if wanted.get("classification") is not None:
        condition &= models.Q(classification=wanted["classification"])
    if wanted.get("year") is not None:
        if not record_type.dated_by:
            return None
        condition &= models.Q(**{f"{record_type.dated_by}__year": wanted["year"]})
    if wanted.get("state") is not None:
        state = wanted["state"]
        if model is Country:
            return condition & models.Q(pk=state.pk)
        links = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is Country
        ]
        if not links:
            return None
        about = models.Q()
        for link in links:
            about |= models.Q(**{link: state})
        condition &= models.Q(pk__in=model._base_manager.filter(about).values("pk"))
    return condition
