import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "thrivegrids.config.settings", "PYTHONPATH": str(ROOT), **env}
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-long-random-production-key-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="thrivegrids.example.nhs.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_ALLOWED_HOSTS="thrivegrids.example.nhs.uk")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
