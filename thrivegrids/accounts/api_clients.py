"""Writes about API clients (docs/fhir.md): making one (its token shown once) and revoking it;
and finding the client a bearer token belongs to. Each write is audited with one event."""

from django.db import transaction
from django.utils import timezone

from thrivegrids.accounts.models import ApiClient
from thrivegrids.core.audit import AuditAction, record_event
from thrivegrids.core.secret_tokens import hashed, new_token

# Longer than any token we make (43 characters): a longer one is refused unhashed.
TOKEN_LIMIT = 100


@transaction.atomic
def create_api_client(*, by, organisation, name, request=None) -> tuple[ApiClient, str]:
    """A read-only client of `organisation`, and its token (256 random bits), which is not stored:
    show it once."""
    token = new_token()
    client = ApiClient.objects.create(
        organisation=organisation,
        name=name,
        token_hash=hashed(token),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(
        by=by,
        action=AuditAction.API_CLIENT_CREATE,
        target=client,
        organisation=organisation,
        request=request,
        details={"name": name, "scope": client.scope},
    )
    return client, token


@transaction.atomic
def revoke_api_client(*, by, client, request=None) -> ApiClient:
    """Stop the client's token at once (a client already revoked keeps its first revocation)."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.revoked_by = by if getattr(by, "is_authenticated", False) else None
        client.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        by=by,
        action=AuditAction.API_CLIENT_REVOKE,
        target=client,
        organisation=client.organisation,
        request=request,
        details={"name": client.name},
    )
    return client


def client_for_token(token: str) -> ApiClient | None:
    """The client (revoked or not) whose token this is, or None for an unknown token."""
    if not token or len(token) > TOKEN_LIMIT:
        return None
    return ApiClient.objects.select_related("organisation").filter(token_hash=hashed(token)).first()
