"""Gazetteer places and the distance arithmetic that "near" searches use."""

import math

from django.db import models
from django.db.models import F

KM_PER_DEGREE = 6371.0088 * math.pi / 180


def proximity(prefix, latitude, longitude, radius_km):
    """A bounding-box filter and a squared-distance (km²) expression around a point."""
    lng_scale = max(math.cos(math.radians(latitude)), 0.01)
    dlat = radius_km / KM_PER_DEGREE
    dlng = radius_km / (KM_PER_DEGREE * lng_scale)
    box = {
        f"{prefix}latitude__range": (latitude - dlat, latitude + dlat),
        f"{prefix}longitude__range": (longitude - dlng, longitude + dlng),
    }
    y = (F(f"{prefix}latitude") - latitude) * KM_PER_DEGREE
    x = (F(f"{prefix}longitude") - longitude) * (KM_PER_DEGREE * lng_scale)
    return box, x * x + y * y


class Place(models.Model):
    """A named place in the site's gazetteer, for "near me" searches without a postcode service."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
