from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thrivegrids.directory.feeds import import_feed
from thrivegrids.directory.oruk.dump import read_dump
from thrivegrids.directory.oruk.fields import FeedError


class Command(BaseCommand):
    help = (
        "Check an Open Referral UK v3 dump (a JSON file or a folder of pages), then upsert every "
        "service by id, or write nothing if any record has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a JSON file, or a folder of JSON pages")
        parser.add_argument("--feed", help="feed name kept as provenance (default: the file name)")

    def handle(self, *args, source, feed=None, **options):
        feed_name = (feed or Path(source).stem)[:100]
        try:
            checked = read_dump(source)
        except FeedError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was imported: {len(error.problems)} problem(s).") from None
        counts = import_feed(by=None, feed=checked, feed_name=feed_name, source=source)
        self.stdout.write(
            f"Imported {len(checked.services)} service(s) from {feed_name}: {counts['created']} new, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )
