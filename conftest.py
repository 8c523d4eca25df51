"""Project-wide pytest fixtures. App fixtures live in each app's tests/ folder.

Browser tests (`@pytest.mark.browser`) drive Debian's Chromium (`make chromium` installs it;
Playwright's own browser download is not used) through Playwright's sync API, against
pytest-django's `live_server`:

    @pytest.mark.browser
    def test_something(live_server, new_page, assert_accessible, django_user_model):
        page = new_page("phone")                     # or "desktop", user=some_user
        page.goto(live_server.url + "/")
        assert_accessible(page)                      # axe-core: no WCAG 2.1 A/AA violation

`phone_page` and `desktop_page` are shorthands for `new_page("phone")` and
`new_page("desktop")`. Pages speak Vietnamese (Accept-Language vi-VN), may load nothing
from any host but the live server (a test fails if a page tries), and fail the test on a
JavaScript error.

Playwright's sync API keeps an asyncio loop running in the test thread, which makes Django
refuse ORM calls there ("async context"); the browser fixture therefore sets
DJANGO_ALLOW_ASYNC_UNSAFE for the rest of the worker's session. The code under test is
synchronous, so the check guards nothing here.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check results, never speed (that is bench/'s job): no per-example deadline
# nor slowness health check, which fail at random on a loaded two-core CI machine.
hypothesis_settings.register_profile(
    "motcua", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("motcua")

ROOT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES: dict[str, dict[str, Any]] = {
    # A common phone (iPhone 12 to 15 class), touch, as most citizens use the portal.
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per test worker."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open pages of a given size ("phone" or "desktop"), signed in as `user` if given.

    Requests to any host but the live server are aborted and fail the test, and so does an
    uncaught JavaScript error."""
    live_host = urlsplit(live_server.url).netloc
    contexts: list[Any] = []
    foreign_requests: list[str] = []
    page_errors: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == live_host:
            route.continue_()
        else:
            foreign_requests.append(route.request.url)
            route.abort()

    def open_page(size: str = "phone", user: Any = None) -> Any:
        # Reduced motion (which Bootstrap honours) so that the accessibility checks read
        # settled colours, never a button halfway through its hover or focus transition.
        context = browser.new_context(locale="vi-VN", reduced_motion="reduce", **SIZES[size])
        contexts.append(context)
        context.route("**/*", guard)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not foreign_requests, f"pages asked for other hosts: {foreign_requests}"
    assert not page_errors, f"JavaScript errors: {page_errors}"


def session_cookie(user: Any, url: str) -> dict[str, str]:
    """A session cookie for `user`, made the way Django's test client signs in."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    return new_page("phone")


@pytest.fixture
def desktop_page(new_page: Callable[..., Any]) -> Any:
    return new_page("desktop")


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """Check the page in its current state with axe-core against WCAG 2.1 levels A and AA."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: `make frontend` installs axe-core")

    def check(page: Any) -> None:
        page.add_script_tag(path=str(AXE_SCRIPT))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_21_AA_TAGS,
        )
        problems = [
            f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
            + "\n".join(
                f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
            )
            for violation in results["violations"]
        ]
        assert not problems, f"WCAG 2.1 AA violations on {page.url}:\n" + "\n".join(problems)

    return check
