"""A feed's JSON decoded one record at a time, each with the line it starts on.

A feed file is a list of records, an Open Referral page ({"contents": [...], ...}) or one record.
The top level is walked here and each record is decoded on its own by the standard library's
decoder, so a problem can name the line where its record starts and a large feed is never held
as one tree of Python objects. Deeply nested input makes the decoder raise RecursionError, which
the caller reports.
"""

import json
import re

WHITESPACE = re.compile(r"[ \t\n\r]*")
_decode = json.JSONDecoder().raw_decode


class NotAFeed(Exception):
    """Valid JSON, but neither a list of records, a page, nor one record."""


class FeedDocument:
    """One file's text; `records()` yields (line, record) and then `fields` holds the page's
    other members (such as total_items) and `records_read` how many records there were."""

    def __init__(self, text):
        self.text = text
        self.fields = {}
        self.records_read = 0
        self.line = 1  # where the record being decoded starts
        self._counted = (0, 1)  # (offset, line at that offset)

    def records(self):
        position = self._skip(0)
        if position >= len(self.text):
            raise json.JSONDecodeError("Expecting value", self.text, position)
        if self.text[position] == "[":
            position = yield from self._list(position)
        elif self.text[position] == "{":
            position = yield from self._page(position)
        else:
            _decode(self.text, position)  # a JSONDecodeError, or a lone value that is no feed
            raise NotAFeed
        if self._skip(position) != len(self.text):
            raise json.JSONDecodeError("Extra data", self.text, self._skip(position))

    def _skip(self, position):
        return WHITESPACE.match(self.text, position).end()

    def _line_at(self, position):
        offset, line = self._counted
        line += self.text.count("\n", offset, position)
        self._counted = (position, line)
        return line

    def _expect(self, position, allowed, message):
        position = self._skip(position)
        if position >= len(self.text) or self.text[position] not in allowed:
            raise json.JSONDecodeError(message, self.text, position)
        return position

    def _list(self, position):
        """Yield each item of the list opening at `position`; returns where the list ends."""
        position = self._skip(position + 1)
        if self.text.startswith("]", position):
            return position + 1
        while True:
            position = self._skip(position)
            self.line = self._line_at(position)
            item, position = self._value(position)
            self.records_read += 1
            yield self.line, item
            position = self._expect(position, ",]", "Expecting ',' delimiter")
            if self.text[position] == "]":
                return position + 1
            position += 1

    def _value(self, position):
        try:
            return _decode(self.text, position)
        except json.JSONDecodeError as error:
            raise json.JSONDecodeError(error.msg, self.text, error.pos) from None

    def _page(self, position):
        """Yield the records of a page's contents list, or the object itself as one record."""
        start, has_contents = position, False
        position = self._skip(position + 1)
        if self.text.startswith("}", position):
            raise NotAFeed
        while True:
            position = self._expect(
                position, '"', "Expecting property name enclosed in double quotes"
            )
            key, position = self._value(position)
            position = self._expect(position, ":", "Expecting ':' delimiter") + 1
            position = self._skip(position)
            if key == "contents" and self.text.startswith("[", position):
                has_contents = True
                position = yield from self._list(position)
            else:
                self.fields[key], position = self._value(position)
            position = self._expect(position, ",}", "Expecting ',' delimiter")
            position += 1
            if self.text[position - 1] == "}":
                break
        if not has_contents:
            if "id" not in self.fields:
                raise NotAFeed
            self.line = self._line_at(start)
            self.records_read = 1
            record, self.fields = self.fields, {}
            yield self.line, record
        return position
