from django.urls import path, register_converter

from thrivegrids.grids import views


class SettingConverter:
    regex = "nhs|community"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SettingConverter, "setting")

app_name = "grids"
urlpatterns = [
    path("", views.list_topics, name="home"),
    path("grids/", views.list_topics, name="list_topics"),
    path("grids/<slug:topic>/<setting:setting>/", views.show_grid, name="show_grid"),
    path("grids/<slug:topic>/<setting:setting>/print.pdf", views.grid_pdf, name="grid_pdf"),
    path(
        "grids/<slug:topic>/<setting:setting>/versions/<int:number>/",
        views.show_grid_version,
        name="show_grid_version",
    ),
    path(
        "grids/<slug:topic>/<setting:setting>/versions/<int:number>/print.pdf",
        views.grid_version_pdf,
        name="grid_version_pdf",
    ),
    path("grids/<slug:topic>/<setting:setting>/changes/", views.show_changes, name="show_changes"),
]
