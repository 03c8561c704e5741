from django.core.management.base import BaseCommand, CommandError

from thrivegrids.directory.feeds import export_feed


class Command(BaseCommand):
    help = "Write the whole directory as an Open Referral UK v3 dump that import_oruk reads."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="an empty or new folder")

    def handle(self, *args, directory, **options):
        try:
            counts = export_feed(by=None, directory=directory)
        except FileExistsError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Exported {counts['services']} service(s) and {counts['taxonomies']} taxonomies "
            f"to {directory} ({counts['files']} files)."
        )
