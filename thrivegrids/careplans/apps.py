from django.apps import AppConfig


class CarePlansConfig(AppConfig):
    name = "thrivegrids.careplans"
    label = "careplans"
    verbose_name = "Personalised care and support plans"

    def ready(self):
        from thrivegrids.careplans import checks  # noqa: F401 (registers the system checks)
