import time

from django.core.management.base import BaseCommand, CommandError

from thrivegrids.directory.feeds import generate_directory
from thrivegrids.directory.synthetic import AlreadyGenerated


class Command(BaseCommand):
    help = "Create a synthetic directory for benchmarks (fictional services, bulk inserted)."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, required=True, help="how many services")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same directory")

    def handle(self, *args, services, seed, **options):
        if services < 1:
            raise CommandError("--services must be at least 1.")
        started = time.perf_counter()
        try:
            counts = generate_directory(by=None, services=services, seed=seed)
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Generated {counts['services']} services, {counts['organizations']} organisations, "
            f"{counts['locations']} locations and {counts['attributes']} tags "
            f"in {time.perf_counter() - started:.1f}s."
        )
