"""Folded search columns on Service (text_search.py), filled for the services already stored.

Search now compares the folded query with search_text, so on PostgreSQL a trigram index on that
column takes over from the name and description indexes of 0004 (kept: the admin's search uses
them). The index is PostgreSQL's own, as in 0004; SQLite scans.
"""

from django.db import migrations, models

from thrivegrids.directory.text_search import COLUMNS, search_columns

BATCH = 1000
INDEX = "directory_service_search_text_trgm"


def fill_search_columns(apps, schema_editor):
    Service = apps.get_model("directory", "Service")
    services = Service.objects.only("id", "name", "description").order_by("pk")
    batch = []
    for service in services.iterator(chunk_size=BATCH):
        for column, value in search_columns(service.name, service.description).items():
            setattr(service, column, value)
        batch.append(service)
        if len(batch) == BATCH:
            Service.objects.bulk_update(batch, COLUMNS)
            batch = []
    Service.objects.bulk_update(batch, COLUMNS)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_service_text_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_name",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="service",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
