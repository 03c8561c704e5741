"""Directory search latency over a synthetic directory of 100,000 services, SQLite and PostgreSQL.

For each database: a throwaway database (a SQLite file in a temporary folder; `thrivegrids_bench`
created and dropped on the PostgreSQL server), migrate, `manage.py generate_directory`, the demo
gazetteer. Then, in a fresh process on that database, p50 and p95 of each search against a
primary-key lookup timed in the same process, interleaved. See bench/README.md.

Run alone: `PYTHONPATH=. .venv/bin/python -m bench.directory_search [--quick]`.
"""

import argparse
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PLACES_CSV = "content/directory/example-valley-places.csv"
PG_DATABASE = "thrivegrids_bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
GOAL_MS = 50.0
MIN_SAMPLES = 5
PAGE_SIZE = 20  # the public search page (directory/views.py PER_PAGE)
API_PAGE_SIZE = 50  # the Open Referral API's default per_page
RADIUS_KM = 10.0
WORDS = ("counselling", "peer support", "art group", "helpline", "mindfulness", "crisis team")
GROUPS = ("thriving", "getting-advice", "getting-help", "getting-more-help", "getting-risk-support")

# (key, label): the rows of the summary, in order; "pk" is the baseline.
QUERIES = (
    ("pk", "primary-key lookup (the baseline)"),
    ("text_page", "free text, /services/?q= (count + page 1 of 20)"),
    ("text_api", "free text, API ?search= (count + page 1 of 50)"),
    ("age_group_page", "age + THRIVE group, /services/?age=&group="),
    ("distance_api", f"distance, API ?lat&lng&radius_km={RADIUS_KM:g}"),
    ("distance_page", "distance, /services/?place= (nearest first)"),
    ("grid_options", "grid page: 3 nearest services for each of 6 options"),
)
# The option kinds of the low-mood community grid (content/grids), matched on its grid page.
GRID_KINDS = (
    "self-help",
    "peer-support",
    "physical-activity",
    "creative-activity",
    "youth-counselling",
    "online-support",
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 services, 10 samples")
    parser.add_argument("--services", type=int, default=None, help="default 100,000")
    parser.add_argument("--samples", type=int, default=None, help="timed runs of each query")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument(
        "--pg-server",
        default=os.environ.get("BENCH_PG_SERVER", PG_SERVER),
        help=f"a database on the PostgreSQL server to connect to for CREATE/DROP DATABASE "
        f"{PG_DATABASE} (default {PG_SERVER})",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help=f"seconds of sampling per query before it stops (after {MIN_SAMPLES} samples; "
        "default 30, quick 5)",
    )
    # Internal: the timing step, run in a fresh process on the prepared database.
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.services = args.services or (2_000 if args.quick else 100_000)
    args.samples = args.samples or (10 if args.quick else 60)
    args.budget = args.budget or (5.0 if args.quick else 30.0)
    return args


# -- The timing step (inside Django) ------------------------------------------------------------


def _percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]


def _search_cases():
    """Each query as a function of the sample number, calling the code the pages and API run."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from thrivegrids.directory import api, matching, search
    from thrivegrids.directory.models import Place, Service

    now = timezone.now()
    ids = list(Service.objects.values_list("pk", flat=True)[:5000])
    places = list(Place.objects.order_by("name"))
    if not ids or not places:
        sys.exit("The bench database has no services or no places.")
    rng = random.Random(0)  # noqa: S311 -- sampling, not secrets

    def origin(index):
        place = places[index % len(places)]
        return search.Origin(place.name, place.latitude, place.longitude, {"place": place.name})

    def page(criteria):
        # The search itself: count and first page. The result cards' prefetches (four queries on
        # the page's 20 ids, the same cost whatever the directory's size) are left out.
        services = search.find_services(criteria, now=now).prefetch_related(None)
        found = Paginator(services, PAGE_SIZE).get_page(1)
        return found.paginator.count, len(list(found))

    def api_page(services):
        return services.count(), len(list(services[:API_PAGE_SIZE]))

    def distance_api(index):
        place = places[index % len(places)]
        services = api.ServiceQuery().services(Service.objects.select_related("organization"))
        services = services.near(place.latitude, place.longitude, RADIUS_KM)
        return api_page(services.order_by("distance_sq", "name", "id"))

    def text_api(index):
        query = api.ServiceQuery(search=WORDS[index % len(WORDS)])
        services = query.services(Service.objects.select_related("organization"))
        return api_page(services.order_by("name", "id"))

    def grid_options(index):
        found = matching.services_for_options(GRID_KINDS, "low-mood", places[index % len(places)])
        return sum(len(services) for services in found.values()), len(found)

    return {
        "pk": lambda i: (1, int(Service.objects.get(pk=rng.choice(ids)) is not None)),
        "text_page": lambda i: page(search.Criteria(text=WORDS[i % len(WORDS)])),
        "text_api": text_api,
        "age_group_page": lambda i: page(
            search.Criteria(age=8 + i % 11, group=GROUPS[i % len(GROUPS)])
        ),
        "distance_api": distance_api,
        "distance_page": lambda i: page(search.Criteria(origin=origin(i))),
        "grid_options": grid_options,
    }


def measure(samples, budget_seconds):
    """{key: {p50_ms, p95_ms, matches, samples}} for every query, the samples interleaved.

    A query stops being sampled once its samples have taken `budget_seconds` (after at least
    MIN_SAMPLES), so one very slow query cannot make the run take hours.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    from thrivegrids.directory.models import Service

    with connection.cursor() as cursor:
        # Planner statistics and the visibility map, as autovacuum keeps them in production.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    cases = _search_cases()
    for index in range(3):  # warm up connections, caches and query plans
        for run in cases.values():
            run(index)
    times = {key: [] for key in cases}
    matches = {key: [] for key in cases}
    for index in range(samples):
        for key, run in cases.items():
            spent = sum(times[key]) / 1000
            if len(times[key]) >= MIN_SAMPLES and spent > budget_seconds:
                continue
            started = time.perf_counter()
            count, _ = run(index)
            times[key].append((time.perf_counter() - started) * 1000)
            matches[key].append(count)
    return {
        "vendor": connection.vendor,
        "samples": samples,
        "services": Service.objects.count(),
        "results": {
            key: {
                "p50_ms": statistics.median(times[key]),
                "p95_ms": _percentile(times[key], 0.95),
                "matches": statistics.median(matches[key]),
                "samples": len(times[key]),
            }
            for key in cases
        },
    }


# -- Preparing databases and running the timing step in a fresh process -------------------------


def _run(env, *arguments):
    result = subprocess.run(
        [sys.executable, *arguments], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env, services):
    """Migrate, generate the synthetic directory and load the gazetteer; returns seconds taken."""
    started = time.perf_counter()
    _run(env, "manage.py", "migrate", "--no-input", "-v0")
    _run(env, "manage.py", "generate_directory", "--services", str(services))
    _run(env, "manage.py", "import_places", PLACES_CSV)
    return time.perf_counter() - started


def timings(env, args):
    output = _run(
        env,
        *("-m", "bench.directory_search", "--measure"),
        *("--samples", str(args.samples), "--budget", str(args.budget)),
    )
    return json.loads(output.strip().splitlines()[-1])


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def postgres_database(server_url):
    """A fresh, empty `thrivegrids_bench` database, dropped afterwards (also on error)."""
    import psycopg
    from psycopg import sql

    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(PG_DATABASE)
    )
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_DATABASE)))
    try:
        yield _with_database(server_url, PG_DATABASE)
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(statement)


def _database_runs(args, tmp):
    """(name, database URL context) for each database asked for."""
    for name in [name.strip() for name in args.databases.split(",") if name.strip()]:
        if name == "sqlite":
            yield "SQLite", contextlib.nullcontext(f"sqlite:///{tmp / 'directory.sqlite3'}")
        elif name == "postgresql":
            yield "PostgreSQL", postgres_database(args.pg_server)
        else:
            sys.exit(f"Unknown database {name!r}: use sqlite and/or postgresql")


def run(args, base_env, tmp):
    """Prepare and time every database; returns {database label: timings}."""
    results = {}
    for label, database in _database_runs(args, tmp):
        try:
            with database as url:
                env = dict(base_env, DATABASE_URL=url)
                seconds = prepare(env, args.services)
                print(
                    f"  {label}: generated {args.services:,} services and migrated in "
                    f"{seconds:.0f} s; timing {args.samples} samples of each query",
                    flush=True,
                )
                results[label] = timings(env, args)
        except ImportError as error:
            print(f"  {label}: skipped ({error})")
        except OSError as error:  # psycopg.OperationalError is an OSError: server not reachable
            print(f"  {label}: skipped, cannot reach the server ({error})")
    return results


def summary_rows(results):
    """(measure, value, baseline, ratio, goal) rows in run.py's summary format."""
    rows = []
    for label, result in results.items():
        base = result["results"]["pk"]
        for key, name in QUERIES:
            timing = result["results"][key]
            value = f"{timing['p50_ms']:.1f}/{timing['p95_ms']:.1f} ms"
            baseline = f"{base['p50_ms']:.2f}/{base['p95_ms']:.2f} ms"
            if key == "pk":
                rows.append((f"{label}: {name}", value, "", "1/1x", "p50/p95"))
                continue
            ratio = (
                f"{timing['p50_ms'] / base['p50_ms']:.0f}/{timing['p95_ms'] / base['p95_ms']:.0f}x"
            )
            met = "met" if timing["p95_ms"] <= GOAL_MS else "MISSED"
            goal = f"p95 <= {GOAL_MS:.0f} ms {met}; {timing['matches']:,.0f} matches"
            if timing["samples"] < result["samples"]:
                goal += f"; {timing['samples']} samples (time budget)"
            rows.append((f"{label}: {name}", value, baseline, ratio, goal))
    return rows


def print_summary(rows, args, load_before):
    print(
        f"\n== Directory search: {args.services:,} synthetic services, {args.samples} samples "
        f"per query, p50/p95; {os.cpu_count()} CPUs, load average {load_before:.1f} at start =="
    )
    line = "{:<66} {:>18} {:>16} {:>9}  {}"
    print(line.format("query", "p50/p95", "pk p50/p95", "ratio", "goal"))
    for row in rows:
        print(line.format(*row).rstrip())


def main(argv=None):
    args = parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.samples, args.budget)))
        return
    # A SIGTERM (e.g. from a CI timeout) becomes SystemExit, so the databases are still removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from bench.run import bench_environment  # run.py imports this module: import it late

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="thrivegrids-bench-directory-") as folder:
        tmp = Path(folder)
        print(f"-- Directory search over {args.services:,} services --", flush=True)
        results = run(args, bench_environment(tmp), tmp)
    print_summary(summary_rows(results), args, load_before)
    print(f"\nFinished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
