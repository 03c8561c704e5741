from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "thrivegrids.measures"
    label = "measures"
    verbose_name = "Shared decision making measures"
