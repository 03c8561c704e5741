from django.core.management.base import BaseCommand, CommandError

from thrivegrids.grids.models import GridVersion
from thrivegrids.grids.quality import ESSENTIAL
from thrivegrids.grids.services import check_grid_version


class Command(BaseCommand):
    help = "Run the IPDAS/NICE quality checks on every version; fail if a published one fails an essential check."

    def handle(self, *args, **options):
        failed_published = 0
        versions = GridVersion.objects.exclude(status=GridVersion.Status.RETIRED).with_content()
        for version in versions:
            findings = check_grid_version(version)
            essential = [f for f in findings if f.level == ESSENTIAL]
            verdict = "FAIL" if essential else "ok"
            self.stdout.write(
                f"{verdict:4} {version} — {len(essential)} essential, "
                f"{len(findings) - len(essential)} advisory"
            )
            for finding in findings:
                self.stdout.write(f"     {finding}")
            if essential and version.status == GridVersion.Status.PUBLISHED:
                failed_published += 1
        if failed_published:
            raise CommandError(f"{failed_published} published version(s) fail an essential check.")
        self.stdout.write(
            f"Checked {len(versions)} version(s): every published version passes the essential checks."
        )
