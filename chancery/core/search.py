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
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS core_searchentry_words ON core_searchentry "
                "USING GIN (to_tsvector('simple', text))"
            )


_FTS_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);"
)
_FTS_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text);"


class Words(models.Lookup):
    """`text__words="a:* & b:*"`: PostgreSQL's full-text match, as the GIN index reads it."""

    lookup_name = "words"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            f"to_tsvector('simple', {lhs}) @@ to_tsquery('simple', {rhs})",
            lhs_params + rhs_params,
        )


class SearchText(models.TextField):
    """The folded words of a search entry."""


SearchText.register_lookup(Words)


def _matching_entries(model, words):
    """The entries of `model`'s records holding every word (each as the start of a word)."""
    from .models import SearchEntry

    entries = SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if connection.vendor == "postgresql":
        return entries.filter(text__words=" & ".join(f"{word}:*" for word in words))
    query = " AND ".join(f'"{word}"*' for word in words)
    return entries.filter(
        id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query])
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


def _own(model, words):
    """The records of `model` whose own words hold every word."""
    return models.Q(pk__in=_matching_entries(model, words).values("object_id"))


def found(model, words, user=None) -> models.Q:
    """The records of `model` a search for `words` finds: by their own words, or by a linked
    record's that `user` may see (any linked record's, for the search's first cheap question,
    which answers no user: `user` None)."""
    from .models import Record
    from .registry import registry

    condition = _own(model, words)
    record_type = registry.get(model)
    if record_type is None:
        return condition
    for link, rests in _links(record_type).items():
        related = model._meta.get_field(link).related_model
        if registry.get(related) is None:
            continue
        if user is not None and issubclass(related, Record):
            linked = related.objects.visible_to(user)
        else:
            linked = related._base_manager.all()
        deeper = any("__" in rest for rest in rests)
        inner = linked.filter(found(related, words, user) if deeper else _own(related, words))
        condition |= models.Q(**{f"{link}__in": inner.values("pk")})
    return condition


# keeping the index in step ------------------------------------------------------------------------
BATCH = 2000


def spellings(text: str) -> list[str]:
    """The folded words of `text`, and those typed without Azerbaijani letters where they
    differ (shamaxi, samaxi)."""
    words = fold(text).split()
    plain = [word for word in fold(text, LATIN_PLAIN).split() if word not in words]
    return words + plain


def entry_text(values) -> str:
    return " ".join(spellings(" ".join(str(value) for value in values if value not in (None, ""))))


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
        batch.append(SearchEntry(content_type=content_type, object_id=pk, text=entry_text(values)))
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
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                content_type=ContentType.objects.get_for_model(sender),
                object_id=instance.pk,
                text=entry_text(getattr(instance, name) for name in names),
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
