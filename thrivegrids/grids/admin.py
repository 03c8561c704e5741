"""Staff admin for the content team: drafts are editable, published versions are read-only.

Publishing goes through services.publish_grid_version, so the admin cannot skip the quality checks.
"""

from django.contrib import admin, messages
from django.utils.html import format_html_join

from thrivegrids.grids import forms, services
from thrivegrids.grids.models import (
    Cell,
    Grid,
    GridVersion,
    LocalOptionDetail,
    LocalOptionDetailChange,
    Option,
    Question,
    Source,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = forms.TopicForm
    list_display = ["slug", "current_view_code", "position"]

    def save_model(self, request, obj, form, change):
        services.save_topic(by=request.user, topic=obj, request=request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "setting"]
    actions = ["create_draft"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Start a new draft version from the latest version")
    def create_draft(self, request, queryset):
        for grid in queryset:
            draft = services.create_draft_version(by=request.user, grid=grid, request=request)
            self.message_user(request, f"{draft} is ready to edit.", messages.SUCCESS)


class DraftOnlyInline(admin.StackedInline):
    extra = 0

    def _editable(self, obj):
        return obj is None or obj.is_draft

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class SourceInline(DraftOnlyInline):
    model = Source
    fields = ["position", "key", "title", "url", "evidence"]


class OptionInline(DraftOnlyInline):
    model = Option
    form = forms.OptionForm
    fields = ["position", "key", "is_waiting", "kind", "text"]


class QuestionInline(DraftOnlyInline):
    model = Question
    form = forms.QuestionForm
    fields = ["position", "key", "role", "text"]


class CellInline(DraftOnlyInline):
    model = Cell
    form = forms.CellForm
    fields = ["option", "question", "text", "sources"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this version's options and questions (the version id is in the URL).
        version_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name in ("option", "question") and version_id:
            kwargs["queryset"] = db_field.related_model.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        version_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "sources" and version_id:
            kwargs["queryset"] = Source.objects.filter(version_id=version_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(GridVersion)
class GridVersionAdmin(admin.ModelAdmin):
    form = forms.GridVersionForm
    list_display = ["grid", "number", "status", "published_on", "next_review_on", "published_by"]
    list_filter = ["status", "grid__topic", "grid__setting"]
    readonly_fields = ["status", "published_at", "published_by", "quality_checks"]
    inlines = [SourceInline, OptionInline, QuestionInline, CellInline]
    actions = ["publish", "retire"]

    def has_change_permission(self, request, obj=None):
        # Published and retired versions are shown, never edited.
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_delete_permission(request, obj)

    @admin.display(description="Quality checks")
    def quality_checks(self, obj):
        if obj.pk is None:
            return "-"
        findings = services.check_grid_version(obj)
        if not findings:
            return "Every check passes."
        return format_html_join("", "<p>{}</p>", ((str(f),) for f in findings))

    @admin.action(description="Publish the selected drafts (runs the essential checks)")
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.publish_grid_version(by=request.user, version=version, request=request)
            except services.PublishRefused as refused:
                reasons = "; ".join(f.message for f in refused.findings)
                self.message_user(
                    request, f"{version} was not published: {reasons}", messages.ERROR
                )
            else:
                self.message_user(request, f"{version} is published.", messages.SUCCESS)

    @admin.action(description="Retire (withdraw) the selected published versions")
    def retire(self, request, queryset):
        for version in queryset.published():
            services.retire_grid_version(by=request.user, version=version, request=request)
            self.message_user(request, f"{version} is retired.", messages.SUCCESS)


class LocalOptionDetailChangeInline(admin.TabularInline):
    model = LocalOptionDetailChange
    fields = ["changed_at", "changed_by", "field", "old_value", "new_value"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LocalOptionDetail)
class LocalOptionDetailAdmin(admin.ModelAdmin):
    """Local notes and contacts: governed by the site, outside the endorsed national text."""

    form = forms.LocalOptionDetailForm
    list_display = ["organisation", "grid", "option_key", "updated_at", "updated_by"]
    list_filter = ["organisation", "grid"]
    fields = ["organisation", "grid", "option_key", "note", "contact"]
    inlines = [LocalOptionDetailChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation", "grid", "option_key"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = services.update_local_option_detail(
            by=request.user,
            organisation=obj.organisation,
            grid=obj.grid,
            option_key=obj.option_key,
            note=obj.note,
            contact=obj.contact,
            request=request,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
