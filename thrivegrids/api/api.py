"""The Open Referral UK v3 API at /api/openreferral/, with OpenAPI docs at its /docs.

Errors are RFC 9457 problem details (application/problem+json) that name the field at fault.
Every URL is public: LoginRequiredMiddleware skips views marked with login_not_required.
"""

import functools

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import URLResolver
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from thrivegrids.api.problems import document_problems, problem
from thrivegrids.directory.api import router as directory_router


class ProblemDetailsAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document lists the problem responses its handlers give."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_problems(document)


openreferral = ProblemDetailsAPI(
    title="ThriveGrids Open Referral UK API",
    version="3.0",
    description=(
        "Open Referral UK v3 (HSDS 3.0 UK profile) read API for the ThriveGrids directory of help. "
        "THRIVE needs-based group, grid topic, option kind, setting (NHS or community) and access "
        "route are taxonomy terms on service attributes: list them at /taxonomies."
    ),
    urls_namespace="openreferral",
)
openreferral.add_router("", directory_router)


@openreferral.exception_handler(ValidationError)
def invalid_parameters(request, error):
    errors = [
        {"field": str(item.get("loc", ["", ""])[-1]), "message": item.get("msg", "is not valid")}
        for item in error.errors
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(400, "Invalid request parameters", detail, errors)


@openreferral.exception_handler(Http404)
def not_found(request, error):
    return problem(404, "Not found", str(error) or "There is nothing at this address.")


@openreferral.exception_handler(HttpError)
def http_error(request, error):
    return problem(error.status_code, str(error.message))


def _method_not_allowed_as_problem(view):
    """django-ninja answers a method an address does not take with a bare 405: make it a
    problem detail too, keeping its Allow header."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        allowed = response.get("Allow", "")
        answer = problem(405, "Method not allowed", f"This address answers {allowed} only.")
        answer["Allow"] = allowed
        return answer

    return wrapped


def _public(patterns):
    """Mark every API view public (the API has no login) for LoginRequiredMiddleware, and
    make its 405 a problem detail."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        else:
            pattern.callback = login_not_required(_method_not_allowed_as_problem(pattern.callback))
    return patterns


def urls():
    """(patterns, app_name, namespace) for include() in the root URLconf."""
    patterns, app_name, namespace = openreferral.urls
    return _public(patterns), app_name, namespace
