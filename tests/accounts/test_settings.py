"""The demo-only bypass of the second factor cannot be switched on in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "THRIVEGRIDS_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "thrivegrids.config.settings",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
            "DJANGO_ALLOWED_HOSTS": "thrivegrids.example.nhs.uk",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_bypass_is_refused_without_debug():
    result = _check(THRIVEGRIDS_DEMO_OTP_BYPASS="true")

    assert result.returncode != 0
    assert "THRIVEGRIDS_DEMO_OTP_BYPASS" in result.stderr


def test_demo_bypass_is_allowed_with_debug():
    result = _check(THRIVEGRIDS_DEMO_OTP_BYPASS="true", DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
