"""What other apps may use from records: the young person, their form, and the services that
write and read a record (each audited)."""

from thrivegrids.records.forms import YoungPersonForm
from thrivegrids.records.models import YoungPerson
from thrivegrids.records.services import (
    audit_trail_for_reading,
    create_young_person,
    record_young_person_read,
    update_young_person,
    young_people_for_listing,
    young_person_for_reading,
    young_person_to_change,
)

__all__ = [
    "YoungPerson",
    "YoungPersonForm",
    "create_young_person",
    "audit_trail_for_reading",
    "record_young_person_read",
    "update_young_person",
    "young_people_for_listing",
    "young_person_for_reading",
    "young_person_to_change",
]
