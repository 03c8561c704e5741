"""The take-away summary through a shared link (public, no sign-in): /s/<token>/, /ar/s/<token>/."""

from django.urls import path

from thrivegrids.conversations.summaries import shared_views

app_name = "shared"
urlpatterns = [
    path("<str:token>/", shared_views.show_shared_summary, name="show_shared_summary"),
    path("<str:token>/summary.pdf", shared_views.shared_summary_pdf, name="shared_summary_pdf"),
]
