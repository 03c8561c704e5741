"""Staff admin for the directory: services, organisations and gazetteer places.

Service edits go through services.create_service / update_service, so every edit stamps
last_modified, is audited and refreshes the cached grid pages; "Mark as checked" goes through
services.mark_service_checked. Problem reports and shared shortlists are registered further down.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thrivegrids.directory import problem_reports, services, vocabulary
from thrivegrids.directory.models import (
    Attribute,
    Contact,
    CostOption,
    Language,
    Organization,
    Phone,
    Place,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
    Shortlist,
    ShortlistEntry,
    TaxonomyTerm,
)
from thrivegrids.directory.oruk.limits import text_fields

# Terms kept as Service columns (setting, access route) are edited there, not as tags.
COLUMN_TAXONOMY_IDS = [taxonomy.id for taxonomy in vocabulary.COLUMN_TAXONOMIES.values()]
LINK_TYPES = {taxonomy.id: taxonomy.link_type for taxonomy in vocabulary.TAXONOMIES}


# Text staff type is held to the limit a feed's is (declared once, in oruk/schema.py).
FEED_LIMITS = {(record, name): limit for record, name, limit in text_fields() if limit}


class FeedLimits:
    """For admins and inlines of directory records: a text box has its feed field's limit."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            limit = FEED_LIMITS.get((db_field.model.__name__, db_field.name))
            if limit:
                kwargs["max_length"] = limit
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def freshness_days():
    return getattr(settings, "THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS", 180)


class StaleFilter(admin.SimpleListFilter):
    """Services not checked within the site's freshness limit (never checked counts as stale)."""

    title = "last checked"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        days = freshness_days()
        return [
            ("yes", f"Not checked for more than {days} days"),
            ("no", f"Checked in the last {days} days"),
        ]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - datetime.timedelta(days=freshness_days())
        if self.value() == "yes":
            return queryset.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))
        if self.value() == "no":
            return queryset.filter(assured_date__gte=cutoff)
        return queryset


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, term):
        taxonomy = term.taxonomy.name if term.taxonomy else term.taxonomy_text
        return f"{taxonomy}: {term.name}" if taxonomy else term.name


class AttributeInline(FeedLimits, admin.TabularInline):
    model = Attribute
    fields = ["taxonomy_term", "value"]
    extra = 0
    verbose_name = "tag (THRIVE group, topic, option kind or other term)"
    verbose_name_plural = "tags (THRIVE groups, topics, option kinds and other terms)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "taxonomy_term":
            kwargs["queryset"] = (
                TaxonomyTerm.objects.select_related("taxonomy")
                .exclude(taxonomy_id__in=COLUMN_TAXONOMY_IDS)
                .order_by("taxonomy__name", "name")
            )
            kwargs["form_class"] = TermChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceAtLocationInline(FeedLimits, admin.TabularInline):
    model = ServiceAtLocation
    fields = ["location"]
    raw_id_fields = ["location"]
    extra = 0
    verbose_name = "location"
    verbose_name_plural = "locations (ids of locations; add new places through a feed import)"


class ContactInline(FeedLimits, admin.TabularInline):
    model = Contact
    fields = ["name", "title", "department", "email"]
    extra = 0


class PhoneInline(FeedLimits, admin.TabularInline):
    model = Phone
    fk_name = "service"
    fields = ["number", "extension", "type", "description"]
    extra = 0


class ScheduleInline(FeedLimits, admin.StackedInline):
    model = Schedule
    fk_name = "service"
    fields = [
        ("freq", "byday", "bymonthday"),
        ("opens_at", "closes_at"),
        ("valid_from", "valid_to"),
        "description",
    ]
    extra = 0
    verbose_name = "opening hours"
    verbose_name_plural = "opening hours (Europe/London time)"


class CostOptionInline(FeedLimits, admin.TabularInline):
    model = CostOption
    fields = ["option", "amount", "currency", "amount_description"]
    extra = 0


class LanguageInline(FeedLimits, admin.TabularInline):
    model = Language
    fk_name = "service"
    fields = ["name", "code", "note"]
    extra = 0


@admin.register(Service)
class ServiceAdmin(FeedLimits, admin.ModelAdmin):
    list_display = [
        "name",
        "organization",
        "setting",
        "access_route",
        "status",
        "assured_date",
        "last_modified",
    ]
    list_filter = [StaleFilter, "setting", "access_route", "status", "feed"]
    list_select_related = ["organization"]
    search_fields = ["name", "description", "organization__name"]
    autocomplete_fields = ["organization"]
    date_hierarchy = "last_modified"
    readonly_fields = ["last_modified", "assured_date", "checked_by", "feed", "fetched_at"]
    fieldsets = [
        (None, {"fields": ["organization", "name", "description", "status", "alert"]}),
        (
            "Who it is for and how to get it",
            {
                "fields": [
                    ("minimum_age", "maximum_age"),
                    "eligibility_description",
                    "setting",
                    "access_route",
                    "application_process",
                    "fees",
                ]
            },
        ),
        ("Contact", {"fields": ["url", "email"]}),
        (
            "Checks and provenance",
            {
                "fields": [
                    "assured_date",
                    "checked_by",
                    "assurer_email",
                    "accreditations",
                    "last_modified",
                    "feed",
                    "fetched_at",
                ]
            },
        ),
    ]
    inlines = [
        AttributeInline,
        ServiceAtLocationInline,
        ContactInline,
        PhoneInline,
        ScheduleInline,
        CostOptionInline,
        LanguageInline,
    ]
    actions = ["mark_checked"]

    def has_delete_permission(self, request, obj=None):
        # A service that stops is marked inactive or defunct (feeds do the same), never deleted.
        return False

    def save_model(self, request, obj, form, change):
        # A change is stored in save_related, once the inlines are known, so that one audited
        # update stamps last_modified for an edit to the service or to any of its inlines.
        if not change:
            services.create_service(by=request.user, service=obj, request=request)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Attribute) and not instance.link_type:
                instance.link_type = LINK_TYPES.get(instance.taxonomy_term.taxonomy_id, "")
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            return
        related = [formset.prefix for formset in formsets if formset.has_changed()]
        if not form.has_changed() and not related:
            return
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        saved = services.update_service(
            by=request.user, service=form.instance, related=related, request=request, **fields
        )
        form.instance.last_modified = saved.last_modified

    @admin.action(description="Mark as checked today (sets the last-checked date and checker)")
    def mark_checked(self, request, queryset):
        for service in queryset:
            services.mark_service_checked(by=request.user, service=service, request=request)
        self.message_user(
            request, f"Marked {queryset.count()} service(s) as checked today.", messages.SUCCESS
        )


@admin.register(Organization)
class OrganizationAdmin(FeedLimits, admin.ModelAdmin):
    list_display = ["name", "website", "feed", "fetched_at"]
    list_filter = ["feed"]
    search_fields = ["name", "description"]
    readonly_fields = ["feed", "fetched_at"]
    fields = ["name", "description", "email", "website", "uri", "logo", "feed", "fetched_at"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """The gazetteer: named places searches and grid pages measure distances from."""

    list_display = ["name", "latitude", "longitude"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        services.save_place(by=request.user, place=obj, request=request)


# Problem reports and shared shortlists, written by the public pages.


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    """The review queue: open reports first, newest first. Reports are kept, never deleted."""

    list_display = ["created_at", "service", "reason", "status", "resolved_by", "resolved_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["service", "resolved_by"]
    search_fields = ["service__name", "details"]
    date_hierarchy = "created_at"
    ordering = ["status", "-created_at"]  # "open" sorts before "resolved"
    fields = ["service", "reason", "details", "created_at", "status", "resolved_by", "resolved_at"]
    readonly_fields = fields
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Mark as resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        changed = problem_reports.resolve_problem_reports(
            by=request.user, reports=list(queryset), request=request
        )
        self.message_user(request, f"Marked {changed} report(s) as resolved.", messages.SUCCESS)


class ShortlistEntryInline(admin.TabularInline):
    model = ShortlistEntry
    fields = ["position", "service"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    """Shared shortlists, read-only: anyone with the link sees the same list."""

    list_display = ["created_at", "token"]
    date_hierarchy = "created_at"
    fields = ["token", "created_at"]
    readonly_fields = fields
    inlines = [ShortlistEntryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
