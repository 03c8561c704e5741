"""What changed between two versions of a grid, cell by cell, in plain words."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.core.languages import in_language


@dataclass
class VersionChoice:
    from_number: int | None
    to_number: int | None
    error: str = ""

    @property
    def is_valid(self):
        return not self.error and self.from_number is not None and self.to_number is not None

    @classmethod
    def from_request(cls, params, versions):
        """Read ?from=&to=; with neither, compare the two latest versions."""
        raw_from, raw_to = params.get("from"), params.get("to")
        if not raw_from and not raw_to:
            if len(versions) < 2:
                return cls(
                    None,
                    None,
                    _("There is only one version of this grid, so nothing has changed yet."),
                )
            return cls(versions[-2], versions[-1])
        try:
            from_number, to_number = int(raw_from), int(raw_to)
        except (TypeError, ValueError):
            return cls(None, None, _("Choose two versions to compare."))
        if from_number not in versions or to_number not in versions:
            return cls(None, None, _("Choose versions from the list."))
        if from_number == to_number:
            return cls(from_number, to_number, _("Choose two different versions."))
        return cls(from_number, to_number)


@dataclass
class Change:
    where: str
    summary: str
    before: str = ""
    after: str = ""


def _by_key(items):
    return {item.key: item for item in items}


VERSION_FIELDS = (
    ("title", gettext_lazy("Title")),
    ("condition", gettext_lazy("About the difficulty")),
    ("decision", gettext_lazy("The decision")),
    ("authors", gettext_lazy("Who wrote it")),
    ("funding", gettext_lazy("Funding")),
)
OPTION_FIELDS = (
    ("name", gettext_lazy("name")),
    ("summary", gettext_lazy("summary")),
    ("what_it_is", gettext_lazy("what it is")),
    ("who_provides", gettext_lazy("who provides it")),
    ("how_to_get", gettext_lazy("how to get it")),
)


def compare_versions(old, new, *, language):
    """A list of plain-words changes from `old` to `new`, in the active language."""

    def text(texts):
        return in_language(texts, language)

    return [
        *_version_changes(old, new, text),
        *_option_changes(old, new, text),
        *_question_changes(old, new, text),
        *_cell_changes(old, new, text),
    ]


def _version_changes(old, new, text):
    changes = []
    for field_name, label in VERSION_FIELDS:
        before, after = text(old.text).get(field_name, ""), text(new.text).get(field_name, "")
        if before != after:
            changes.append(Change(label, _("This text was changed."), before, after))
    if old.next_review_on != new.next_review_on:
        changes.append(
            Change(
                _("Review date"),
                _("The next review date moved."),
                str(old.next_review_on or ""),
                str(new.next_review_on or ""),
            )
        )
    return changes


def _option_changes(old, new, text):
    changes = []
    old_options, new_options = _by_key(old.options.all()), _by_key(new.options.all())
    for key, option in new_options.items():
        name = text(option.text).get("name", key)
        if key not in old_options:
            changes.append(Change(name, _("This option was added.")))
            continue
        before, after = text(old_options[key].text), text(option.text)
        for field_name, label in OPTION_FIELDS:
            if before.get(field_name, "") != after.get(field_name, ""):
                changes.append(
                    Change(
                        name,
                        _("The %(part)s changed.") % {"part": label},
                        before.get(field_name, ""),
                        after.get(field_name, ""),
                    )
                )
    for key, option in old_options.items():
        if key not in new_options:
            changes.append(
                Change(text(option.text).get("name", key), _("This option was removed."))
            )
    return changes


def _question_changes(old, new, text):
    changes = []
    old_questions, new_questions = _by_key(old.questions.all()), _by_key(new.questions.all())
    for key, question in new_questions.items():
        if key not in old_questions:
            changes.append(Change(text(question.text), _("This question was added.")))
        elif text(old_questions[key].text) != text(question.text):
            changes.append(
                Change(
                    text(question.text),
                    _("The question was reworded."),
                    text(old_questions[key].text),
                    text(question.text),
                )
            )
    for key, question in old_questions.items():
        if key not in new_questions:
            changes.append(Change(text(question.text), _("This question was removed.")))
    return changes


def _cell_changes(old, new, text):
    changes = []
    old_cells = {
        (c.option.key, c.question.key): c for c in old.cells.select_related("option", "question")
    }
    for cell in new.cells.select_related("option", "question").prefetch_related("sources"):
        previous = old_cells.get((cell.option.key, cell.question.key))
        if previous is None:
            continue
        where = _("%(option)s: %(question)s") % {
            "option": text(cell.option.text).get("name", cell.option.key),
            "question": text(cell.question.text),
        }
        if text(previous.text) != text(cell.text):
            changes.append(
                Change(where, _("The answer changed."), text(previous.text), text(cell.text))
            )
        elif {s.url for s in previous.sources.all()} != {s.url for s in cell.sources.all()}:
            changes.append(Change(where, _("The sources behind this answer changed.")))
    return changes
