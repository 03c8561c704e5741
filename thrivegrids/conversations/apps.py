from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "thrivegrids.conversations"
    label = "conversations"
    verbose_name = "Shared decision conversations"
