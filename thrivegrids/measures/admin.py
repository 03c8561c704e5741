"""Staff can look at the loaded instruments; they change only by loading files (load_measures)."""

from django.contrib import admin

from thrivegrids.measures.models import Instrument, Item


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(ReadOnlyMixin, admin.TabularInline):
    model = Item
    fields = ["position", "key", "concept", "text", "scale"]
    readonly_fields = fields
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["slug", "version", "organisation", "validated", "scoring_rule", "licence"]
    list_filter = ["validated", "scoring_rule"]
    readonly_fields = [
        "slug",
        "version",
        "organisation",
        "name",
        "description",
        "respondent_roles",
        "scoring_rule",
        "scoring_parameters",
        "languages",
        "licence",
        "licence_url",
        "licence_statement",
        "attribution",
        "validated",
        "benchmark",
        "answering_window_days",
        "source_file",
        "loaded_at",
    ]
    inlines = [ItemInline]
