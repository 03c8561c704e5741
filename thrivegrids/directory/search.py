"""The public service search: filters, then distance or relevance order, as one queryset."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Min, Q, Value, When

from thrivegrids.directory import hours, text_search, vocabulary
from thrivegrids.directory.models import AccessRoute, Language, Service, proximity

LOCATION = "service_at_locations__location__"
HIDDEN_STATUSES = (Service.Status.INACTIVE, Service.Status.DEFUNCT)
OPEN_NOW_BATCH = 500


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: a gazetteer place or the browser's location."""

    label: str
    latitude: float
    longitude: float
    params: dict  # what to carry in links so the next page measures from the same place


@dataclass(frozen=True)
class Criteria:
    text: str = ""
    group: str = ""
    topic: str = ""
    kind: str = ""  # the kind of help a grid option offers (option-kind taxonomy)
    age: int | None = None
    setting: str = ""
    language: str = ""
    self_referral: bool = False
    free: bool = False
    open_now: bool = False
    origin: Origin | None = None


def find_services(criteria, *, now):
    """Matching services: nearest first when there is an origin, otherwise best text match."""
    services = _filtered(Service.objects.exclude(status__in=HIDDEN_STATUSES), criteria)
    if criteria.open_now:
        services = services.filter(pk__in=open_service_ids(services, now))
    if criteria.origin is not None:
        services = with_distance(services, criteria.origin).order_by(
            F("distance_sq").asc(nulls_last=True), "name", "id"
        )
    elif criteria.text:
        services = services.annotate(rank=_rank(criteria.text)).order_by("rank", "name", "id")
    else:
        services = services.order_by("name", "id")
    return for_cards(services)


def for_cards(services):
    """What a result card shows, in a fixed number of queries per page."""
    return services.select_related("organization").prefetch_related(
        "cost_options",
        "schedules",
        "service_at_locations__schedules",
        "service_at_locations__location__schedules",
    )


def _filtered(services, criteria):
    if criteria.text:
        services = services.search(criteria.text)
    if criteria.group:
        services = services.with_term(vocabulary.THRIVE.term_id(criteria.group))
    if criteria.topic:
        services = services.with_term(vocabulary.TOPICS.term_id(criteria.topic))
    if criteria.kind:
        services = services.with_term(vocabulary.OPTION_KINDS.term_id(criteria.kind))
    if criteria.age is not None:
        services = services.for_age(criteria.age)
    if criteria.setting:
        services = services.filter(setting=criteria.setting)
    if criteria.language:
        spoken = Language.objects.filter(code=criteria.language, service__isnull=False)
        services = services.filter(pk__in=spoken.values("service_id"))
    if criteria.self_referral:
        # Drop-in services need no referral either.
        services = services.filter(
            access_route__in=[AccessRoute.SELF_REFERRAL, AccessRoute.DROP_IN]
        )
    if criteria.free:
        services = services.free()
    return services


def _rank(text):
    """0: the name holds the whole phrase; 1: every word is in the name; 2: the description.

    Compared in folded form (text_search.py), so a name spelt another way still ranks first.
    """
    words = text_search.words(text)
    if not words:  # nothing left to compare once folded (only diacritics, say)
        return Value(2, output_field=IntegerField())
    every_word = Q()
    for word in words:
        every_word &= Q(search_name__contains=word)
    return Case(
        When(search_name__contains=" ".join(words), then=Value(0)),
        When(every_word, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def with_distance(services, origin):
    """Annotate distance_sq (km², to the nearest location; null for services with none)."""
    _box, distance_sq = proximity(LOCATION, origin.latitude, origin.longitude, 1)
    return services.annotate(distance_sq=Min(distance_sq))


def open_service_ids(services, now):
    """Ids of the services open at `now`.

    Opening hours are recurrence rules, evaluated in Python (hours.py) batch by batch, so this
    costs time in proportion to the services that match the other filters.
    """
    candidates = list(services.order_by().values_list("pk", flat=True))
    open_ids = []
    for start in range(0, len(candidates), OPEN_NOW_BATCH):
        batch = Service.objects.filter(pk__in=candidates[start : start + OPEN_NOW_BATCH])
        for service in batch.prefetch_related(
            "schedules",
            "service_at_locations__schedules",
            "service_at_locations__location__schedules",
        ):
            if hours.is_open_at(service, now):
                open_ids.append(service.pk)
    return open_ids
