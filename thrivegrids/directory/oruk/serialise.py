"""Directory rows -> Open Referral UK v3 records (schema.py), shared by the API and export_oruk.

Model fields are named as ORUK names them, so a record is filled from the row's attributes of the
same names; the few that differ are resolved below. What is stored is trusted, not checked again.
The *_dict functions give the canonical form the importer compares a checked feed with: the
records dumped with `exclude_none=True`, so "unchanged" is a dictionary comparison and a round
trip is exact.
"""

import functools

from django.db.models import Manager, QuerySet

from thrivegrids.directory import vocabulary
from thrivegrids.directory.oruk import schema
from thrivegrids.directory.oruk.fields import record_type
from thrivegrids.directory.oruk.validate import canonical, column_attribute


def fmt_time(value, offset=""):
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M") + offset


def _attributes(service):
    """Stored attributes, plus setting and access route expressed as built-in terms."""
    stored = [record(schema.Attribute, attribute) for attribute in service.attributes.all()]
    columns = [
        column_attribute(service.id, column, getattr(service, column))
        for column in vocabulary.COLUMN_TAXONOMIES
        if getattr(service, column)
    ]
    return stored + columns


# Fields whose value is not the row's attribute of the same name.
RESOLVED = {
    schema.TaxonomyTerm: lambda term: {"taxonomy": term.taxonomy_text},
    schema.Schedule: lambda schedule: {
        "opens_at": fmt_time(schedule.opens_at, schedule.time_offset),
        "closes_at": fmt_time(schedule.closes_at, schedule.time_offset),
    },
    schema.Attribute: lambda attribute: {"link_id": attribute.service_id, "link_entity": "service"},
    schema.Service: lambda service: {"attributes": _attributes(service)},
}


def record(model, row, **values):
    """`model` filled from a directory row and its related rows; `values` replace attributes."""
    resolve = RESOLVED.get(model)
    values = {**resolve(row), **values} if resolve else values
    for name, nested in _fields(model):
        value = values[name] if name in values else getattr(row, name, None)
        if isinstance(value, Manager | QuerySet):
            value = list(value.all())
        if nested is not None and isinstance(value, list):
            value = [item if isinstance(item, nested) else record(nested, item) for item in value]
        elif nested is not None and value is not None and not isinstance(value, nested):
            value = record(nested, value)
        values[name] = None if isinstance(value, str | list) and not value else value
    return model.model_construct(**values)


@functools.cache
def _fields(model):
    """(name, the record type it holds or None) for each field of `model`."""
    return [(name, record_type(field.annotation)) for name, field in model.model_fields.items()]


def service_dict(service, *, full=True):
    """A service record: one-to-one fields (list form) or fully nested (full=True)."""
    return canonical(record(schema.Service if full else schema.ServiceBrief, service))


def organization_dict(organization, *, full=True):
    model = schema.Organization if full else schema.OrganizationBrief
    return canonical(record(model, organization))


def location_dict(location, *, full=True):
    return canonical(record(schema.Location if full else schema.LocationBrief, location))


def taxonomy_dict(taxonomy, terms=None):
    return canonical(record(schema.Taxonomy, taxonomy, taxonomy_terms=terms))


def term_dict(term):
    return canonical(record(schema.TaxonomyTerm, term))
