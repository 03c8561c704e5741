"""Shaping directory services into what the public templates and NHS.UK macros need."""

import datetime
import math
import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format, time_format
from django.utils.text import Truncator
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from thrivegrids.core.thrive import NeedsGroup, Setting
from thrivegrids.directory import hours, vocabulary
from thrivegrids.directory.models import KM_PER_DEGREE, AccessRoute, Service

KM_PER_MILE = 1.609344
SUMMARY_WORDS = 30
NO_REFERRAL = {AccessRoute.SELF_REFERRAL, AccessRoute.DROP_IN}
# Built-in term id -> (taxonomy, code), to read THRIVE groups and topics off attributes.
BUILT_IN_TERMS = {
    str(taxonomy.term_id(code)): (taxonomy.code, code)
    for taxonomy in (vocabulary.THRIVE, vocabulary.TOPICS)
    for code, *_rest in taxonomy.terms
}


def service_url(service_id, origin=None):
    url = reverse("directory:show_service", kwargs={"service_id": service_id})
    return f"{url}?{urlencode(origin.params)}" if origin else url


def shortlist_url():
    return reverse("directory:show_shortlist")


def in_order(services, ids):
    """Services in the order of `ids` (strings), leaving out any that no longer exist."""
    by_id = {str(service.pk): service for service in services}
    return [by_id[pk] for pk in ids if pk in by_id]


def joined(items):
    """Items in a list, with the comma of the active language (Arabic has its own: "،")."""
    return _(", ").join(str(item) for item in items)


def age_text(minimum, maximum):
    if minimum is not None and maximum is not None:
        return _("Ages %(minimum)s to %(maximum)s") % {"minimum": minimum, "maximum": maximum}
    if minimum is not None:
        return _("Ages %(minimum)s and over") % {"minimum": minimum}
    if maximum is not None:
        return _("Ages up to %(maximum)s") % {"maximum": maximum}
    return _("All ages")


def distance_between(origin, latitude, longitude):
    """Kilometres, by the same equirectangular approximation the search orders by."""
    scale = max(math.cos(math.radians(origin.latitude)), 0.01)
    y = (latitude - origin.latitude) * KM_PER_DEGREE
    x = (longitude - origin.longitude) * KM_PER_DEGREE * scale
    return math.sqrt(x * x + y * y)


def distance_text(km, origin):
    if km is None:
        return ""
    miles = km / KM_PER_MILE
    if miles < 0.1:
        return _("Less than 0.1 miles from %(place)s") % {"place": origin.label}
    return _("%(distance)s miles from %(place)s") % {
        "distance": number_format(miles, 1),
        "place": origin.label,
    }


def _days_text(codes):
    indexes = sorted(hours.DAYS.index(code) for code in codes)
    if len(indexes) == 7:
        return _("Every day")
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return _("%(first)s to %(last)s") % {
            "first": WEEKDAYS[indexes[0]],
            "last": WEEKDAYS[indexes[-1]],
        }
    return joined(WEEKDAYS[index] for index in indexes)


def describe_schedule(schedule):
    """Weekly hours as words, like "Monday to Friday, 9 a.m. to 5 p.m."; the feed's text otherwise."""
    try:
        days = hours.parse_byday(schedule.byday)
    except ValueError:
        days = None
    weekly = schedule.freq in ("WEEKLY", "") and days and all(nth is None for nth, _c in days)
    if not weekly:
        return schedule.description or schedule.notes or ""
    when = _days_text({code for _n, code in days})
    opens, closes = schedule.opens_at, schedule.closes_at
    if opens is None and closes is None:
        return when
    opens, closes = opens or datetime.time.min, closes or datetime.time.min
    if opens == closes:
        return _("%(days)s, open 24 hours") % {"days": when}
    return _("%(days)s, %(opens)s to %(closes)s") % {
        "days": when,
        "opens": time_format(opens),
        "closes": time_format(closes),
    }


def open_now_tag(state):
    """An NHS.UK tag for "open now", or None when there are no opening hours."""
    if state is None:
        return None
    if state:
        return {"text": _("Open now"), "classes": "nhsuk-tag--green"}
    return {"text": _("Closed now"), "classes": "nhsuk-tag--grey"}


def language_label(code, name):
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return name or code


def _terms(service, taxonomy_code):
    codes = []
    for attribute in service.attributes.all():
        taxonomy, code = BUILT_IN_TERMS.get(str(attribute.taxonomy_term_id), (None, None))
        if taxonomy == taxonomy_code and code not in codes:
            codes.append(code)
    return codes


def needs_group_labels(service):
    known = set(NeedsGroup.values)
    return [
        NeedsGroup(code).label for code in _terms(service, vocabulary.THRIVE.code) if code in known
    ]


def _summary_tags(service):
    tags = []
    if service.setting:
        tags.append(Setting(service.setting).label)
    if service.access_route:
        tags.append(AccessRoute(service.access_route).label)
    if service.is_free:
        tags.append(_("Free"))
    tags.append(age_text(service.minimum_age, service.maximum_age))
    return tags


def service_card(service, *, origin=None, shortlisted=(), now=None):
    """One search result or shortlist entry."""
    distance = getattr(service, "distance_sq", None)
    km = math.sqrt(distance) if distance is not None else None
    if origin is not None and km is None:
        where = _("No fixed place: online or by phone")
    else:
        where = distance_text(km, origin) if origin else ""
    return {
        "id": str(service.pk),
        "name": service.name,
        "href": service_url(service.pk, origin),
        "organisation": service.organization.name,
        "summary": Truncator(service.description).words(SUMMARY_WORDS),
        "facts": _summary_tags(service),
        "where": where,
        "open_now": open_now_tag(hours.is_open_at(service, now)) if now else None,
        "in_shortlist": str(service.pk) in shortlisted,
    }


def results_heading(count):
    return ngettext("%(count)d service found", "%(count)d services found", count) % {"count": count}


def order_note(criteria):
    if criteria.origin is not None:
        return _("Nearest to %(place)s first.") % {"place": criteria.origin.label}
    if criteria.text:
        return _("Best matches first.")
    return _("In alphabetical order.")


def pagination(page, query):
    """Parameters for the NHS.UK pagination macro; `query` is the search without its page."""
    if page.paginator.num_pages < 2:
        return None

    def href(number):
        params = query.copy()
        params["page"] = number
        return f"?{params.urlencode()}"

    current, last = page.number, page.paginator.num_pages
    items, previous = [], 0
    for number in range(1, last + 1):
        if number in (1, last) or abs(number - current) <= 1:
            if number - previous > 1:
                items.append({"ellipsis": True})
            items.append(
                {
                    "number": number,
                    "href": href(number),
                    "current": number == current,
                    "ariaLabel": _("Page %(number)s") % {"number": number},
                }
            )
            previous = number
    params = {"items": items, "ariaLabel": _("Pages of results")}
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number()), "text": _("Previous")}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number()), "text": _("Next")}
    return params


def phone_item(phone):
    return {
        "number": phone.number,
        "extension": phone.extension,
        "tel": re.sub(r"[^\d+]", "", phone.number),
        "note": phone.description,
    }


def cost_lines(service):
    lines = []
    for option in service.cost_options.all():
        if option.amount == 0:
            lines.append(_("Free"))
        elif option.amount is not None:
            amount = number_format(option.amount, 2)
            price = (
                f"£{amount}" if option.currency in ("", "GBP") else f"{amount} {option.currency}"
            )
            lines.append(" ".join(filter(None, (price, option.option, option.amount_description))))
        elif option.option:
            lines.append(option.option)
    if service.fees:
        lines.append(service.fees)
    return list(dict.fromkeys(lines))


def _address_lines(location):
    lines = []
    for address in location.addresses.all():
        parts = (address.address_1, address.city, address.postal_code)
        lines.append(", ".join(part for part in parts if part))
    return lines


class ServicePage:
    """Everything the service page shows, in the active language where the text is ours."""

    def __init__(self, service: Service, *, today, now, freshness_days, origin=None):
        self.service = service
        self.origin = origin
        self.today = today
        self.now = now
        self.freshness_days = freshness_days
        self.links = list(service.service_at_locations.all())

    @property
    def status_notice(self):
        status = self.service.status
        if status == Service.Status.TEMPORARILY_CLOSED:
            return _("This service is temporarily closed.")
        if status in (Service.Status.INACTIVE, Service.Status.DEFUNCT):
            return _("This service is no longer running.")
        return ""

    @property
    def who(self):
        return {
            "ages": age_text(self.service.minimum_age, self.service.maximum_age),
            "eligibility": self.service.eligibility_description,
            "groups": joined(needs_group_labels(self.service)),
            "areas": joined(
                area.name or area.service_area for area in self.service.service_areas.all()
            ),
        }

    @property
    def how(self):
        route = self.service.access_route
        lead = {
            AccessRoute.SELF_REFERRAL: _("You can contact this service yourself."),
            AccessRoute.DROP_IN: _("You can drop in without an appointment."),
            AccessRoute.REFERRAL: _(
                "You need a referral from a professional, such as a GP or school."
            ),
        }.get(route, "")
        return {
            "lead": lead,
            "self_referral": route in NO_REFERRAL,
            "steps": self.service.application_process,
        }

    @property
    def phones(self):
        return [phone_item(phone) for phone in self.service.phones.all()]

    @property
    def contacts(self):
        people = []
        for contact in self.service.contacts.all():
            title = ", ".join(filter(None, (contact.title, contact.department)))
            people.append(
                {
                    "name": contact.name,
                    "title": title,
                    "email": contact.email,
                    "phones": [phone_item(phone) for phone in contact.phones.all()],
                }
            )
        return people

    @property
    def opening_hours(self):
        schedules = list(self.service.schedules.all())
        schedules += [s for link in self.links for s in link.schedules.all()]
        return [text for text in map(describe_schedule, schedules) if text]

    @property
    def open_now(self):
        return open_now_tag(hours.is_open_at(self.service, self.now))

    @property
    def locations(self):
        places = []
        for link in self.links:
            location = link.location
            if location.location_type == location.Type.VIRTUAL:
                continue
            km = None
            if self.origin and location.latitude is not None and location.longitude is not None:
                km = distance_between(self.origin, location.latitude, location.longitude)
            places.append(
                {
                    "name": location.name,
                    "address": _address_lines(location),
                    "distance": distance_text(km, self.origin) if self.origin else "",
                    "accessibility": [
                        item.description or item.details for item in location.accessibility.all()
                    ],
                    "hours": joined(filter(None, map(describe_schedule, location.schedules.all()))),
                }
            )
        return places

    @property
    def languages(self):
        return joined(language_label(lang.code, lang.name) for lang in self.service.languages.all())

    @property
    def cost(self):
        return cost_lines(self.service)

    @property
    def checked_on(self):
        return self.service.assured_date

    @property
    def is_stale(self):
        return self.service.is_stale(self.today, self.freshness_days)
