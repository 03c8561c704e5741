"""Mark care plan reviews whose date has passed and email each plan's practitioner (once per
missed date). Run daily, from cron or a systemd timer: `manage.py mark_overdue_reviews`."""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from thrivegrids.careplans.tasks import mark_overdue_reviews


class Command(BaseCommand):
    help = "Mark overdue care plan reviews and email each plan's practitioner once per date."

    def handle(self, *args, **options):
        result = mark_overdue_reviews.enqueue()
        if result.status == TaskResultStatus.FAILED:
            raise CommandError(f"The overdue-review job failed:\n{result.errors[-1].traceback}")
        if result.status != TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"The overdue-review job is queued ({result.id}).")
            return
        self.stdout.write(f"Marked {result.return_value} overdue review(s).")
