from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thrivegrids.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from thrivegrids.core import checks  # noqa: F401 (registers the system checks)
