"""IPDAS and NICE essentials as code: quality checks on a grid version.

Essential findings stop publication; advisory findings are warnings for the content team.
"""

import statistics
from dataclasses import dataclass

import textstat

ESSENTIAL = "essential"
ADVISORY = "advisory"
READING_AGE_LIMIT = 11
REVIEW_WARNING_DAYS = 60


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str

    def __str__(self):
        return f"[{self.level}] {self.code}: {self.message}"


def reading_age(text):
    """Estimated reading age in years: Flesch–Kincaid grade plus five."""
    return textstat.flesch_kincaid_grade(text) + 5


def check_version(version, *, today, counterpart=None, superseded=False):
    """All findings for one version. `counterpart` is the other setting's version for parity."""
    findings = []
    english = version.text.get("en", {})
    options = list(version.options.all())
    questions = list(version.questions.all())
    cells = {(c.option_id, c.question_id): c for c in version.cells.all()}

    def essential(code, message):
        findings.append(Finding(ESSENTIAL, code, message))

    def advisory(code, message):
        findings.append(Finding(ADVISORY, code, message))

    if not english.get("condition", "").strip():
        essential("condition", "The condition is not described.")
    if not english.get("decision", "").strip():
        essential("decision", "The decision is not stated.")
    if len(options) < 2:
        essential("options", "A grid needs at least two options.")
    if not any(option.is_waiting for option in options):
        essential(
            "waiting-option", "No option covers waiting, doing nothing for now or self-management."
        )
    roles = {question.role for question in questions}
    if "benefits" not in roles:
        essential("benefits-row", "No question row covers benefits.")
    if "downsides" not in roles:
        essential("downsides-row", "No question row covers risks or downsides.")
    for option in options:
        for question in questions:
            where = f"{option.key}/{question.key}"
            cell = cells.get((option.pk, question.pk))
            for language in version.translation_status:
                if cell is None or not str(cell.text.get(language, "")).strip():
                    essential("empty-cell", f"Cell {where} has no {language} text.")
            if cell is not None and not cell.sources.all():
                essential("uncited-cell", f"Cell {where} cites no source.")
    # A draft gets its publication date when it is published.
    if version.published_on is None and not version.is_draft:
        essential("published-on", "The publication date is not set.")
    # A superseded version's review date no longer matters: a newer version replaced it.
    if not superseded:
        if version.next_review_on is None or version.next_review_on <= today:
            essential("review-date", "The next review date must be in the future.")
        elif (version.next_review_on - today).days <= REVIEW_WARNING_DAYS:
            advisory("review-soon", f"Review due on {version.next_review_on.isoformat()}.")
    if not english.get("authors", "").strip() or not english.get("funding", "").strip():
        essential("authorship", "The authors and funding statements are required.")
    if counterpart is not None:
        ours = [q.key for q in questions]
        theirs = [q.key for q in counterpart.questions.all()]
        if ours != theirs:
            essential(
                "parity",
                f"Question rows differ from the {counterpart.grid.setting} grid "
                f"(v{counterpart.number}): NHS and community grids must ask the same questions.",
            )
    if version.grid.topic.shows_crisis_contacts and not version.crisis_contacts:
        essential("crisis-contacts", "This topic's grids must show crisis contacts.")
    findings.extend(_advisory_text_checks(options, questions, cells))
    return findings


def _advisory_text_checks(options, questions, cells):
    findings = []
    totals = {}
    for option in options:
        option_text = " ".join(option.text.get("en", {}).values())
        for question in questions:
            cell = cells.get((option.pk, question.pk))
            text = cell.text.get("en", "") if cell else ""
            option_text += " " + text
            if len(text.split()) >= 5 and reading_age(text) > READING_AGE_LIMIT:
                findings.append(
                    Finding(
                        ADVISORY,
                        "reading-age",
                        f"Cell {option.key}/{question.key} reads at about age {reading_age(text):.0f} "
                        f"(aim for {READING_AGE_LIMIT} or under).",
                    )
                )
        totals[option.key] = len(option_text.split())
    if len(totals) >= 2:
        median = statistics.median(totals.values())
        for key, words in totals.items():
            if median and not 0.5 <= words / median <= 2:
                findings.append(
                    Finding(
                        ADVISORY,
                        "equal-detail",
                        f"Option {key} has {words} words against a median of {median:.0f}: "
                        "give each option equal detail.",
                    )
                )
    return findings


def essential_findings(findings):
    return [finding for finding in findings if finding.level == ESSENTIAL]
