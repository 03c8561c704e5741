"""Fixtures for the API tests: the directory's demo data, shared with tests/directory."""

from tests.directory.conftest import demo_directory

__all__ = ["demo_directory"]


def pytest_collection_modifyitems(items):
    """One node id per API operation for schemathesis' items (`test_...[GET /services]`).

    schemathesis 4.32 names each operation's item, but pytest 9.2 builds a node id from the
    function's name and parameters only, so all eleven shared one id (wrong progress figures,
    failures listed without their operation). Only items that carry an operation are touched.
    To run one operation: `-k "contract and services and not service_id"`."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and item.nodeid.endswith(f"::{item.originalname}") and hasattr(item, "_id"):
            item._id = item.parent.id.child(item.originalname).with_params(label)
