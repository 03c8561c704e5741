"""Inserting many plain rows fast, for feed imports and the synthetic directory."""

import uuid

from django.db import connection, models


def insert_rows(model, rows):
    """Insert plain rows ({attname: value}) fast: COPY on PostgreSQL, executemany elsewhere.

    bulk_create spends most of its time building objects and SQL per row; for a benchmark
    directory of a million rows that is minutes, this is seconds. Missing fields get their
    model default, values are adapted for the database as the ORM would.
    """
    if not rows:
        return
    fields = model._meta.concrete_fields
    defaults = [None if field.primary_key else field.get_default() for field in fields]
    adapters = [_adapter(field) for field in fields]
    names = [field.attname for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    values = [
        [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
        for row in rows
    ]
    for index, adapt in enumerate(adapters):
        if adapt is not None:  # most columns need no adapting: leave them alone
            for value in values:
                value[index] = adapt(value[index])
    # Only model metadata (quoted names) goes into the SQL; every value is a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, values)


def _adapter(field):
    ops, target = connection.ops, getattr(field, "target_field", field)
    if isinstance(target, models.UUIDField):
        return None if connection.features.has_native_uuid_field else _uuid_hex
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.TimeField):
        adapt = ops.adapt_timefield_value
    elif isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    else:
        return None
    return lambda value: None if value is None else adapt(value)


def _uuid_hex(value):
    """A UUID (or its text) as SQLite stores it: 32 hex digits."""
    if value.__class__ is str and len(value) == 36:  # canonical text (oruk/fields.py): quick
        return value.replace("-", "").lower()
    if value is None or isinstance(value, uuid.UUID):
        return None if value is None else value.hex
    return uuid.UUID(value).hex


def stored_ids(model, ids):
    """Those of `ids` (primary keys, as values or text) that are in the model's table."""
    if not ids:
        return []
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(model._meta.pk.column)
    # Only model metadata (quoted names) goes into the SQL; every value is a parameter.
    select = f"SELECT {column} FROM {table} WHERE {column}"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter: quick to send and plan
            cursor.execute(f"{select} = ANY(%s::uuid[])", [[str(value) for value in ids]])
            return [row[0] for row in cursor.fetchall()]
        found, adapt = [], _adapter(model._meta.pk) or (lambda value: value)
        for start in range(0, len(ids), 500):
            chunk = [adapt(value) for value in ids[start : start + 500]]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found += [row[0] for row in cursor.fetchall()]
    return found
