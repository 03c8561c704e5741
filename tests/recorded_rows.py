"""Content loaded once per test session and copied into each test that asks for it.

Loading the demo grids through the real loader parses, checks and stores nine files, which takes
a second or more: most of the suite's time when every test that shows a grid paid it. So each
session (each xdist worker) runs the loader once, in a transaction it rolls back, and records the
rows the loader wrote or changed (`record`). A test that needs the content gets exactly those
rows copied in (`replay`: one bulk insert per table) inside its own transaction, so whatever the
test then changes is rolled back with them, and a test that does not ask never sees them.
Transactional tests (the browser journeys) get the same rows committed; the flush after each of
them deletes them again.

The recording also keeps every row of the tables the written rows point to (topics and grids,
made by a data migration), so a flushed database gets them back with the same keys.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model):
    """{primary key: row} for every row of the model's table (attribute names as keys)."""
    pk = model._meta.pk.attname
    return {row[pk]: row for row in model._base_manager.order_by("pk").values()}


def _targets(model, rows):
    """The models that these rows of `model` point to (non-null foreign keys)."""
    return {
        field.related_model._meta.concrete_model
        for field in model._meta.concrete_fields
        if field.is_relation and any(row[field.attname] is not None for row in rows)
    }


class Recording:
    """What a load wrote: per model, the rows to have and the keys of rows it changed or deleted."""

    def __init__(self, rows, replaced, deleted):
        self.rows = rows  # {model: {pk: row}}
        self.replaced = replaced  # {model: {pk}}: rows that existed before and were changed
        self.deleted = deleted  # {model: {pk}}
        # Models whose rows recorded rows point to: their keys must be kept as recorded.
        self.referenced = {
            target for model, found in rows.items() for target in _targets(model, found.values())
        }

    def __repr__(self):
        counts = ", ".join(f"{m._meta.label}: {len(r)}" for m, r in self.rows.items())
        return f"<Recording {counts}>"


def record(load):
    """Call `load()` in a transaction that is then rolled back; a Recording of what it did."""
    with transaction.atomic():
        before = {model: _rows(model) for model in _models()}
        load()
        after = {model: _rows(model) for model in _models()}
        transaction.set_rollback(True)
    rows, replaced, deleted = {}, {}, {}
    for model in _models():
        old, new = before[model], after[model]
        written = {pk: row for pk, row in new.items() if old.get(pk) != row}
        if written:
            rows[model] = written
            replaced[model] = {pk for pk in written if pk in old}
        gone = set(old) - set(new)
        if gone:
            deleted[model] = gone
    # Every row of the tables the written rows point to, and of the tables those point to.
    whole, pending = set(), list(rows)
    while pending:
        model = pending.pop()
        for target in _targets(model, rows[model].values()) - whole:
            whole.add(target)
            rows[target] = after[target]
            pending.append(target)
    return Recording(rows, replaced, deleted)


def replay(recording):
    """Write the recorded rows into the database, as the load would have left it.

    Rows already there and equal are left alone; rows the load changed are replaced. A new row
    whose key is taken by another row (two recordings in one test, or a row the test made first)
    gets a new key if nothing recorded points to it (audit events), and is otherwise an error,
    never silently overwritten.
    """
    rekeyed = {}
    with transaction.atomic():
        for model, pks in recording.deleted.items():
            model._base_manager.filter(pk__in=pks)._raw_delete(connection.alias)
        for model, rows in recording.rows.items():
            current = _rows(model)
            replaced = recording.replaced.get(model, set())
            stale = [pk for pk, row in rows.items() if pk in current and current[pk] != row]
            clashes = [pk for pk in stale if pk not in replaced]
            if clashes and model in recording.referenced:
                raise AssertionError(
                    f"{model._meta.label} rows {clashes[:5]} already exist with other content: "
                    "ask for the recorded content before making rows of your own"
                )
            if clashes:
                pk = model._meta.pk.attname
                rekeyed[model] = [model(**{**rows[key], pk: None}) for key in clashes]
            stale = [pk for pk in stale if pk in replaced]
            if stale:
                model._base_manager.filter(pk__in=stale)._raw_delete(connection.alias)
            missing = [model(**row) for pk, row in rows.items() if pk not in current or pk in stale]
            model._base_manager.bulk_create(missing)
        # PostgreSQL: the rows came with their keys, so move each sequence past them.
        statements = connection.ops.sequence_reset_sql(no_style(), list(recording.rows))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        for model, rows in rekeyed.items():
            model._base_manager.bulk_create(rows)
