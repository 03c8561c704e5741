"""Importing a synthetic Open Referral UK feed of 100,000 services, on SQLite and PostgreSQL.

The feed is written once (synthetic.write_feed: about 1.5 KB a service). For each database: a
throwaway database (a SQLite file in a temporary folder; on PostgreSQL a database with a name
unique to this run, created here and dropped at the end), migrate, then in a fresh process
`json.load` of the file (the baseline: what merely reading it costs) and `import_oruk` of it,
timed in the same process. See bench/README.md.

Run alone: `PYTHONPATH=. .venv/bin/python -m bench.feed_import [--services N] [--databases ...]`.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 60.0
PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a feed of 2,000 services")
    parser.add_argument("--services", type=int, default=None, help="default 100,000")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument(
        "--pg-server",
        default=os.environ.get("BENCH_PG_SERVER", PG_SERVER),
        help=f"a database on the PostgreSQL server to connect to for CREATE/DROP DATABASE "
        f"(default {PG_SERVER})",
    )
    # Internal steps, each run in a fresh process with the bench environment.
    parser.add_argument("--write-feed", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.services = args.services or (2_000 if args.quick else 100_000)
    return args


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def write_feed(path, services):
    _django()
    from thrivegrids.directory.synthetic import write_feed as write

    write(path, services=services, seed=0)


def measure(path):
    """{baseline_s, import_s, output} for the feed at `path`, in this process."""
    _django()
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        json.load(handle)
    baseline = time.perf_counter() - started
    output = StringIO()
    started = time.perf_counter()
    call_command("import_oruk", path, "--feed", "bench", stdout=output)
    return {
        "baseline_s": baseline,
        "import_s": time.perf_counter() - started,
        "output": output.getvalue().strip(),
    }


def _run(env, *arguments):
    result = subprocess.run(
        [sys.executable, *arguments], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


@contextlib.contextmanager
def postgres_database(server_url):
    """A new database named for this run only, dropped afterwards (also on error)."""
    import psycopg
    from psycopg import sql

    from bench.directory_search import _with_database

    name = f"thrivegrids_feed_bench_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _databases(args, tmp):
    for name in [name.strip() for name in args.databases.split(",") if name.strip()]:
        if name == "sqlite":
            yield "SQLite", contextlib.nullcontext(f"sqlite:///{tmp / 'feed.sqlite3'}")
        elif name == "postgresql":
            yield "PostgreSQL", postgres_database(args.pg_server)
        else:
            sys.exit(f"Unknown database {name!r}: use sqlite and/or postgresql")


def run(args, base_env, tmp):
    """Write the feed, then import it into each database; returns {label: timings}."""
    feed = tmp / "feed.json"
    started = time.perf_counter()
    _run(
        base_env,
        "-m",
        "bench.feed_import",
        "--write-feed",
        str(feed),
        "--services",
        str(args.services),
    )
    size = feed.stat().st_size
    print(
        f"  wrote a feed of {args.services:,} services ({size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    results = {}
    for label, database in _databases(args, tmp):
        try:
            with database as url:
                env = dict(base_env, DATABASE_URL=url)
                _run(env, "manage.py", "migrate", "--no-input", "-v0")
                output = _run(env, "-m", "bench.feed_import", "--measure", str(feed))
                results[label] = json.loads(output.strip().splitlines()[-1])
                print(f"  {label}: {results[label]['output']}", flush=True)
        except ImportError as error:
            print(f"  {label}: skipped ({error})")
        except OSError as error:  # psycopg.OperationalError is an OSError: server not reachable
            print(f"  {label}: skipped, cannot reach the server ({error})")
    return results


def summary_rows(results, services):
    """(measure, value, baseline, ratio, goal) rows in run.py's summary format."""
    rows = []
    for label, result in results.items():
        seconds, baseline = result["import_s"], result["baseline_s"]
        met = "met" if seconds < GOAL_SECONDS else "MISSED"
        rows.append(
            (
                f"{label}: import_oruk {services:,} services vs json.load",
                f"{seconds:.1f} s",
                f"{baseline:.1f} s",
                f"{seconds / baseline:.0f}x",
                f"< {GOAL_SECONDS:.0f} s {met}",
            )
        )
    return rows


def print_summary(rows, load_before):
    print(f"\n== Feed import: {os.cpu_count()} CPUs, load average {load_before:.1f} at start ==")
    line = "{:<52} {:>10} {:>10} {:>6}  {}"
    print(line.format("measure", "value", "baseline", "ratio", "goal"))
    for row in rows:
        print(line.format(*row).rstrip())


def suite(env, tmp, *, quick, load_before):
    """The feed rows of `make bench` (bench/run.py), in its environment and temporary folder."""
    args = parse_args(["--quick"] if quick else [])
    print(f"\n-- Feed import of {args.services:,} synthetic services --", flush=True)
    print_summary(summary_rows(run(args, env, tmp), args.services), load_before)


def main(argv=None):
    args = parse_args(argv)
    if args.write_feed:
        write_feed(args.write_feed, args.services)
        return
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    # A SIGTERM (e.g. from a CI timeout) becomes SystemExit, so the databases are still removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from bench.run import bench_environment  # run.py imports this module: import it late

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="thrivegrids-bench-feed-") as folder:
        tmp = Path(folder)
        print(f"-- Feed import of {args.services:,} services --", flush=True)
        results = run(args, bench_environment(tmp), tmp)
    print_summary(summary_rows(results, args.services), load_before)
    print(f"\nFinished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
