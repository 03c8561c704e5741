from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "thrivegrids.records"
    label = "records"
    verbose_name = "Young people's records"
