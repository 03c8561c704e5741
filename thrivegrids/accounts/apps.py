from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "thrivegrids.accounts"
    label = "accounts"
    verbose_name = "Accounts"


class StaffAdminConfig(admin_apps.AdminConfig):
    """The Django admin, served by a site that asks for the second factor (see admin_site.py)."""

    default = False
    default_site = "thrivegrids.accounts.admin_site.StaffAdminSite"
