"""Who belongs to which organisation, and in what role; authenticator set-up links and recovery
codes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.accounts.permissions import Role, role_has_permission


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("organisation").order_by("organisation__name")


class Membership(models.Model):
    """A user's role in one organisation. A user may belong to several and picks one at a time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_role_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def has_permission(self, permission):
        return role_has_permission(self.role, permission)


class SetUpLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Links that can still set up an authenticator: not used, not replaced, not ended."""
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class SetUpLink(models.Model):
    """A one-time link that lets one user add their authenticator app (after their password).

    Only the token's SHA-256 is stored: the link is shown once, to the team lead or staff member
    who made it. Making a new link for the same user replaces (revokes) any unused one.
    """

    class Refusal(models.TextChoices):
        EXPIRED = "expired", _("It has ended.")
        USED = "used", _("It has already been used.")
        REPLACED = "replaced", _("A newer link was made for the same account.")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_up_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # Where a team lead made it (its audit events show in that organisation); empty for staff.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SetUpLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Set-up link for {self.user}"

    def refusal(self, now=None):
        """Why this link no longer works (a Refusal), or None while it still does."""
        now = now or timezone.now()
        if self.used_at is not None:
            return self.Refusal.USED
        if self.revoked_at is not None:
            return self.Refusal.REPLACED
        if self.expires_at <= now:
            return self.Refusal.EXPIRED
        return None


class RecoveryCode(models.Model):
    """One single-use recovery code, for signing in without the authenticator app.

    Only a salted SHA-256 of the code is stored ("salt$digest"); the codes are shown once, when the
    authenticator is set up.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Recovery code for {self.user}"


class ApiClientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiClient(models.Model):
    """A system that reads one organisation's records through the FHIR API (docs/fhir.md).

    Made by a site admin in the Django admin. Only the token's SHA-256 is stored: the token is
    shown once, when the client is made. Read-only; revoking it stops its token at once.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="api_clients"
    )
    name = models.CharField(_("Name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name", "pk"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return self.name
