"""Templates run no queries: every query a page needs is made by its view (or a service) before
rendering, so the count is visible in one place and a lazily passed queryset cannot make an N+1.

Each signed-in page in the permission matrix is fetched by a role that may see it, with the
database watched only while Jinja renders. Per-page ceilings with realistic data are in
tests/conversations/test_queries.py.
"""

import pytest
from django.db import connection
from django.template.backends.jinja2 import Template
from django.test.utils import CaptureQueriesContext

from tests import test_permission_matrix as matrix
from tests.accounts.factories import sign_in_fully
from tests.test_permission_matrix import POLICY, PUBLIC, _client, _url

# The matrix's people and records: one user per role, a record here and one elsewhere.
world = matrix.world

pytestmark = pytest.mark.django_db


def _pages():
    """(URL name, a role whose GET of its own organisation's page is a 200)."""
    for name, rule in sorted(POLICY.items()):
        if rule == PUBLIC:
            continue
        for role, status in rule["GET"].items():
            status = status[0] if isinstance(status, tuple) else status
            if status == 200:
                yield name, role
                break


@pytest.fixture
def queries_while_rendering(monkeypatch):
    captured = []
    render = Template.render

    def watched(self, context=None, request=None):
        with CaptureQueriesContext(connection) as queries:
            html = render(self, context, request)
        captured.extend(query["sql"] for query in queries.captured_queries)
        return html

    monkeypatch.setattr(Template, "render", watched)
    return captured


def test_the_sweep_covers_the_signed_in_pages():
    assert len(list(_pages())) >= 15


@pytest.mark.parametrize(("name", "role"), list(_pages()), ids=lambda value: str(value))
def test_a_signed_in_page_runs_no_query_while_its_template_renders(
    name, role, world, queries_while_rendering
):
    client = sign_in_fully(_client(), world["users"][role])

    response = client.get(_url(name, world["own"]))

    assert response.status_code == 200
    assert queries_while_rendering == []


PUBLIC_PAGES = [
    "/",
    "/grids/low-mood/nhs/",
    "/grids/low-mood/community/",
    "/ar/grids/self-harm/nhs/",
    "/grids/low-mood/nhs/changes/",
    "/services/",
    "/services/?q=group",
    "/services/shortlist/",
]


def test_public_pages_run_no_query_while_their_templates_render(
    client, demo_grids, queries_while_rendering
):
    """One test for all of them: the example directory is imported once (the slow part)."""
    import io

    from django.core.management import call_command

    from tests.directory.feeds import DEMO_FEED
    from thrivegrids.directory.models import Service

    call_command("import_oruk", DEMO_FEED, "--feed", "example-valley", stdout=io.StringIO())
    service = Service.objects.order_by("name").first()
    found = {}

    for address in [*PUBLIC_PAGES, f"/services/{service.pk}/"]:
        queries_while_rendering.clear()
        status = client.get(address).status_code
        found[address] = (status, list(queries_while_rendering))

    assert found == {address: (200, []) for address in found}
