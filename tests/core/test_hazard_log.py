"""The hazard log is true to the code: ratings follow the DCB0129 matrix and every named test exists."""

import ast
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.yaml"
REQUIRED_HAZARDS = {f"HZ-{number:02d}" for number in range(1, 12)}


@cache
def hazard_log():
    return yaml.safe_load(LOG.read_text(encoding="utf-8"))


@cache
def defined_tests(path):
    """Names of the test functions defined at the top level of a test module."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


def missing_tests(log):
    """Every test a control names that does not exist, as 'hazard: path::name'."""
    missing = []
    for hazard in log["hazards"]:
        for control in hazard["controls"]:
            for node_id in control["tests"]:
                path, _, name = node_id.partition("::")
                if not (ROOT / path).is_file() or name not in defined_tests(path):
                    missing.append(f"{hazard['id']}: {node_id}")
    return missing


def test_every_named_test_exists():
    assert missing_tests(hazard_log()) == []


def test_a_named_test_that_does_not_exist_is_reported():
    log = {
        "hazards": [
            {
                "id": "HZ-99",
                "controls": [{"tests": ["tests/core/test_hazard_log.py::test_no_such_thing"]}],
            }
        ]
    }

    assert missing_tests(log) == ["HZ-99: tests/core/test_hazard_log.py::test_no_such_thing"]


def test_the_log_holds_every_hazard_the_safety_case_names():
    assert {hazard["id"] for hazard in hazard_log()["hazards"]} >= REQUIRED_HAZARDS


def test_every_hazard_has_a_control_proved_by_a_test():
    without = [
        hazard["id"]
        for hazard in hazard_log()["hazards"]
        if not any(control["tests"] for control in hazard["controls"])
    ]
    assert without == []


@pytest.mark.parametrize("hazard", hazard_log()["hazards"], ids=lambda hazard: hazard["id"])
def test_ratings_follow_the_dcb0129_matrix(hazard):
    matrix = hazard_log()["risk_matrix"]
    for stage in ("initial", "residual"):
        rating = hazard[stage]
        assert rating["risk"] == matrix[rating["likelihood"]][rating["severity"]], stage
    for field in ("title", "cause", "effect"):
        assert str(hazard[field]).strip(), field


def test_the_safety_case_names_the_clinical_safety_officer_role():
    case = (LOG.parent / "safety-case.md").read_text(encoding="utf-8")

    assert "Clinical Safety Officer" in case
    assert "DCB0160" in case and "DCB0129" in case
