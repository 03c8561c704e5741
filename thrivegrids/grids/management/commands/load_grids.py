from django.core.management.base import BaseCommand, CommandError

from thrivegrids.grids.content import ContentError, parse_files
from thrivegrids.grids.services import load_grid_documents


class Command(BaseCommand):
    help = "Validate grid content files, then store them all, or nothing if any has a problem."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="YAML files or folders of them")

    def handle(self, *args, paths, **options):
        try:
            documents = parse_files(paths)
            counts = load_grid_documents(by=None, documents=documents)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was loaded: {len(error.problems)} problem(s).") from None
        self.stdout.write(
            f"Loaded {len(documents)} grid version(s): {counts['created']} new, "
            f"{counts['updated']} drafts updated, {counts['unchanged']} unchanged."
        )
