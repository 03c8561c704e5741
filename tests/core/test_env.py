import pytest
from django.core.exceptions import ImproperlyConfigured

from thrivegrids.config.env import env_bool, env_int, env_list, env_str


def test_env_bool_rejects_unclear_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("0", False), ("YES", True), ("off", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", default=not expected) is expected


def test_env_str_without_default_requires_a_value(monkeypatch):
    monkeypatch.delenv("X_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured):
        env_str("X_MISSING")


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "five")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUMBER", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.example , b.example,,")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]
