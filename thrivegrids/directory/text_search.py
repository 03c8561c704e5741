"""Service text search: the stored text and the query are folded the same way, then compared.

Arabic readers treat several spellings as one word (أ/إ/آ/ا, ة/ه, ى/ي, with or without
diacritics), and neither SQLite nor PostgreSQL folds them, so each service keeps its searched text
already folded (Service.search_name and search_text, written by services.py on every write) and a
query is folded in Python before it reaches the database. A plain `contains` then matches on both
databases, and one trigram index (PostgreSQL) covers it.
"""

from thrivegrids.core.arabic import normalise_arabic

COLUMNS = ["search_name", "search_text"]  # for update_fields


def fold(text):
    """Text as search compares it: Arabic spelling variants folded, lower case, single spaces."""
    return " ".join(normalise_arabic(text).casefold().split())


def search_columns(name, description):
    """The values of a service's search columns, from the text a visitor can search for."""
    folded_name = fold(name)
    return {"search_name": folded_name, "search_text": f"{folded_name}\n{fold(description)}"}


def words(query):
    """The folded words of a query; a service matches when its search text holds every one."""
    return fold(query).split()
