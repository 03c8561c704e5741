"""Writing audit events. Services call record_event inside their transaction."""

from thrivegrids.core.models import AuditEvent


def record_event(
    *, by, action, target, organisation=None, request=None, details=None, actor_label=""
):
    """Append one audit event; `by` is a user, or None for the command line (or `actor_label`)."""
    user = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label="" if user else (actor_label or "command line"),
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        request_id=getattr(request, "request_id", "") if request else "",
        details=details or {},
    )
