from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thrivegrids.core.urgent_help import default_path, registry
from thrivegrids.grids.content import ContentError, parse_files
from thrivegrids.grids.models import GridVersion, is_past_review
from thrivegrids.grids.quality import ESSENTIAL, check_document
from thrivegrids.grids.services import check_grid_version


class Command(BaseCommand):
    help = (
        "Run the IPDAS/NICE quality checks on every stored version (or on files with --files); "
        "fail if a published version fails an essential check or is past its review date, or "
        "the urgent-help numbers are past their check date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--files",
            nargs="+",
            metavar="PATH",
            help="check content files instead of stored versions",
        )

    def handle(self, *args, files=None, **options):
        if files:
            return self._check_files(files)
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
            if is_past_review(version):
                self.stdout.write(f"     past its review date ({version.next_review_on})")
        urgent_help_overdue = registry().next_check_on < timezone.localdate()
        if urgent_help_overdue:
            self.stdout.write(
                f"FAIL {default_path()}: the urgent-help numbers were due to be checked by "
                f"{registry().next_check_on}."
            )
        if failed_published or urgent_help_overdue:
            raise CommandError(
                f"{failed_published} published version(s) fail an essential check; "
                f"urgent-help numbers {'overdue for' if urgent_help_overdue else 'within'} "
                "their check date."
            )
        self.stdout.write(
            f"Checked {len(versions)} version(s): every published version passes the essential checks."
        )

    def _check_files(self, paths):
        try:
            documents = parse_files(paths)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s) in the files.") from None
        today = timezone.localdate()
        # The newest file of each grid: the others are superseded, and parity is checked
        # against the other setting's newest.
        newest = {}
        for document in sorted(documents, key=lambda d: d.version):
            newest[(document.topic, document.setting)] = document
        failed = 0
        for document in documents:
            other = newest.get(
                (document.topic, "community" if document.setting == "nhs" else "nhs")
            )
            findings = check_document(
                document,
                today=document.published_on or today,
                counterpart_questions=[q["key"] for q in other.questions] if other else None,
                superseded=newest[(document.topic, document.setting)] is not document,
            )
            essential = [f for f in findings if f.level == ESSENTIAL]
            failed += bool(essential)
            self.stdout.write(f"{'FAIL' if essential else 'ok':4} {document.path}")
            for finding in findings:
                self.stdout.write(f"     {finding}")
        if failed:
            raise CommandError(f"{failed} file(s) fail an essential check.")
