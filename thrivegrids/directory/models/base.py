"""Column and constraint helpers shared by the directory's models."""

import uuid

from django.db import models
from django.db.models import Q


def uuid_pk():
    """An Open Referral id: a UUID primary key, generated when we create the record ourselves."""
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


def one_parent(name, *fields):
    """A check that exactly one of the parent foreign keys is set."""
    options = [
        Q(
            **{f"{field}__isnull": False},
            **{f"{other}__isnull": True for other in fields if other != field},
        )
        for field in fields
    ]
    condition = options[0]
    for option in options[1:]:
        condition |= option
    return models.CheckConstraint(condition=condition, name=name)
