"""Checking a whole Open Referral UK v3 feed without touching the database.

Each record is read by its model in schema.py, which checks every field; this module adds what
one record cannot know: organisations, locations and taxonomy terms repeated across records must
be the same everywhere, child ids must be unique in the feed, and attributes become canonical
(built-in terms as we define them; setting and access route as the terms of Service columns).
The result is either every record in canonical form or every problem found.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import ValidationError

from thrivegrids.directory import vocabulary
from thrivegrids.directory.oruk import schema
from thrivegrids.directory.oruk.fields import FeedError, Problem, record_fields

BUILT_IN_TAXONOMY_IDS = {str(taxonomy.id) for taxonomy in vocabulary.TAXONOMIES}
# What pydantic reports about a record's shape, in the words of the field checks.
SHAPE = {"missing": "is required", "model_type": "must be an object", "list_type": "must be a list"}
# Why a required nested record matters, said when it is missing.
REQUIRED_BECAUSE = {
    "organization": "the organisation that runs the service",
    "location": "the location itself",
}


@dataclass
class Feed:
    """A checked feed: canonical service records and the taxonomies they use."""

    services: list = field(default_factory=list)
    taxonomies: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    # Taxonomies named only by a term's taxonomy_id: created if missing, never overwritten.
    implied_taxonomies: list = field(default_factory=list)


def canonical(record, **options):
    return record.model_dump(mode="json", exclude_none=True, **options)


def problems_in(error, record, source):
    """Each error pydantic found in one record, as a Problem naming the field."""
    for item in error.errors():
        path = ""
        for part in item["loc"]:
            path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
        message = item["msg"] if item["type"] == "oruk" else SHAPE.get(item["type"], item["msg"])
        if item["type"] == "missing" and path.rpartition(".")[2] in REQUIRED_BECAUSE:
            message += f" ({REQUIRED_BECAUSE[path.rpartition('.')[2]]})"
        yield Problem(record, path, message, source)


class FeedChecker:
    """Feed taxonomy pages (first) and service records (then) in; `result()` out."""

    def __init__(self):
        self.problems = []
        self.services = {}  # id -> (canonical, source)
        self.taxonomies = {}
        self.shared = defaultdict(dict)  # kind -> id -> (record, canonical, owner)
        self.child_ids = defaultdict(dict)  # kind of record -> id -> owner
        self.built_in_terms = {
            term_id: schema.TaxonomyTerm.model_validate(term)
            for term_id, term in vocabulary.built_in_terms().items()
        }

    def add_problem(self, record, message, source=""):
        self.problems.append(Problem(record, "", message, source))

    def result(self):
        if self.problems:
            raise FeedError(self.problems)
        terms = [term for term, _, _ in self.shared["taxonomy_term"].values()]
        implied = {}
        for term, _, owner in self.shared["taxonomy_term"].values():
            taxonomy_id = str(term.taxonomy_id) if term.taxonomy_id else None
            known = taxonomy_id in self.taxonomies or taxonomy_id in BUILT_IN_TAXONOMY_IDS
            if taxonomy_id and not known and taxonomy_id not in implied:
                implied[taxonomy_id] = {
                    "id": taxonomy_id,
                    "name": term.taxonomy or "Imported taxonomy",
                    "description": f"Named by taxonomy terms in {owner}.",
                }
        return Feed(
            services=[record for record, _ in self.services.values()],
            taxonomies=_by_id(self.taxonomies.values()),
            implied_taxonomies=_by_id(implied.values()),
            terms=_by_id(canonical(term) for term in terms),
        )

    def _read(self, model, data, kind, source):
        """(label, record), the record None after its problems are reported."""
        label = _label(kind, data)
        try:
            context = {"known_terms": self.built_in_terms}
            return label, model.model_validate(data, context=context)
        except ValidationError as error:
            self.problems += problems_in(error, label, source)
            return label, None

    def add_taxonomy(self, data, source):
        label, taxonomy = self._read(schema.Taxonomy, data, "taxonomy", source)
        if taxonomy is None:
            return
        check = Check(label, source)
        for index, term in enumerate(taxonomy.taxonomy_terms or []):
            self._term(check, term, f"taxonomy_terms[{index}]")
        self.problems += check.problems
        taxonomy_id = str(taxonomy.id)
        if check.problems or taxonomy_id in BUILT_IN_TAXONOMY_IDS:
            return
        if taxonomy_id in self.taxonomies:
            self.add_problem(label, "appears more than once", source)
        self.taxonomies[taxonomy_id] = canonical(taxonomy, exclude={"taxonomy_terms"})

    def add_service(self, data, source):
        label, service = self._read(schema.Service, data, "service", source)
        if service is None:
            return
        check = Check(label, source)
        self._claim_children(check, service, "")
        service.attributes = self._attributes(check, service) or None
        self.problems += check.problems
        service_id = str(service.id)
        if check.problems:
            return
        if service_id in self.services:
            also = self.services[service_id][1]
            self.add_problem(label, f"appears more than once (also {also})", source)
            return
        self.services[service_id] = (canonical(service), source)

    def _claim_children(self, check, record, path):
        """Claim the id of every child record; shared ones (organization, location) are compared."""
        for name in record_fields(type(record)):
            value = getattr(record, name)
            if not value:
                continue
            where = f"{path}.{name}" if path else name
            if isinstance(value, schema.Record):
                self._shared(check, name, value, where)
            elif isinstance(value, list) and name != "attributes":
                for index, child in enumerate(value):
                    self._claim(check, name, child.id, f"{where}[{index}]")
                    self._claim_children(check, child, f"{where}[{index}]")

    def _claim(self, check, kind, item_id, where):
        """Child ids are unique across the whole feed, per kind of record."""
        owner = self.child_ids[kind].get(str(item_id))
        if owner is not None:
            check.problem(f"{where}.id", f"{item_id} is used twice (also {owner})")
        else:
            self.child_ids[kind][str(item_id)] = f"{check.record} {where}"

    def _shared(self, check, kind, record, where):
        """An organisation, location or term repeated across records must be identical."""
        seen = self.shared[kind].get(str(record.id))
        if seen is None:
            self.shared[kind][str(record.id)] = (record, canonical(record), check.record)
            self._claim_children(check, record, where)
            return record
        if record == seen[0]:  # the same fields: the same canonical form, without making it
            return seen[0]
        value = canonical(record)
        if seen[1] != value:
            differing = sorted(
                k for k in seen[1].keys() | value.keys() if seen[1].get(k) != value.get(k)
            )
            check.problem(
                where, f"differs from the same {kind} in {seen[2]} ({', '.join(differing)})"
            )
        return seen[0]

    def _term(self, check, term, where):
        term_id = str(term.id)
        if term_id in self.built_in_terms:
            return term
        if str(term.taxonomy_id) in BUILT_IN_TAXONOMY_IDS:
            check.problem(f"{where}.taxonomy_id", "a feed cannot add terms to a built-in taxonomy")
        return self._shared(check, "taxonomy_term", term, where)

    def _known_term(self, term_id):
        seen = self.shared["taxonomy_term"].get(str(term_id))
        return self.built_in_terms.get(str(term_id)) or (seen[0] if seen else None)

    def _attributes(self, check, service):
        """Canonical attributes: terms resolved, the setting and access route terms as columns."""
        attributes, columns = [], defaultdict(set)
        for index, attribute in enumerate(service.attributes or []):
            where = f"attributes[{index}]"
            if attribute.taxonomy_term is not None:
                term = self._term(check, attribute.taxonomy_term, f"{where}.taxonomy_term")
            else:
                term = self._known_term(attribute.taxonomy_term_id)
                if term is None:
                    check.problem(f"{where}.taxonomy_term", "is required (the term itself)")
                    continue
            if attribute.link_entity not in (None, "service"):
                check.problem(f"{where}.link_entity", "must be service")
            column = _column_for_term(term.id)
            if column is not None:
                columns[column[0]].add(column[1])
                continue
            self._claim(check, "attributes", attribute.id, where)
            attribute.link_id, attribute.link_entity = service.id, "service"
            attribute.taxonomy_term_id, attribute.taxonomy_term = term.id, term
            attributes.append(attribute)
        for column, codes in columns.items():
            if len(codes) > 1:
                check.problem(
                    "attributes", f"more than one {column} term: {', '.join(sorted(codes))}"
                )
            else:
                attributes.append(column_attribute(service.id, column, codes.pop()))
        return attributes


# Built-in terms never change: look each up once, not once per service.
_column_for_term = functools.cache(vocabulary.column_for_term)


@functools.cache
def _column_term(column, code):
    taxonomy, term = vocabulary.column_term(column, code)
    return taxonomy.link_type, schema.TaxonomyTerm.model_validate(term)


def column_attribute(service_id, column, code):
    """The attribute that carries a Service column (setting, access route) in Open Referral."""
    link_type, term = _column_term(column, code)
    attribute_id = vocabulary.vocabulary_id("attribute", service_id, column)
    # Built from values known to be valid, so not checked again (a feed has two per service).
    return schema.Attribute.model_construct(
        id=attribute_id,
        link_id=service_id,
        link_type=link_type,
        link_entity="service",
        taxonomy_term_id=term.id,
        taxonomy_term=term,
    )


class Check:
    """The problems found in one record beyond its own fields."""

    def __init__(self, record, source):
        self.record = record
        self.source = source
        self.problems = []

    def problem(self, path, message):
        self.problems.append(Problem(self.record, path, message, self.source))


def _by_id(items):
    return sorted(items, key=lambda item: item["id"])


def _label(kind, data):
    """`service 3fa8...` when the record has a usable id."""
    record_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(record_id, str) and record_id.strip():
        return f"{kind} {record_id.strip()[:40]}"
    return f"{kind} (no id)"
