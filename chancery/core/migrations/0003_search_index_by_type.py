"""The full-text index in the shape core/search.py asks of it: on SQLite, each entry's record type
beside its words, made again from the entries it indexes; on PostgreSQL, the words kept in a
column of their own, indexed."""

from django.db import migrations

from chancery.core.search import FTS_TABLE, create_full_text_index, drop_full_text_index


def index_by_type(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        create_full_text_index(connection)
        return
    drop_full_text_index(connection)
    create_full_text_index(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_index")]

    operations = [migrations.RunPython(index_by_type, migrations.RunPython.noop)]
