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

from thrivegrids.directory.oruk.feed_json import FeedDocument, NotAFeed
from thrivegrids.directory.oruk.fields import FeedError, Problem
from thrivegrids.directory.oruk.schema import Page
from thrivegrids.directory.oruk.validate import FeedChecker

SERVICE_PAGE_SIZE = 500
PROGRESS_EVERY = 1000  # records between calls of read_dump's progress


def read_dump(source, *, progress=None):
    """A checked Feed from a file or folder, or FeedError listing every problem.

    Each file is read as text once and its records are decoded and checked one at a time
    (feed_json.py), so the whole document never exists as Python objects; `progress(records)` is called now and
    then with the number of records read so far.
    """
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
    taxonomy_files = [f for f in files if f.name.startswith("taxonomies")]
    service_files = [f for f in files if not f.name.startswith("taxonomies")]
    for file in taxonomy_files:
        _read_file(checker, file, checker.add_taxonomy)
    declared, counted = set(), 0
    for file in service_files:
        page = _read_file(checker, file, checker.add_service, progress, counted)
        counted += page.records_read
        if isinstance(page.fields.get("total_items"), int):
            declared.add(page.fields["total_items"])
    if len(service_files) > 1 and declared and declared != {counted}:
        checker.add_problem(
            str(path),
            f"the pages hold {counted} services but total_items says "
            f"{' or '.join(str(n) for n in sorted(declared))}: is a page missing?",
        )
    return checker.result()


def _read_file(checker, file, add, progress=None, before=0):
    """Check each record of one file with `add(record, source)`; returns its FeedDocument."""
    try:
        with file.open(encoding="utf-8-sig") as handle:
            document = FeedDocument(handle.read())
    except (OSError, UnicodeDecodeError) as error:
        checker.add_problem(file.name, f"cannot be read: {error}")
        return FeedDocument("[]")
    # A file that cannot be read to its end is reported as that alone, not with its records.
    problems_before = len(checker.problems)
    try:
        for index, (line, item) in enumerate(document.records()):
            add(item, f"{file.name}:{line}, record {index + 1}")
            if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
                progress(before + index + 1)
    except (json.JSONDecodeError, RecursionError, NotAFeed) as error:
        del checker.problems[problems_before:]
        checker.add_problem(*_unreadable(file, document, error))
    return document


def _unreadable(file, document, error):
    """(where, what) for a file that is not valid JSON, nested too deeply, or no feed."""
    if isinstance(error, json.JSONDecodeError):
        where = f"(line {error.lineno}, column {error.colno})"
        return file.name, f"not valid JSON: {error.msg} {where}"
    if isinstance(error, RecursionError):
        problem = "not valid for a feed: arrays or objects are nested too deeply to read"
        return f"{file.name}:{document.line}", problem
    return file.name, "must be a list of records or an Open Referral page with a contents list"


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
