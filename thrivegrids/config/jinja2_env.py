"""The one Jinja2 environment: NHS.UK frontend macros, Django helpers and translations."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.formats import date_format
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from thrivegrids.accounts.presenters import account_bar
from thrivegrids.core.forms import choice_items, error_list
from thrivegrids.core.urgent_help import urgent_help_box


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def long_date(value):
    """A date the way NHS content writes it: 5 March 2027 (in the active language)."""
    return date_format(value, "j F Y") if value else ""


def select_item(value, selected):
    """An item for the NHS.UK select macro, marked selected when it matches."""
    return {"value": value, "text": value, "selected": str(value) == str(selected)}


def environment(**options):
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # The NHS.UK macros read optional nested parameters; ChainableUndefined lets them be absent.
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    env = Environment(**options)  # noqa: S701 (autoescape is set on the line above)
    env.install_gettext_callables(
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    env.globals.update(
        static=static,
        url=url,
        translate_url=translate_url,
        get_language=translation.get_language,
        get_language_bidi=translation.get_language_bidi,
        settings=settings,
        # Signed-in pages only (accounts/signed_in.jinja): reading the user touches the session.
        account_bar=account_bar,
        form_error_list=error_list,
        form_choice_items=choice_items,
        # The "If you need help now" box's contacts for a topic (or general), in the page's language.
        urgent_help_box=urgent_help_box,
    )
    env.filters["long_date"] = long_date
    env.filters["tg_choice"] = select_item
    return env
