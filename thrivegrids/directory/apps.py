from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "thrivegrids.directory"
    label = "directory"
    verbose_name = "Directory of help"
