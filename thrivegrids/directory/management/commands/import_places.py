from django.core.management.base import BaseCommand, CommandError

from thrivegrids.directory.feeds import import_places
from thrivegrids.directory.oruk.fields import FeedError
from thrivegrids.directory.places import parse_places


class Command(BaseCommand):
    help = "Load gazetteer places from a CSV (name,latitude,longitude): all of them, or none."

    def add_arguments(self, parser):
        parser.add_argument("csv", help="a CSV file with the header name,latitude,longitude")

    def handle(self, *args, csv, **options):
        try:
            places = parse_places(csv)
        except FeedError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"No places were loaded: {len(error.problems)} problem(s)."
            ) from None
        counts = import_places(by=None, places=places, source=csv)
        self.stdout.write(
            f"Loaded {len(places)} place(s): {counts['created']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
