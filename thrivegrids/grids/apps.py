from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "thrivegrids.grids"
    label = "grids"
    verbose_name = "Grids"
