"""Indexes on auditlog's change log, which is auditlog's table but read the way Chancery reads it:
newest first by (timestamp, key), so that the history browser's page walks an index and stops
after one page (`keyset`), all types or one; and by record, then time, for a record's versions
and the change before each entry (`history._marked`)."""

from django.db import migrations

INDEXES = {
    "log_newest_first": "(timestamp, id)",
    "log_of_record": "(content_type_id, object_id, timestamp, id)",
    "log_by_type": "(content_type_id, timestamp, id)",
}


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry {columns}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
