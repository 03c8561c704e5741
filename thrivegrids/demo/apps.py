from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Example content for `make demo`: the one app allowed to import every other app."""

    name = "thrivegrids.demo"
    label = "demo"
    verbose_name = "Demo content"
