from django.urls import path

from thrivegrids.conversations import views
from thrivegrids.conversations.corrections import views as corrections

app_name = "conversations"
urlpatterns = [
    # pk is the young person's: a conversation always starts from one.
    path("young-people/<int:pk>/new/", views.start_conversation, name="start_conversation"),
    path("<int:pk>/", views.show_conversation, name="show_conversation"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/record/", views.record_conversation, name="record_conversation"),
    path("<int:pk>/services/", views.attach_shortlist, name="attach_shortlist"),
    path("<int:pk>/grids/<int:position>/", views.show_grid_in_room, name="show_grid_in_room"),
    path("<int:pk>/correct/", corrections.correct_conversation, name="correct_conversation"),
    path("<int:pk>/corrections/", corrections.show_corrections, name="show_corrections"),
]
