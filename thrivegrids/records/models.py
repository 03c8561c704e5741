"""A young person's record: a local reference and the few facts a conversation needs, nothing more.

Reads go through YoungPerson.objects.for_organisation(org), so a view can never reach another
organisation's records (a lint test holds views to this).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thrivegrids.records import nhs_number


class AgeBand(models.TextChoices):
    UNDER_11 = "under_11", _("Under 11")
    FROM_11_TO_13 = "11_13", _("11 to 13")
    FROM_14_TO_15 = "14_15", _("14 to 15")
    FROM_16_TO_17 = "16_17", _("16 to 17")
    FROM_18_TO_25 = "18_25", _("18 to 25")


class PreferredLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    OTHER = "other", _("Another language")


def validate_nhs_number(value):
    if value and not nhs_number.is_valid(value):
        raise ValidationError(
            _("Enter a real NHS number: 10 digits, like 943 476 5919"), code="invalid"
        )


class YoungPersonQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)

    def local_references(self, pks):
        """{pk: local reference} for these records (ids that are not numbers are ignored)."""
        numeric = [int(pk) for pk in pks if str(pk).isdigit()]
        return dict(self.filter(pk__in=numeric).values_list("pk", "local_reference"))


class YoungPerson(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="young_people"
    )
    local_reference = models.CharField(_("Local reference"), max_length=40)
    age_band = models.CharField(_("Age band"), max_length=10, choices=AgeBand.choices, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(
        _("Year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    preferred_language = models.CharField(
        _("Preferred language"),
        max_length=10,
        choices=PreferredLanguage.choices,
        default=PreferredLanguage.ENGLISH,
    )
    # Digits only (normalised by the form); optional.
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    parent_carer_name = models.CharField(_("Parent or carer's name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = YoungPersonQuerySet.as_manager()

    class Meta:
        ordering = ["local_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "local_reference"], name="one_reference_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation", "nhs_number"],
                condition=~Q(nhs_number=""),
                name="one_nhs_number_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(age_band="") | Q(year_of_birth__isnull=False),
                name="age_band_or_year_of_birth",
            ),
        ]

    def __str__(self):
        return self.local_reference

    @property
    def nhs_number_display(self):
        return nhs_number.formatted(self.nhs_number) if self.nhs_number else ""
