"""Browser journeys: Debian's chromium through Playwright, against pytest-django's live server.

Nothing here skips: if chromium cannot start, every journey errors and the run fails.
"""

import os
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.recorded_rows import replay

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# (loading grids, flushing the database) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}

AXE = Axe()  # axe-core bundled in the package: nothing is fetched


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": WIDE}


@pytest.fixture
def grids(transactional_db, demo_grids_recording):
    """The demo grids, committed so that the live server's thread can see them.

    The rows the real loader wrote once this session (`demo_grids_recording`), with the four
    topics and their grids that a data migration made: the flush that ends every transactional
    test deletes those too, so they are put back with the keys the migration gave them.
    Serialized rollback would do the same, but breaks with an IntegrityError on content types if
    any transactional test without it runs earlier in the session.
    """
    replay(demo_grids_recording)


@pytest.fixture
def site(live_server, grids):
    """The live server's base URL, with the demo grids loaded."""
    return live_server.url


def _only_loopback(route):
    if urlsplit(route.request.url).hostname in LOOPBACK_HOSTS:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def context(context):
    """Every request that leaves this machine (the NHS font server, for one) is aborted at once."""
    context.route("**/*", _only_loopback)
    context.set_default_timeout(15_000)
    return context


def assert_accessible(page):
    """axe-core finds nothing wrong with the page as it is now."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_no_horizontal_scroll(page):
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, f"{page.url}: {scroll_width}px wide in a {width}px viewport"


def press_tab_until(page, selector, *, limit=150):
    """Press Tab until the focused element matches selector; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} was not reached with Tab in {limit} presses on {page.url}")
