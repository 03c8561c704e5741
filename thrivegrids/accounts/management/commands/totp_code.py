"""Print the current authenticator code for a demo user (DEBUG only), for demos without a phone."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from thrivegrids.accounts.second_factor import confirmed_device


class Command(BaseCommand):
    help = "Print the current 6-digit authenticator code for USERNAME (demo settings only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "totp_code only runs with DJANGO_DEBUG=true: it defeats the second factor."
            )
        user = get_user_model().objects.filter(username=username).first()
        device = confirmed_device(user) if user else None
        if device is None:
            raise CommandError(f"{username} has no authenticator set up.")
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
        )
        self.stdout.write(f"{code:0{device.digits}d}")
