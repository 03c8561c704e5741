from django.urls import path

from thrivegrids.caseload import views

app_name = "caseload"
urlpatterns = [
    path("", views.list_young_people, name="list_young_people"),
    path("new/", views.create_young_person, name="create_young_person"),
    path("audit/", views.show_audit_trail, name="show_audit_trail"),
    path("<int:pk>/", views.show_young_person, name="show_young_person"),
    path("<int:pk>/edit/", views.edit_young_person, name="edit_young_person"),
]
