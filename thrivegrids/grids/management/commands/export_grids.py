from pathlib import Path

from django.core.management.base import BaseCommand

from thrivegrids.grids.export import document_to_yaml, export_filename, version_to_document
from thrivegrids.grids.models import GridVersion


class Command(BaseCommand):
    help = "Write every draft and published grid version as content files that load_grids reads."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        versions = GridVersion.objects.exclude(status=GridVersion.Status.RETIRED).with_content()
        for version in versions:
            document = version_to_document(version)
            (target / export_filename(document)).write_text(
                document_to_yaml(document), encoding="utf-8"
            )
        self.stdout.write(f"Wrote {len(versions)} file(s) to {target}.")
