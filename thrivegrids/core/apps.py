from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thrivegrids.core"
    label = "core"
    verbose_name = "Core"
