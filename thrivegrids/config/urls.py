from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from thrivegrids.api import api as public_api
from thrivegrids.core import views as core_views

admin.site.site_header = "ThriveGrids staff"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", core_views.health, name="health"),
    # The Open Referral UK API: machine-readable, so not language-prefixed.
    path("api/openreferral/", public_api.urls()),
    # The FHIR R4 API for API clients (bearer token), read-only: docs/fhir.md.
    path("fhir/r4/", include("thrivegrids.api.fhir.urls")),
]
# English at /..., Arabic at /ar/...
urlpatterns += i18n_patterns(
    path("", include("thrivegrids.grids.urls")),
    path("services/", include("thrivegrids.directory.urls")),
    path("accounts/", include("thrivegrids.accounts.urls")),
    path("records/", include("thrivegrids.caseload.urls")),
    # Conversations (signed in) and their take-away summaries, shared by link (public, /s/...).
    path("conversations/", include("thrivegrids.conversations.urls")),
    path("conversations/", include("thrivegrids.conversations.summaries.urls")),
    path("s/", include("thrivegrids.conversations.summaries.shared_urls")),
    path("s/", include("thrivegrids.measures.feedback.urls")),
    path("measures/", include("thrivegrids.measures.urls")),
    path("plans/", include("thrivegrids.careplans.urls")),
    # The young person's copy of a care plan, shared by link (public, /p/...).
    path("p/", include("thrivegrids.careplans.shared_urls")),
    prefix_default_language=False,
)

# NHS.UK styled, in the address's language, with the urgent-help box (core/views.py).
handler500 = "thrivegrids.core.views.server_error"
