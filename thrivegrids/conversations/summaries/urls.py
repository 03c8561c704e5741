"""A conversation's take-away summary for signed-in staff, and its shared links."""

from django.urls import path

from thrivegrids.conversations.summaries import views

app_name = "summaries"
urlpatterns = [
    path("<int:pk>/summary/", views.show_summary, name="show_summary"),
    path("<int:pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("<int:pk>/share/", views.share_summary, name="share_summary"),
    path("<int:pk>/share/<int:link_pk>/", views.change_summary_link, name="change_summary_link"),
]
