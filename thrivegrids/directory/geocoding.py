"""Turning a place typed by a person into coordinates, through a pluggable geocoder.

The setting THRIVEGRIDS_GEOCODER names the class. The default looks names up in the site's own
gazetteer (imported from CSV), so nothing leaves the service and tests never call the internet. A
postcode geocoder (for example one backed by a local copy of the ONS postcode directory) would
implement the same one method.
"""

from typing import Protocol

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.text import slugify

from thrivegrids.directory.models import Place


class Located(Protocol):
    name: str
    latitude: float
    longitude: float


class Geocoder(Protocol):
    def locate(self, text: str) -> Located | None:
        """The place the text names, or None when it cannot be found."""


class GazetteerGeocoder:
    """Offline: a place name (or its slug) from the gazetteer table."""

    def locate(self, text):
        text = text.strip()
        if not text:
            return None
        return Place.objects.filter(Q(name__iexact=text) | Q(slug=slugify(text))).first()


def get_geocoder() -> Geocoder:
    return import_string(settings.THRIVEGRIDS_GEOCODER)()
