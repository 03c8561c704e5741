from django.urls import path

from thrivegrids.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search_services, name="search_services"),
    path("<uuid:service_id>/", views.show_service, name="show_service"),
    path("<uuid:service_id>/report-a-problem/", views.report_problem, name="report_problem"),
    path(
        "<uuid:service_id>/report-a-problem/sent/",
        views.problem_reported,
        name="problem_reported",
    ),
    path("shortlist/", views.show_shortlist, name="show_shortlist"),
    path("shortlist/add/", views.add_to_shortlist, name="add_to_shortlist"),
    path("shortlist/remove/", views.remove_from_shortlist, name="remove_from_shortlist"),
    path("shortlist/share/", views.share_shortlist, name="share_shortlist"),
    path("shortlist/<slug:token>/", views.show_shared_shortlist, name="show_shared_shortlist"),
    path(
        "shortlist/<slug:token>/print.pdf",
        views.shared_shortlist_pdf,
        name="shared_shortlist_pdf",
    ),
]
