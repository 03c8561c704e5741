import contextlib
import gc
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thrivegrids.directory.feed_records import ClaimedRecords
from thrivegrids.directory.feeds import import_feed
from thrivegrids.directory.oruk.dump import read_dump
from thrivegrids.directory.oruk.fields import FeedError


class Command(BaseCommand):
    help = (
        "Check an Open Referral UK v3 dump (a JSON file or a folder of pages), then upsert every "
        "service by id, or write nothing if any record has a problem or belongs to another feed."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a JSON file, or a folder of JSON pages")
        parser.add_argument("--feed", help="feed name kept as provenance (default: the file name)")
        parser.add_argument(
            "--take-over",
            action="store_true",
            help="change records another feed wrote or staff entered (listed when it does)",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show progress on stderr (shown anyway when stderr is a terminal)",
        )

    def handle(self, *args, **options):
        with fewer_collections():
            self._import(**options)

    def _import(self, *, source, feed=None, take_over=False, progress=False, **options):
        feed_name = (feed or Path(source).stem)[:100]
        show = progress or self.stderr.isatty()
        try:
            checked = read_dump(source, progress=self._progress("Checked", show))
        except FeedError as error:
            self._end_progress(show)
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was imported: {len(error.problems)} problem(s).") from None
        self._end_progress(show)
        try:
            counts = import_feed(
                by=None,
                feed=checked,
                feed_name=feed_name,
                source=source,
                take_over=take_over,
                progress=self._progress("Wrote", show),
            )
        except ClaimedRecords as error:
            self._end_progress(show)
            for claim in error.claims:
                self.stderr.write(str(claim))
            raise CommandError(
                f"Nothing was imported: {len(error.claims)} record(s) belong to another feed or "
                f"were entered by staff. Import with --take-over to change them."
            ) from None
        self._end_progress(show)
        for claim in counts.get("taken_over", []):
            self.stdout.write(f"Took over {claim}")
        self.stdout.write(
            f"Imported {len(checked.services)} service(s) from {feed_name}: {counts['created']} new, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )

    def _progress(self, verb, show):
        if not show:
            return None

        def report(done, total=None):
            of = f" of {total:,}" if total else ""
            self.stderr.write(f"\r{verb} {done:,}{of} service records", ending="")
            self.stderr.flush()

        return report

    def _end_progress(self, show):
        if show:
            self.stderr.write("")


@contextlib.contextmanager
def fewer_collections():
    """Run the garbage collector less often: a large feed makes millions of objects that live
    to the end, and collecting them over and over costs a fifth of the import's time."""
    threshold = gc.get_threshold()
    gc.freeze()  # what was loaded before (Django, the models) is never collected
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
