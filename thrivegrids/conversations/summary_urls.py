"""A conversation's take-away summary for signed-in staff, and its shared links."""

from django.urls import path

from thrivegrids.conversations import summary_views

app_name = "summaries"
urlpatterns = [
    path("<int:pk>/summary/", summary_views.show_summary, name="show_summary"),
    path("<int:pk>/summary.pdf", summary_views.summary_pdf, name="summary_pdf"),
    path("<int:pk>/share/", summary_views.share_summary, name="share_summary"),
    path(
        "<int:pk>/share/<int:link_pk>/",
        summary_views.change_summary_link,
        name="change_summary_link",
    ),
]
