"""Young people's records for tests, with fictional references and NHS numbers from the 999 range."""

import factory

from tests.accounts.factories import OrganisationFactory
from thrivegrids.records import nhs_number
from thrivegrids.records.models import AgeBand, YoungPerson


def fictional_nhs_number(n):
    """A valid number in 999 000 0000 to 999 999 9999, a range the NHS does not issue."""
    while True:
        first_nine = f"999{n:06d}"
        digit = nhs_number.check_digit(first_nine)
        if digit is not None:
            return first_nine + str(digit)
        n += 1


class YoungPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPerson

    organisation = factory.SubFactory(OrganisationFactory)
    local_reference = factory.Sequence(lambda n: f"YP-{n:04d}")
    age_band = AgeBand.FROM_14_TO_15
    preferred_language = "en"
