"""What other apps may use from records: the young person, their form, and the services that
write and read a record (each audited)."""

from thrivegrids.records.forms import YoungPersonForm
from thrivegrids.records.models import YoungPerson
from thrivegrids.records.services import (
    create_young_person,
    record_audit_trail_read,
    record_list_read,
    record_young_person_read,
    update_young_person,
)

__all__ = [
    "YoungPerson",
    "YoungPersonForm",
    "create_young_person",
    "record_audit_trail_read",
    "record_list_read",
    "record_young_person_read",
    "update_young_person",
]
