"""Reading a gazetteer CSV (name, latitude, longitude) with line-numbered problems."""

import csv
from pathlib import Path

from django.utils.text import slugify

from thrivegrids.directory.oruk.fields import FeedError, Problem

COLUMNS = ("name", "latitude", "longitude")


def parse_places(source):
    """Checked places as dicts (name, slug, latitude, longitude), or FeedError naming each line."""
    path = Path(source)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise FeedError([Problem(path.name, "", f"cannot be read: {error}")]) from None
    if not rows or [c.strip().lower() for c in rows[0]] != list(COLUMNS):
        raise FeedError(
            [Problem(f"{path.name}:1", "", "the header must be: name,latitude,longitude")]
        )
    problems, places, seen = [], [], {}
    for line, row in enumerate(rows[1:], start=2):
        where = f"{path.name}:{line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            problems.append(Problem(where, "", f"needs 3 values, found {len(row)}"))
            continue
        name = row[0].strip()
        place = {"name": name, "slug": slugify(name)}
        if not name or len(name) > 100 or not place["slug"]:
            problems.append(
                Problem(where, "name", "must be 1 to 100 characters with a letter or digit")
            )
        elif place["slug"] in seen:
            problems.append(Problem(where, "name", f"repeats line {seen[place['slug']]}"))
        else:
            seen[place["slug"]] = line
        for column, text, limit in (("latitude", row[1], 90), ("longitude", row[2], 180)):
            try:
                value = float(text)
            except ValueError:
                value = None
            if value is None or not -limit <= value <= limit:
                problems.append(
                    Problem(where, column, f"must be a number between -{limit} and {limit}")
                )
            place[column] = value
        places.append(place)
    if problems:
        raise FeedError(problems)
    return places
