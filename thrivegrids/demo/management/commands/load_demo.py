"""Demo content for `make demo`: the eight grids, an example area's local notes and a staff login."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from thrivegrids.demo.accounts import load_demo_accounts
from thrivegrids.demo.careplans import load_demo_plans
from thrivegrids.demo.conversations import demo_conversations, load_demo_conversations
from thrivegrids.demo.feedback import load_demo_feedback
from thrivegrids.directory.models import Service
from thrivegrids.directory.services import mark_service_checked
from thrivegrids.grids.models import Grid
from thrivegrids.grids.services import update_local_option_detail
from thrivegrids.organisations.models import Organisation

DEMO_STAFF = ("content-editor", "demo-content-editor-password")
LOCAL_NOTES = [
    (
        "low-mood",
        "community",
        "peer-support-group",
        "Example Valley Youth Hub runs a peer group on Tuesdays, 5 to 6pm (fictional service).",
        "Example Valley Youth Hub, 01632 960 000 (fictional number)",
    ),
    (
        "low-mood",
        "nhs",
        "digital-cbt",
        "Ask your GP or school mental health team in Example Valley to refer you (example note).",
        "",
    ),
]


def mark_demo_services_checked(*, by):
    """Every example service not checked within the freshness limit is marked checked today."""
    limit = timezone.localdate() - datetime.timedelta(
        days=settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS
    )
    stale = Service.objects.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=limit))
    for service in stale:
        mark_service_checked(by=by, service=service)


class Command(BaseCommand):
    help = "Load demo grids, an example local site and a staff user (demo settings only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DJANGO_DEBUG=true: it creates a known password."
            )
        call_command("load_grids", "content/grids", stdout=self.stdout, stderr=self.stderr)
        site, _ = Organisation.objects.get_or_create(
            slug="example-valley",
            defaults={
                "name": "Example Valley (fictional example area)",
                "kind": Organisation.Kind.SITE,
            },
        )
        User = get_user_model()
        username, password = DEMO_STAFF
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_superuser(username, f"{username}@example.invalid", password)
        for topic, setting, option_key, note, contact in LOCAL_NOTES:
            grid = Grid.objects.get(topic__slug=topic, setting=setting)
            update_local_option_detail(
                by=user,
                organisation=site,
                grid=grid,
                option_key=option_key,
                note=note,
                contact=contact,
            )
        # The example area's directory of help and gazetteer (import is a no-op when unchanged).
        call_command(
            "import_oruk",
            "content/directory/example-valley.json",
            "--feed",
            "example-valley",
            stdout=self.stdout,
            stderr=self.stderr,
        )
        call_command(
            "import_places",
            "content/directory/example-valley-places.csv",
            stdout=self.stdout,
            stderr=self.stderr,
        )
        # Grid pages list only services checked within the freshness limit; the demo's
        # directory team "checks" its example services on load so the demo shows them.
        mark_demo_services_checked(by=user)
        self.stdout.write(
            f"Demo ready. Staff admin: http://127.0.0.1:8000/admin/ as {username} / {password} "
            "(demo only; never use these settings in production)."
        )
        # Two teams in an ICS, one user per role (the staff user above is the content editor),
        # ten young people; prints every sign-in and authenticator key.
        load_demo_accounts(self.stdout)
        # A year of recorded conversations for the demo young people (timelines, summaries).
        load_demo_conversations(self.stdout)
        # Care and support plans from those conversations: goals rated over months, a review
        # held, one asked for and one overdue (the reviews page shows each).
        load_demo_plans(self.stdout)
        # The demo's SDM questionnaires (written for the project, not validated) and answers to
        # them, so the team page shows figures (small numbers suppressed as on any real page).
        call_command("load_measures", "content/measures", stdout=self.stdout, stderr=self.stderr)
        responses = load_demo_feedback(demo_conversations())
        if responses:
            self.stdout.write(
                f"Demo feedback: {len(responses)} answers to the demo questionnaires."
            )
