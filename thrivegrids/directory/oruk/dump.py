"""Feed dumps on disk: reading one JSON file or a folder of pages, and writing a folder of pages.

A dump is what `import_oruk` reads and `export_oruk` writes:
- one JSON file: a list of full service records, one service record, or one page;
- a folder: `*.json` pages as the ORUK /services endpoint returns them ({"contents": [...],
  "total_items": ...}); files named `taxonomies*.json` are /taxonomies pages instead, whose
  taxonomies nest their `taxonomy_terms`.
"""

import itertools
import json
import math
from pathlib import Path

from thrivegrids.directory.oruk.fields import FeedError, Problem
from thrivegrids.directory.oruk.schema import Page
from thrivegrids.directory.oruk.validate import FeedChecker

SERVICE_PAGE_SIZE = 500


def read_dump(source):
    """A checked Feed from a file or folder, or FeedError listing every problem."""
    path = Path(source)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise FeedError([Problem(str(path), "", "the folder has no .json files")])
    elif path.is_file():
        files = [path]
    else:
        raise FeedError([Problem(str(path), "", "no such file or folder")])
    checker = FeedChecker()
    documents = [(file, _load(checker, file)) for file in files]
    taxonomy_files = [(f, d) for f, d in documents if f.name.startswith("taxonomies")]
    service_files = [(f, d) for f, d in documents if not f.name.startswith("taxonomies")]
    for file, document in taxonomy_files:
        for index, item in enumerate(_records(checker, file, document)):
            checker.add_taxonomy(item, f"{file.name}, record {index + 1}")
    declared, counted = set(), 0
    for file, document in service_files:
        records = _records(checker, file, document)
        counted += len(records)
        if isinstance(document, dict) and isinstance(document.get("total_items"), int):
            declared.add(document["total_items"])
        for index, item in enumerate(records):
            checker.add_service(item, f"{file.name}, record {index + 1}")
    if len(service_files) > 1 and declared and declared != {counted}:
        checker.add_problem(
            str(path),
            f"the pages hold {counted} services but total_items says "
            f"{' or '.join(str(n) for n in sorted(declared))}: is a page missing?",
        )
    return checker.result()


_UNREADABLE = object()


def _load(checker, file):
    try:
        with file.open(encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        checker.add_problem(
            file.name, f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        )
    except (OSError, UnicodeDecodeError) as error:
        checker.add_problem(file.name, f"cannot be read: {error}")
    return _UNREADABLE


def _records(checker, file, document):
    if document is _UNREADABLE:
        return []
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, dict) and "id" in document:
        return [document]
    checker.add_problem(
        file.name, "must be a list of records or an Open Referral page with a contents list"
    )
    return []


def write_dump(directory, *, services, total, taxonomies, page_size=SERVICE_PAGE_SIZE):
    """Write services-NNNN.json pages and taxonomies.json; returns the files written.

    `services` is an iterable of `total` full records, read one page at a time.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    existing = sorted(p.name for p in directory.glob("*.json"))
    if existing:
        raise FileExistsError(
            f"{directory} already holds {', '.join(existing[:3])}: export into an empty folder"
        )
    written = []
    records = iter(services)
    for number in range(1, max(1, math.ceil(total / page_size)) + 1):
        contents = list(itertools.islice(records, page_size))
        body = Page.of(contents, total_items=total, page_number=number, size=page_size)
        written.append(_write(directory / f"services-{number:04d}.json", body))
    body = Page.of(
        taxonomies, total_items=len(taxonomies), page_number=1, size=max(len(taxonomies), 1)
    )
    written.append(_write(directory / "taxonomies.json", body))
    return written


def _write(path, page):
    with path.open("w", encoding="utf-8") as handle:
        json.dump(page.model_dump(mode="json"), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return path
