"""A young person's record page with many care and support plans, against the same page for a
young person with none (goal: at most 1.5 times as long).

On a throwaway SQLite database (migrated in the bench environment), a fresh process makes, through
the services, one young person with 3 plans x 10 agreed versions x 3 goals x 50 ratings each and
one with no plans, signs a practitioner in (password and second factor, as after the code page)
and renders both record pages through Django's test client with the full middleware stack, in
interleaved rounds. See bench/README.md.

Run alone: `PYTHONPATH=. .venv/bin/python -m bench.record_page [--quick] [--rounds 5]`.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_RATIO = 1.5
PLANS, VERSIONS, GOALS, RATINGS = 3, 10, 3, 50


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds of 10 requests")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median used)")
    parser.add_argument("--requests", type=int, default=30, help="requests per page per round")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.requests = 2, 10
    return args


def _django():
    """Django with the bench settings, static file addresses from the plain storage: no
    collectstatic is needed, and both pages look up the same few addresses either way."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": plain}}).enable()


def _plan(by, young_person, today):
    """One plan agreed VERSIONS times, each goal rated RATINGS times over the months before."""
    from thrivegrids.careplans import drafts, services
    from thrivegrids.careplans.goals import rate_goals
    from thrivegrids.careplans.models import GoalSetBy, RaterRole, RatingOccasion

    plan = services.start_plan(by=by, young_person=young_person)
    for number in range(1, VERSIONS + 1):
        plan.refresh_from_db()
        draft = drafts.draft_of(plan)
        draft.content.what_matters = f"What matters, as agreed in version {number}"
        draft.goals = [
            drafts.GoalDraft(goal, f"Goal {goal}, version {number}", GoalSetBy.TOGETHER)
            for goal in range(1, GOALS + 1)
        ]
        draft.next_review_on = today + datetime.timedelta(days=30)
        services.save_plan_draft(by=by, plan=plan, base_revision=plan.revision, draft=draft)
        services.agree_plan(by=by, plan=plan, agreed_with=[RaterRole.YOUNG_PERSON])
    for index in range(RATINGS):
        rate_goals(
            by=by,
            plan=plan,
            scores={goal: (index + goal) % 11 for goal in range(1, GOALS + 1)},
            rater_role=RaterRole.YOUNG_PERSON,
            occasion=RatingOccasion.CONTACT,
            rated_on=today - datetime.timedelta(days=7 * (RATINGS - index)),
        )


def make_content():
    """(user, young person with plans, young person without), made through the services."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from thrivegrids.accounts.permissions import Role
    from thrivegrids.accounts.services import add_membership
    from thrivegrids.careplans.models import GoalRating, PlanVersion
    from thrivegrids.organisations.models import Organisation
    from thrivegrids.records.services import create_young_person

    team = Organisation.objects.create(
        slug="bench-team", name="Bench team", kind=Organisation.Kind.TEAM
    )
    user = get_user_model().objects.create_user("bench-practitioner", "bench@example.invalid")
    add_membership(by=None, user=user, organisation=team, role=Role.PRACTITIONER)
    people = [
        create_young_person(by=None, organisation=team, local_reference=reference, age_band="14_15")
        for reference in ("BENCH-PLANS", "BENCH-NONE")
    ]
    today = timezone.localdate()
    for _ in range(PLANS):
        _plan(user, people[0], today)
    made = (PlanVersion.objects.count(), GoalRating.objects.count())
    if made != (PLANS * VERSIONS, PLANS * GOALS * RATINGS):
        sys.exit(f"Made {made[0]} versions and {made[1]} ratings, not what was asked for")
    return user, *people


def signed_in_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _check(client, path):
    """The page answers 200; the number of queries one request runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}")
    return len(queries), response.content.decode()


def _time(client, path, requests):
    """The median seconds of `requests` GETs of `path`."""
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(args):
    """Make the content, then time both pages in interleaved rounds; a dict for the summary."""
    _django()
    from django.urls import reverse

    started = time.perf_counter()
    user, with_plans, without = make_content()
    made = time.perf_counter() - started
    client = signed_in_client(user)
    paths = {
        "none": reverse("caseload:show_young_person", args=[without.pk]),
        "plans": reverse("caseload:show_young_person", args=[with_plans.pk]),
    }
    queries, pages = {}, {}
    for key, path in paths.items():
        queries[key], pages[key] = _check(client, path)
        _time(client, path, 3)  # warm-up: templates compiled, caches filled
    if pages["plans"].count('class="nhsuk-card"') < PLANS:
        sys.exit(f"{paths['plans']} does not show the {PLANS} plans")
    rounds = []
    for number in range(1, args.rounds + 1):
        # Alternate which page goes first, so neither always follows the other.
        order = ("none", "plans") if number % 2 else ("plans", "none")
        result = {key: _time(client, paths[key], args.requests) for key in order}
        rounds.append(result)
        print(
            f"  round {number}  no plans {result['none'] * 1000:6.1f} ms  "
            f"with plans {result['plans'] * 1000:6.1f} ms  "
            f"ratio {result['plans'] / result['none']:.2f}x",
            file=sys.stderr,
            flush=True,
        )
    return {"made_s": made, "queries": queries, "rounds": rounds}


def summary_rows(result):
    """(measure, value, baseline, ratio, goal) rows in run.py's summary format."""
    none = statistics.median(r["none"] for r in result["rounds"])
    plans = statistics.median(r["plans"] for r in result["rounds"])
    ratio = plans / none
    met = "met" if ratio <= GOAL_RATIO else "MISSED"
    label = f"record page, {PLANS}x{VERSIONS}x{GOALS}x{RATINGS} plans vs none"
    queries = result["queries"]
    return [
        (label, f"{plans * 1000:.1f} ms", f"{none * 1000:.1f} ms", f"{ratio:.2f}x",
         f"<= {GOAL_RATIO}x {met}"),
        ("  queries per request", str(queries["plans"]), str(queries["none"]),
         f"{queries['plans'] / queries['none']:.2f}x", ""),
    ]  # fmt: skip


def print_summary(rows, args, load_before):
    print(
        f"\n== Record page: {os.cpu_count()} CPUs, load average {load_before:.1f} at start, "
        f"median of {args.rounds} rounds x {args.requests} requests =="
    )
    line = "{:<52} {:>10} {:>10} {:>6}  {}"
    print(line.format("measure", "value", "baseline", "ratio", "goal"))
    for row in rows:
        print(line.format(*row).rstrip())


def run(args, base_env, tmp):
    """Migrate a throwaway database and measure in a fresh process; the measurement."""
    env = dict(base_env, DATABASE_URL=f"sqlite:///{tmp / 'record-page.sqlite3'}")
    (tmp / "static").mkdir(exist_ok=True)  # BENCH_STATIC_ROOT, which WhiteNoise looks for
    for arguments in (
        ["manage.py", "migrate", "--no-input", "-v0"],
        ["-m", "bench.record_page", "--measure", "--rounds", str(args.rounds),
         "--requests", str(args.requests)],
    ):  # fmt: skip
        result = subprocess.run(
            [sys.executable, *arguments], cwd=REPO, env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            sys.exit(f"{' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    print(result.stderr.rstrip())
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"  made the plans through the services in {measured['made_s']:.1f} s")
    return measured


def suite(env, tmp, *, quick, load_before):
    """The record page rows of `make bench` (bench/run.py), in its environment and folder."""
    args = parse_args(["--quick"] if quick else [])
    print(f"\n-- Record page with {PLANS} plans x {VERSIONS} versions x {GOALS} goals x {RATINGS} "
          "ratings vs none (test client, in process) --", flush=True)  # fmt: skip
    print_summary(summary_rows(run(args, env, tmp)), args, load_before)


def main(argv=None):
    args = parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args)))
        return
    from bench.run import bench_environment  # run.py imports this module: import it late

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="thrivegrids-bench-record-") as folder:
        tmp = Path(folder)
        suite(bench_environment(tmp), tmp, quick=args.quick, load_before=load_before)
    print(f"\nFinished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
