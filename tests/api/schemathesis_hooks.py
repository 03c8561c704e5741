"""Schemathesis hooks for the API's rules that OpenAPI cannot state.

Used by tests/api/test_schemathesis.py, and by a run of schemathesis' command line against a
running server (docs/api.md):

    SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks .venv/bin/st run \\
        http://127.0.0.1:8000/api/openreferral/openapi.json
"""

import schemathesis

# A point the demo directory's services are near (Valleyford).
NEAR = {"lat": 52.6, "lng": -1.5}


@schemathesis.hook
def map_case(context, case):
    """Complete a proximity search: lat and lng go together and radius_km needs them (each
    parameter's description says so). Only valid values are added, so an invalid request
    stays invalid."""
    query = case.query
    if isinstance(query, dict) and any(name in query for name in ("lat", "lng", "radius_km")):
        case.query = NEAR | query
    return case
