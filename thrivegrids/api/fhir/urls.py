"""/fhir/r4/: read, search and $everything (docs/fhir.md). No trailing slashes, as FHIR has none."""

from django.urls import path

from thrivegrids.api.fhir import views

app_name = "fhir"

urlpatterns = [
    path("Patient/<str:id>/$everything", views.everything, name="everything"),
    path("<str:resource_type>/<str:id>", views.read, name="read"),
    path("<str:resource_type>", views.search, name="search"),
    path("<path:rest>", views.not_found, name="not_found"),
]
