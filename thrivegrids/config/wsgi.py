"""WSGI entry point (gunicorn thrivegrids.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thrivegrids.config.settings")
application = get_wsgi_application()

# Import WeasyPrint when a worker starts (2-5 s), not on the first PDF request.
import weasyprint  # noqa: E402, F401
