"""collectstatic for the benchmarks, without third-party apps' files no benchmarked page links.

Production storage (manifest + gzip + brotli) compresses every file; the admin's, django-htmx's
and django-ninja's API-docs files are most of them and took most of the bench's set-up time.
"""

import os
from pathlib import Path


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    ours, theirs = set(), set()
    for app in apps.get_app_configs():
        static = Path(app.path) / "static"
        if static.is_dir():
            names = {entry.name for entry in static.iterdir()}
            (ours if app.name.startswith("thrivegrids.") else theirs).update(names)
    # Ignore patterns match a name at any depth, so never one our own apps use at the top.
    ignore = sorted(theirs - ours)
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=ignore)
    print("Left out: " + (", ".join(ignore) or "nothing"))


if __name__ == "__main__":
    main()
