"""The length limit of every text field a feed record holds, read from schema.py.

docs/directory-feeds.md shows them as the table `limits_table()` writes; a test keeps the two in
step, so a limit is declared once (in schema.py) and documented without being copied by hand.
"""

from thrivegrids.directory.oruk import schema
from thrivegrids.directory.oruk.fields import record_type

# What a feed file holds: service records (with everything nested in them) and taxonomies.
FEED_RECORDS = (schema.Service, schema.Taxonomy)
# Text fields bounded by their format rather than a length.
FORMATS = {
    "opens_at": "a time, HH:MM[:SS] and an offset",
    "closes_at": "a time, HH:MM[:SS] and an offset",
    "country": "2 letters",
}


def max_length(field):
    """The field's maximum length in characters, or None when it has none."""
    for rule in field.metadata:
        if getattr(rule, "max_length", None) is not None:
            return rule.max_length
    return None


def text_fields():
    """(record, field, max length or None) for every text field of every feed record, in order."""
    rows, seen, models = [], set(), list(FEED_RECORDS)
    while models:
        model = models.pop(0)
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            nested = record_type(field.annotation)
            if nested is not None:
                models.append(nested)
            elif field.annotation is str and not field.exclude:
                rows.append((model.__name__, name, max_length(field)))
    return rows


def limits_table():
    """The Markdown table of text fields and their limits, as the feed docs show it."""
    lines = ["| record | field | at most |", "| --- | --- | --- |"]
    for record, name, limit in text_fields():
        limit = f"{limit:,} characters" if limit is not None else FORMATS[name]
        lines.append(f"| {record} | `{name}` | {limit} |")
    return "\n".join(lines) + "\n"
