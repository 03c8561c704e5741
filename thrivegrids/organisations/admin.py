from django.contrib import admin

from thrivegrids.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "parent"]
    prepopulated_fields = {"slug": ["name"]}
