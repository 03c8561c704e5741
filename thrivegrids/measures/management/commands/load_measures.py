from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thrivegrids.core.content_yaml import ContentError
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
        parser.add_argument(
            "--by",
            help="username of the person loading, recorded in the audit trail; a file that says "
            "validated: true needs a site admin of --organisation",
        )

    def handle(self, *args, paths, organisation=None, by=None, **options):
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(f"No organisation with the slug {organisation!r}.")
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user with the username {by!r}.")
        try:
            documents = parse_files(paths)
            counts = load_instrument_documents(by=actor, documents=documents, organisation=owner)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing was loaded: {len(error.problems)} problem(s).") from None
        self.stdout.write(
            f"Loaded {len(documents)} instrument(s): {counts['created']} new, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )
