from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    """The pages about young people: the caseload list and each young person's record page,
    which brings together what the other apps hold about them (conversations, and later plans)."""

    name = "thrivegrids.caseload"
    label = "caseload"
    verbose_name = "Caseload"
