"""The search index in the shape core/search.py asks of it: each word marked with its record's
type (`17xbaku`), so that one type's matches are read from its own lists; on PostgreSQL, the words
kept in a column of their own under the GIN index. The entries written before are marked, and the
index made again from them."""

from django.db import migrations

from chancery.core.search import (
    FTS_TABLE,
    create_full_text_index,
    drop_full_text_index,
    marked,
)

BATCH = 2000


def mark_with_type(apps, schema_editor):
    connection = schema_editor.connection
    SearchEntry = apps.get_model("core", "SearchEntry")
    drop_full_text_index(connection)
    batch = []
    for entry in SearchEntry.objects.order_by("pk").iterator(chunk_size=BATCH):
        entry.text = " ".join(marked(entry.content_type_id, entry.text.split()))
        batch.append(entry)
        if len(batch) == BATCH:
            SearchEntry.objects.bulk_update(batch, ["text"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["text"])
    create_full_text_index(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_index")]

    operations = [migrations.RunPython(mark_with_type, migrations.RunPython.noop)]
