"""Feed runs: importing and exporting Open Referral UK feeds, importing gazetteer places and
generating a synthetic directory. Each run is atomic, keeps a FeedRun as its provenance and is
audited; the actor is `by`.

Imports compare each checked record with the stored one in canonical Open Referral form
(oruk/serialise.py) and write only what differs, in batches (feed_records.py), so importing the
same feed twice writes nothing to the directory: no row updates, last_modified untouched. A feed
changes only its own records unless it is told to take others over.

Grid pages list matching services and are cached whole, so every run that changes what they
show bumps the grids' content generation.
"""

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import AuditAction, record_event, record_events
from thrivegrids.core.content_generation import bump_content_generation
from thrivegrids.directory.feed_records import FeedWriter
from thrivegrids.directory.models import FeedRun, Place, Service, Taxonomy
from thrivegrids.directory.oruk.dump import write_dump
from thrivegrids.directory.oruk.serialise import service_dict, taxonomy_dict

BATCH = 500


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _start_run(by, kind, feed="", source="", now=None):
    return FeedRun.objects.create(
        kind=kind,
        feed=feed,
        source=str(source)[:500],
        started_at=now or timezone.now(),
        by=_user(by),
    )


def _finish_run(by, run, counts, request, action):
    run.counts = counts
    run.save(update_fields=["counts"])
    record_event(by=by, action=action, target=run, request=request, details=counts)


@transaction.atomic
def import_feed(
    *, by, feed, feed_name, source="", take_over=False, request=None, now=None, progress=None
):
    """Upsert a checked Feed by Open Referral id; returns counts of created/updated/unchanged.

    Only records of this feed (or new ones) may change: raises ClaimedRecords listing those of
    another feed or entered by staff, writing nothing, unless `take_over`. `progress(done,
    total)` is told of each batch of services written.
    """
    now = now or timezone.now()
    run = _start_run(by, FeedRun.Kind.IMPORT, feed_name, source, now)
    writer = FeedWriter(feed_name, now, take_over=take_over)
    writer.write(feed, progress)
    details = {"feed": feed_name, "run": run.pk}
    record_events(
        by=by,
        action=AuditAction.SERVICE_IMPORT_CREATED,
        model=Service,
        target_ids=writer.created,
        request=request,
        details=details,
    )
    for owner, ids in _by_owner(writer.updated, feed_name).items():
        taken = owner is not None
        record_events(
            by=by,
            action=AuditAction.SERVICE_IMPORT_TAKEN_OVER
            if taken
            else AuditAction.SERVICE_IMPORT_UPDATED,
            model=Service,
            target_ids=ids,
            request=request,
            details={**details, "from_feed": owner} if taken else details,
        )
    counts = dict(writer.counts)
    if writer.claims:
        counts["taken_over"] = [str(claim) for claim in writer.claims]
    _finish_run(by, run, counts, request, "directory.feed.import")
    if any(count for key, count in writer.counts.items() if key != "unchanged"):
        bump_content_generation()
    return counts


def _by_owner(updated, feed_name):
    """{previous feed, or None when it was this feed: [service ids]} of the updated services."""
    groups = {}
    for service_id, owner in updated:
        groups.setdefault(None if owner == feed_name else owner, []).append(service_id)
    return groups


@transaction.atomic
def export_feed(*, by, directory, request=None):
    """Write every service, organisation, location and taxonomy as a dump import_oruk reads."""
    run = _start_run(by, FeedRun.Kind.EXPORT, source=directory)
    services = Service.objects.full_records().order_by("id")
    total = services.count()
    taxonomies = [
        taxonomy_dict(taxonomy, terms=taxonomy.terms.all())
        for taxonomy in Taxonomy.objects.prefetch_related("terms").order_by("id")
    ]
    files = write_dump(
        directory,
        services=(service_dict(s) for s in services.iterator(chunk_size=BATCH)),
        total=total,
        taxonomies=taxonomies,
    )
    counts = {"services": total, "taxonomies": len(taxonomies), "files": len(files)}
    _finish_run(by, run, counts, request, "directory.feed.export")
    return counts


@transaction.atomic
def import_places(*, by, places, source="", request=None):
    """Upsert gazetteer places by name (all or nothing: `places` is already checked)."""
    run = _start_run(by, FeedRun.Kind.PLACES, source=source)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {place.name: place for place in Place.objects.all()}
    for data in places:
        place = existing.get(data["name"])
        if place is None:
            Place.objects.create(**data)
            counts["created"] += 1
        elif (place.slug, place.latitude, place.longitude) != (
            data["slug"],
            data["latitude"],
            data["longitude"],
        ):
            place.slug, place.latitude, place.longitude = (
                data["slug"],
                data["latitude"],
                data["longitude"],
            )
            place.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    _finish_run(by, run, counts, request, "directory.places.import")
    if counts["created"] or counts["updated"]:
        bump_content_generation()  # the default place may have moved
    return counts


@transaction.atomic
def generate_directory(*, by, services, seed=0, request=None):
    """Create a synthetic directory of `services` services for benchmarks (bulk inserts)."""
    from thrivegrids.directory import synthetic

    run = _start_run(by, FeedRun.Kind.GENERATE, feed=f"synthetic-{seed}")
    counts = synthetic.build(services=services, seed=seed, feed=run.feed, now=run.started_at)
    _finish_run(by, run, counts, request, "directory.feed.generate")
    bump_content_generation()
    return counts
