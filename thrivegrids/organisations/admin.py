from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from thrivegrids.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent"]}),
        (
            _("Contact details for young people"),
            {"fields": ["contact_name", "contact_phone", "contact_hours"]},
        ),
    ]
