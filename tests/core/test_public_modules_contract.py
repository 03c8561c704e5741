"""The import-linter contract behind `make lint` (lint/public_modules.py) catches what it says."""

import grimp

from lint.public_modules import PublicModulesContract


def _graph(*imports):
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.a.public", "p.a.models", "p.b", "p.b.views", "p.b.models"):
        graph.add_module(module)
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=7, line_contents="")
    return graph


def _check(graph):
    contract = PublicModulesContract(
        name="public modules", session_options={}, contract_options={"apps": ["p.a", "p.b"]}
    )
    return contract.check(graph, verbose=False)


def test_an_import_through_the_public_module_or_inside_an_app_is_kept():
    check = _check(_graph(("p.b.views", "p.a.public"), ("p.b.views", "p.b.models")))

    assert check.kept


def test_an_import_of_another_apps_internals_is_broken_and_named():
    check = _check(_graph(("p.b.views", "p.a.public"), ("p.b.views", "p.a.models")))

    assert not check.kept
    assert check.metadata["illegal"] == [("p.b.views", "p.a.models", "p.a.public", [7])]
