"""Trigram indexes for the directory's free-text search, on PostgreSQL only.

ServiceQuerySet.search() filters with `icontains`, which PostgreSQL runs as
UPPER(column::text) LIKE UPPER('%word%'): without these indexes every search reads every service
(measured by `make bench`). A GIN index of trigrams on exactly that expression lets PostgreSQL
find the matching rows from the index. pg_trgm ships with PostgreSQL and is a trusted extension
(13+), so the database owner can create it. SQLite has no such index; it keeps scanning.

Kept out of Service.Meta.indexes because the index type and expression are PostgreSQL's own.
"""

from django.db import migrations

INDEXES = (
    ("directory_service_name_trgm", "name"),
    ("directory_service_description_trgm", "description"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON directory_service "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_problem_reports_and_shortlists")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
