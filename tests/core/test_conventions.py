"""Conventions a tool can check (docs/conventions.md): views write no audit events by hand, and
no product module grows past 400 lines."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "thrivegrids"
VIEW_MODULES = sorted(
    path
    for path in ROOT.rglob("*.py")
    if path.name == "views.py" or path.name.endswith("_views.py")
)
PRODUCT_MODULES = sorted(path for path in ROOT.rglob("*.py") if "migrations" not in path.parts)
AUDIT_HELPER = re.compile(r"\brecord_(?:event|\w+_read|\w+_view|account_event)\b")


def test_the_scans_find_the_modules():
    assert len(VIEW_MODULES) >= 10 and len(PRODUCT_MODULES) >= 100


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_views_never_write_audit_events_by_hand(path):
    """Views fetch through services that audit the read with the fetch (young_person_for_reading,
    conversation_for_reading, ...) and write through services that audit the write."""
    assert AUDIT_HELPER.findall(path.read_text()) == []


@pytest.mark.parametrize("path", PRODUCT_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_passes_400_lines(path):
    assert len(path.read_text().splitlines()) <= 400
