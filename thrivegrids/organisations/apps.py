from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "thrivegrids.organisations"
    label = "organisations"
    verbose_name = "Organisations"
