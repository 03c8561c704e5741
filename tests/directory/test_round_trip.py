"""Property: for any valid feed x, import(export(import(x))) reads back as x, and re-import is a no-op."""

import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.directory import feeds
from thrivegrids.directory import vocabulary
from thrivegrids.directory.feeds import export_feed, import_feed
from thrivegrids.directory.oruk.dump import read_dump

ids = st.uuids(version=4).map(str)
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)
days = st.lists(
    st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), unique=True, max_size=7
)
clock = st.times().map(lambda t: t.strftime("%H:%M"))
dates = st.dates(min_value=__import__("datetime").date(2000, 1, 1)).map(lambda d: d.isoformat())

schedule = st.fixed_dictionaries(
    {
        "id": ids,
        "freq": st.just("WEEKLY"),
        "byday": days.map(",".join),
        "opens_at": clock,
        "closes_at": clock,
    },
    optional={"description": words, "valid_from": dates},
)
location = st.fixed_dictionaries(
    {"id": ids, "location_type": st.sampled_from(["physical", "virtual"])},
    optional={
        "name": words,
        "latitude": st.floats(-90, 90, allow_nan=False),
        "longitude": st.floats(-180, 180, allow_nan=False),
    },
).filter(lambda loc: ("latitude" in loc) == ("longitude" in loc))
built_in = st.sampled_from(
    [(taxonomy, code) for taxonomy in vocabulary.TAXONOMIES for code, *_ in taxonomy.terms]
)


@st.composite
def services(draw):
    record = {
        "id": draw(ids),
        "name": draw(words),
        "status": draw(st.sampled_from(["active", "inactive", "defunct", "temporarily closed"])),
        "organization": {"id": draw(ids), "name": draw(words), "description": draw(words)},
    }
    optional = {
        "description": words,
        "minimum_age": st.integers(0, 25),
        "assured_date": dates,
        "last_modified": st.datetimes(timezones=st.just(__import__("datetime").UTC)).map(
            lambda d: d.isoformat()
        ),
        "eligibility_description": words,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            record[key] = draw(strategy)
    record["schedules"] = draw(st.lists(schedule, max_size=2))
    record["service_at_locations"] = [
        {"id": draw(ids), "location": loc}
        for loc in draw(st.lists(location, max_size=2, unique_by=lambda x: x["id"]))
    ]
    record["cost_options"] = [
        {"id": draw(ids), "amount": float(draw(st.decimals(0, 9999, places=2)))}
        for _ in range(draw(st.integers(0, 1)))
    ]
    record["phones"] = [
        {"id": draw(ids), "number": draw(words)[:50]} for _ in range(draw(st.integers(0, 2)))
    ]
    tags = draw(st.lists(built_in, max_size=4, unique_by=lambda pair: pair[0].code))
    record["attributes"] = []
    for taxonomy, code in tags:
        attribute = feeds.built_in_attribute(taxonomy, code)
        attribute["id"] = draw(ids)
        record["attributes"].append(attribute)
    return record


def _strip_last_modified_where_missing(original, exported):
    given_modified = {s["id"] for s in original if "last_modified" in s}
    return [
        s if s["id"] in given_modified else {k: v for k, v in s.items() if k != "last_modified"}
        for s in exported
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(services(), min_size=1, max_size=3, unique_by=lambda s: s["id"]))
def test_import_export_round_trip(db, records):
    with tempfile.TemporaryDirectory() as folder:
        source = feeds.write(Path(folder) / "feed.json", records)
        checked = read_dump(source)
        first = import_feed(by=None, feed=checked, feed_name="property")
        again = import_feed(by=None, feed=read_dump(source), feed_name="property")
        assert again["unchanged"] == len(records), (first, again)
        export_feed(by=None, directory=Path(folder) / "dump")
        exported = {s["id"]: s for s in read_dump(Path(folder) / "dump").services}
        mine = [exported[s["id"]] for s in checked.services]
        assert _strip_last_modified_where_missing(checked.services, mine) == checked.services
        assert uuid.UUID(mine[0]["id"])
