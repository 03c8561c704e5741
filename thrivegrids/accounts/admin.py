from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from thrivegrids.accounts import api_clients, second_factor, services
from thrivegrids.accounts.models import ApiClient, Membership
from thrivegrids.accounts.presenters import link_expiry
from thrivegrids.core.link_pages import private

User = get_user_model()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user"]


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, with the second factor's two staff actions: set-up links and reset."""

    actions = ["make_set_up_links", "reset_authenticator"]

    @admin.action(description=_("Make authenticator set-up links"), permissions=["change"])
    def make_set_up_links(self, request, queryset):
        """One link per chosen user without an authenticator app, shown once on the next page."""
        made, skipped = [], []
        for user in queryset.order_by("username"):
            if second_factor.confirmed_device(user) is not None:
                skipped.append(user.get_username())
                continue
            link, token = services.create_set_up_link(by=request.user, user=user, request=request)
            address = reverse("accounts:open_set_up_link", kwargs={"token": token})
            made.append(
                {
                    "username": user.get_username(),
                    "link": request.build_absolute_uri(address),
                    "expires": link_expiry(link),
                }
            )
        context = {**self.admin_site.each_context(request), "made": made, "skipped": skipped}
        response = TemplateResponse(request, "admin/accounts/set_up_links_made.html", context)
        return private(response)

    @admin.action(description=_("Reset authenticator app (lost phone)"), permissions=["change"])
    def reset_authenticator(self, request, queryset):
        """Remove the chosen users' apps and recovery codes; each then needs a new set-up link."""
        chosen = list(queryset)
        if not request.user.is_superuser and any(user.is_superuser for user in chosen):
            self.message_user(
                request, _("Only a superuser can reset a superuser's app."), messages.ERROR
            )
            return
        for user in chosen:
            services.reset_second_factor(by=request.user, user=user, request=request)
        self.message_user(
            request,
            ngettext(
                "Reset %(count)d authenticator app. Make a set-up link so they can add a new one.",
                "Reset %(count)d authenticator apps. Make set-up links so they can add new ones.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """API clients of the FHIR API (docs/fhir.md): made here, their token shown once; revoked,
    never deleted (the audit trail names them)."""

    list_display = ["name", "organisation", "scope", "created_at", "revoked_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name"]
    fields = ["organisation", "name", "scope", "created_at", "created_by", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # Scope is read-only for every client; nothing changes after making it but revocation.
        made = ["created_at", "created_by", "revoked_at"]
        return ["scope", *made] if obj is None else ["organisation", "name", "scope", *made]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing can be changed once made
        client, token = api_clients.create_api_client(
            by=request.user, organisation=obj.organisation, name=obj.name, request=request
        )
        obj.pk, obj.token_hash, obj.created_at = client.pk, client.token_hash, client.created_at
        obj._state.adding = False
        request.api_client_token = token

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "client": obj,
            "token": request.api_client_token,
        }
        response = TemplateResponse(request, "admin/accounts/api_client_made.html", context)
        return private(response)

    @admin.action(description=_("Stop the chosen API clients' tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        chosen = list(queryset)
        for client in chosen:
            api_clients.revoke_api_client(by=request.user, client=client, request=request)
        self.message_user(
            request,
            ngettext(
                "Stopped %(count)d API client's token.",
                "Stopped %(count)d API clients' tokens.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )
