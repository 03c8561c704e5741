from django.core.management.base import BaseCommand, CommandError

from thrivegrids.grids.content import ContentError
from thrivegrids.measures.content import parse_files
from thrivegrids.measures.services import load_instrument_documents
from thrivegrids.organisations.models import Organisation


class Command(BaseCommand):
    help = "Validate measure files, then store them all, or nothing if any has a problem."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="YAML files or folders of them")
        parser.add_argument(
            "--organisation",
            help="slug of the organisation that holds the licence (it and the organisations "
            "within it use the instruments); leave out for instruments anyone may use",
        )

    def handle(self, *args, paths, organisation=None, **options):
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(f"No organisation with the slug {organisation!r}.")
        try:
            documents = parse_files(paths)
            counts = load_instrument_documents(by=None, documents=documents, organisation=owner)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was loaded: {len(error.problems)} problem(s).") from None
        self.stdout.write(
            f"Loaded {len(documents)} instrument(s): {counts['created']} new, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )
