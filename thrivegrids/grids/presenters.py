"""Shaping grid versions into what templates and NHS.UK macros need."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thrivegrids.core.arabic import isolate_latin
from thrivegrids.core.languages import in_language
from thrivegrids.core.thrive import NEEDS_GROUP_DESCRIPTIONS, NeedsGroup, Setting
from thrivegrids.core.urgent_help import urgent_help_box
from thrivegrids.directory import public as directory
from thrivegrids.grids.models import is_past_review

MIN_COMPARE = 2
MAX_COMPARE = 3


def grid_url(topic_slug, setting):
    return reverse("grids:show_grid", kwargs={"topic": topic_slug, "setting": setting})


def _url_or_empty(name, **kwargs):
    """A URL, or "" when the page is not installed (the public directory pages are optional)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def local_service_items(matches, place=None):
    """Directory matches (directory.matching.ServiceMatch) as a list a template renders.

    Distances read as on the directory's own pages ("0.2 miles from Valleyford"), and each link
    carries the place, so the service page measures from it too.
    """
    origin = query = None
    if place is not None:
        origin = directory.Origin(
            place.name, place.latitude, place.longitude, {"place": place.name}
        )
        query = urlencode(origin.params)
    items = []
    for match in matches:
        setting = str(Setting(match.setting).label) if match.setting else ""
        distance = directory.distance_text(match.distance_km, origin) if origin else ""
        href = _url_or_empty("directory:show_service", service_id=match.id)
        items.append(
            {
                "name": match.name,
                "href": f"{href}?{query}" if href and query else href,
                "distance_km": match.distance_km,
                "setting_label": setting,
                "facts": _(", ").join(fact for fact in (setting, distance) if fact),
            }
        )
    return items


def search_services_href(kind, topic, place=None):
    """The public directory search for an option's services, or "" when it is not installed.

    Filtered as the grid page matched them (option kind, and topic when it has a term), measured
    from the same place.
    """
    url = _url_or_empty("directory:search_services")
    if not url:
        return ""
    query = {"kind": kind}
    if directory.topic_term_id(topic) is not None:
        query["topic"] = topic
    if place is not None:
        query["place"] = place.name
    return f"{url}?{urlencode(query)}"


def topic_cards(topics, published_grid_ids):
    """The start page: each topic with its two grids, side by side as equals."""
    cards = []
    for topic in topics:
        grids = []
        for grid in sorted(topic.grids.all(), key=lambda g: g.setting != Setting.NHS):
            grids.append(
                {
                    "label": Setting(grid.setting).label,
                    "setting": grid.setting,
                    "href": grid_url(topic.slug, grid.setting)
                    if grid.pk in published_grid_ids
                    else "",
                }
            )
        cards.append(
            {
                "slug": topic.slug,
                "name": topic.name,
                "summary": topic.summary,
                "grids": grids,
                "needs_groups": [NeedsGroup(code).label for code in topic.needs_groups],
            }
        )
    return cards


def needs_groups():
    return [
        {"name": group.label, "description": NEEDS_GROUP_DESCRIPTIONS[group]}
        for group in NeedsGroup
    ]


@dataclass
class Comparison:
    """Which options to show: all, or the 2 or 3 a person chose; an error if the choice was not valid."""

    chosen: list = field(default_factory=list)
    error: str = ""

    @classmethod
    def from_request(cls, keys, available):
        keys = [key for key in dict.fromkeys(keys) if key in available]
        if not keys:
            return cls()
        if len(keys) < MIN_COMPARE:
            return cls(error=_("Choose at least 2 options to compare."))
        if len(keys) > MAX_COMPARE:
            return cls(error=_("Choose no more than 3 options to compare."))
        return cls(chosen=keys)


class GridPresenter:
    def __init__(
        self,
        version,
        *,
        language,
        comparison=None,
        local_details=None,
        latest_number=None,
        local_services=None,
        local_place=None,
    ):
        self.version = version
        self.language = language
        self.grid = version.grid
        self.topic = version.grid.topic
        self.comparison = comparison or Comparison()
        self.local_details = local_details or {}
        # Option kind -> directory matches; None when the page does not list local services.
        self.local_services = local_services
        self.local_place = local_place
        self.latest_number = latest_number
        self.all_options = list(version.options.all())
        self.questions = list(version.questions.all())
        self.sources = list(version.sources.all())
        self._source_numbers = {source.pk: index + 1 for index, source in enumerate(self.sources)}
        self._cells = {(cell.option_id, cell.question_id): cell for cell in version.cells.all()}
        chosen = self.comparison.chosen
        self.options = [o for o in self.all_options if not chosen or o.key in chosen]

    def _text(self, texts):
        """Text in the page's language. On a right-to-left page, Latin words inside it (a
        service name, "CBT") come marked lang="en" dir="ltr" so punctuation sits right."""
        # Only a language the version lists is shown: an unlisted one falls back to English.
        language = self._content_language
        value = in_language(texts, language)
        if language != "ar":
            return value
        if isinstance(value, dict):
            return {name: isolate_latin(text) for name, text in value.items()}
        return isolate_latin(value) if isinstance(value, str) else value

    @property
    def _content_language(self):
        return "en" if self.shown_in_english_only else self.language

    @property
    def text(self):
        return self._text(self.version.text) or {}

    @property
    def title(self):
        """Plain text: it also goes into the page's <title>."""
        return (
            in_language(self.version.text, self._content_language).get("title")
            or f"{self.topic.name}: {Setting(self.grid.setting).label}"
        )

    @property
    def setting_label(self):
        return Setting(self.grid.setting).label

    @property
    def other_setting(self):
        other = self.grid.other_setting
        return {"label": Setting(other).label, "href": grid_url(self.topic.slug, other)}

    @property
    def is_latest(self):
        return self.latest_number is None or self.version.number == self.latest_number

    @property
    def latest_href(self):
        return grid_url(self.topic.slug, self.grid.setting)

    @property
    def shown_in_english_only(self):
        return self.language not in self.version.translation_status

    @property
    def content_attributes(self):
        """lang/dir for grid text shown in English on a page in another language (WCAG 3.1.2)."""
        return mark_safe(' lang="en" dir="ltr"') if self.shown_in_english_only else ""  # noqa: S308

    @property
    def translation_is_draft(self):
        return self.version.translation_status.get(self.language) == "draft"

    def option_name(self, option):
        return self._text(option.text).get("name", option.key)

    def compare_choices(self):
        chosen = self.comparison.chosen
        return [
            {"value": o.key, "text": self.option_name(o), "checked": o.key in chosen}
            for o in self.all_options
        ]

    def source_refs(self, cell):
        return [{"number": self._source_numbers[s.pk], "key": s.key} for s in cell.sources.all()]

    def table(self):
        """Head and rows for the NHS.UK responsive table macro: questions down, options across.

        On a narrow screen the macro's responsive table shows one question at a time, with every
        option's answer under it, labelled, instead of squeezing columns.
        """
        head = [{"text": _("Question")}] + [{"text": self.option_name(o)} for o in self.options]
        rows = []
        for question in self.questions:
            row = [{"text": self._text(question.text)}]
            for option in self.options:
                cell = self._cells.get((option.pk, question.pk))
                row.append({"html": self._cell_html(cell)})
            rows.append(row)
        numbers_row = [{"text": _("What do the numbers say?")}]
        numbers_row += [{"html": self._numbers_html(option)} for option in self.options]
        rows.append(numbers_row)
        return {"head": head, "rows": rows}

    def _cell_html(self, cell):
        if cell is None:
            return ""
        refs = format_html_join(
            ", ",
            '<a href="#source-{}">{}</a>',
            ((r["key"], r["number"]) for r in self.source_refs(cell)),
        )
        return format_html(
            '{} <span class="tg-cell-sources">{} {}</span>',
            self._text(cell.text),
            _("Sources:"),
            refs,
        )

    def option_details(self):
        """The reverse side: what each option is, who provides it, how to get it, and local detail."""
        details = []
        for option in self.options:
            text = self._text(option.text)
            local = self.local_details.get(option.key)
            details.append(
                {
                    "key": option.key,
                    "name": text.get("name", option.key),
                    "summary": text.get("summary", ""),
                    "rows": [
                        (_("What it is"), text.get("what_it_is", "")),
                        (_("Who provides it"), text.get("who_provides", "")),
                        (_("How to get it"), text.get("how_to_get", "")),
                        *(
                            [(_("When waiting is not safe"), text["when_waiting_is_not_safe"])]
                            if text.get("when_waiting_is_not_safe")
                            else []
                        ),
                    ],
                    "local_note": local.note if local else "",
                    "local_contact": local.contact if local else "",
                    **self._local_services(option),
                }
            )
        return details

    def _local_services(self, option):
        """Matching directory services; None (no section) when the option's kind has no term.

        An empty list is the "service gap": the option exists but nothing local offers it yet.
        """
        matches = (self.local_services or {}).get(option.kind)
        if matches is None:
            return {"local_services": None, "local_services_href": ""}
        return {
            "local_services": local_service_items(matches, self.local_place),
            "local_services_href": search_services_href(
                option.kind, self.topic.slug, self.local_place
            ),
        }

    def source_list(self):
        return [
            {
                "number": index + 1,
                "key": s.key,
                "title": s.title,
                "recommendation": s.recommendation,
                "url": s.url,
                "evidence": s.get_evidence_display(),
            }
            for index, s in enumerate(self.sources)
        ]

    def urgent_help(self):
        """The "If you need help now" box for this topic, in the page's language."""
        return urgent_help_box(self.topic.slug, self.language)

    @property
    def is_past_review(self):
        return is_past_review(self.version)

    @property
    def age_range(self):
        if self.version.age_min is None:
            return ""
        return _("For ages %(min)s to %(max)s") % {
            "min": self.version.age_min,
            "max": self.version.age_max,
        }

    def about(self):
        """Who the grid is for, its limits, how it is kept up to date and who reviewed it."""
        text = self.text
        items = [
            (_("Who this grid is for"), text.get("audience", "")),
            (_("What the evidence can and cannot tell us"), text.get("evidence_note", "")),
            (_("How this grid is kept up to date"), text.get("update_policy", "")),
            (_("Declarations of interest"), text.get("declarations_of_interest", "")),
            (_("Who wrote it"), text.get("authors", "")),
            (_("Who paid for it"), text.get("funding", "")),
        ]
        reviewers = [
            _("%(name)s, %(role)s, on %(date)s")
            % {"name": r["name"], "role": r["role"], "date": r["reviewed_on"]}
            for r in self.version.clinical_review
        ]
        items.append(
            (
                _("Clinical review"),
                "; ".join(reviewers)
                or _(
                    "Example content: not reviewed by a clinician. Do not use it to make real decisions."
                ),
            )
        )
        return [{"label": label, "text": value} for label, value in items if value]

    def numbers(self, option):
        """Benefits and harms in numbers for one option, or the plain "not known" statement."""
        data = option.benefits_and_harms or {}
        by_key = {s.key: s for s in self.sources}
        items = []
        for item in data.get("numbers", []):
            source = by_key.get(item.get("source"))
            items.append(
                {
                    "text": self._text(item.get("text", {})),
                    "source_number": self._source_numbers.get(source.pk) if source else None,
                    "source_key": source.key if source else "",
                }
            )
        return {"items": items, "not_known": self._text(data.get("not_known", {})) or ""}

    def _numbers_html(self, option):
        numbers = self.numbers(option)
        if not numbers["items"]:
            return format_html("{}", numbers["not_known"])
        return format_html_join(
            " ",
            '{} <span class="tg-cell-sources">{} <a href="#source-{}">{}</a></span>',
            (
                (item["text"], _("Source:"), item["source_key"], item["source_number"])
                for item in numbers["items"]
            ),
        )
