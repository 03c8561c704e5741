from django.urls import path  # noqa: F401  (each part of the app adds its paths below)

from thrivegrids.careplans import goal_views, review_views, share_views, views

app_name = "careplans"

urlpatterns = []

# The plan itself: start (pk is the young person's), look, edit, agree, versions (careplans/views.py).
urlpatterns += [
    path("young-people/<int:pk>/new/", views.start_plan, name="start_plan"),
    path("<int:pk>/", views.show_plan, name="show_plan"),
    path("<int:pk>/edit/", views.edit_plan, name="edit_plan"),
    path("<int:pk>/autosave/", views.autosave_plan, name="autosave_plan"),
    path("<int:pk>/agree/", views.agree_plan, name="agree_plan"),
    path("<int:pk>/versions/", views.list_versions, name="list_versions"),
    path("<int:pk>/versions/compare/", views.compare_versions, name="compare_versions"),
]

# Reviews: holding one, and the reviews due, overdue and asked for (careplans/review_views.py).
urlpatterns += [
    path("reviews/", review_views.reviews_due, name="reviews_due"),
    path("<int:pk>/review/", review_views.hold_review, name="hold_review"),
]

# Sharing the young person's copy by link and QR code (careplans/share_views.py).
urlpatterns += [
    path("<int:pk>/share/", share_views.share_plan, name="share_plan"),
    path("<int:pk>/share/<int:link_pk>/stop/", share_views.stop_plan_link, name="stop_plan_link"),
]

# Rating progress towards a plan's goals (careplans/goal_views.py).
urlpatterns += [
    path("<int:pk>/goals/rate/", goal_views.rate_goals, name="rate_goals"),
]
