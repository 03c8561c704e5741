"""A read-only FHIR R4 API for an organisation's API clients (docs/fhir.md)."""
