"""Settings for `make bench`: the production settings plus a bare baseline page.

Only two things differ from production: the URLconf adds the bench-only pages in bench/urls.py,
and STATIC_ROOT can point at a throwaway folder so collectstatic never touches the repository.
"""

import copy
import os
from pathlib import Path

from thrivegrids.config.settings import *  # noqa: F403
from thrivegrids.config.settings import STATIC_ROOT as _PRODUCT_STATIC_ROOT
from thrivegrids.config.settings import TEMPLATES as _PRODUCT_TEMPLATES

ROOT_URLCONF = "bench.urls"

TEMPLATES = copy.deepcopy(_PRODUCT_TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "jinja2"]

STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or _PRODUCT_STATIC_ROOT
