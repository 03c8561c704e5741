"""Finding directory services for grid options: by option kind and topic, nearest a place first.

Read-only helpers for the grid pages. A grid option's `kind` (such as "peer-support") is a term of
the built-in option-kind taxonomy, and a grid's topic slug a term of the topic taxonomy, so a
match is two attribute lookups. All of a grid's options are matched in one query: a window
function ranks each kind's services and keeps the first few.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber

from thrivegrids.directory import vocabulary
from thrivegrids.directory.models import Attribute, Place, Service, proximity

# How far a located service may be and still count as local. Services with no location (phone
# and online help) are available from anywhere, so they are listed after the located ones.
LOCAL_RADIUS_KM = 30


@dataclass(frozen=True)
class ServiceMatch:
    id: str
    name: str
    setting: str
    distance_km: float | None


def default_place():
    """The gazetteer place named by THRIVEGRIDS_DEFAULT_PLACE, or None (not set, or not found)."""
    name = getattr(settings, "THRIVEGRIDS_DEFAULT_PLACE", "")
    return Place.objects.filter(name=name).first() if name else None


def kind_term_id(kind):
    """The option-kind term id for a grid option's kind, or None when the kind has no term."""
    codes = {code for code, *_ in vocabulary.OPTION_KINDS.terms}
    return vocabulary.OPTION_KINDS.term_id(kind) if kind in codes else None


def topic_term_id(topic):
    """The topic term id for a grid topic slug, or None when the topic has no term."""
    codes = {code for code, *_ in vocabulary.TOPICS.terms}
    return vocabulary.TOPICS.term_id(topic) if topic in codes else None


def services_for_option(kind, topic, place, limit=3, **filters):
    """Up to `limit` active services of an option kind (and topic), nearest `place` first."""
    return services_for_options([kind], topic, place, limit=limit, **filters).get(kind, [])


def services_for_options(kinds, topic, place, limit=3, *, ages=None, checked_since=None):
    """For each option kind that has a term: up to `limit` matching services, in one query.

    A service matches when it is active, tagged with the kind, and tagged with the topic when the
    topic has a term. With `ages` (the grid's (min, max)), a service whose age range does not
    overlap it is left out; with `checked_since` (a date), so is one not checked since then
    (never checked included): a young person is never pointed at a service that would turn them
    away or may have closed. With a place, services within LOCAL_RADIUS_KM come first, nearest
    first, then services with no location; farther ones are left out. Without a place, by name.
    """
    terms = {kind_term_id(kind): kind for kind in kinds if kind}
    terms.pop(None, None)
    if not terms:
        return {}
    rows = Attribute.objects.filter(
        taxonomy_term_id__in=terms, service__status=Service.Status.ACTIVE
    )
    if ages is not None and None not in ages:
        youngest, oldest = ages
        rows = rows.filter(
            Q(service__minimum_age__isnull=True) | Q(service__minimum_age__lte=oldest),
            Q(service__maximum_age__isnull=True) | Q(service__maximum_age__gte=youngest),
        )
    if checked_since is not None:
        rows = rows.filter(service__assured_date__gte=checked_since)
    topic_term = topic_term_id(topic)
    if topic_term is not None:
        # As ServiceQuerySet.with_term, on the attribute's service_id: no scan of all services.
        tagged = Attribute.objects.filter(taxonomy_term_id=topic_term).values("service_id")
        rows = rows.filter(service_id__in=tagged)
    # Grouped by (kind, service) through the aggregate, so a service tagged twice with the same
    # kind counts once.
    rows = rows.values("taxonomy_term_id", "service_id", "service__name", "service__setting")
    rows = rows.annotate(tags=Count("id"))
    order = [F("service__name").asc(), F("service_id").asc()]
    if place is not None:
        radius = LOCAL_RADIUS_KM
        _, distance_sq = proximity(
            "service__service_at_locations__location__", place.latitude, place.longitude, radius
        )
        rows = rows.annotate(distance_sq=Min(distance_sq)).filter(
            Q(distance_sq__lte=radius**2) | Q(distance_sq__isnull=True)
        )
        order.insert(0, F("distance_sq").asc(nulls_last=True))
    rows = rows.annotate(
        rank=Window(RowNumber(), partition_by=F("taxonomy_term_id"), order_by=order)
    ).filter(rank__lte=limit)
    matches = {kind: [] for kind in terms.values()}
    for row in rows.order_by("taxonomy_term_id", "rank"):
        distance_sq = row.get("distance_sq")
        matches[terms[row["taxonomy_term_id"]]].append(
            ServiceMatch(
                id=str(row["service_id"]),
                name=row["service__name"],
                setting=row["service__setting"],
                distance_km=None if distance_sq is None else distance_sq**0.5,
            )
        )
    return matches
