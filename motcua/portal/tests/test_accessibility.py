"""Every public page that the layouts frame meets WCAG 2.1 AA on a phone (axe-core), as
far as a page can be checked without data: the pages other apps build are checked as soon
as their URL names exist."""

from collections.abc import Callable
from typing import Any

import pytest

from motcua.core.templatetags.navigation import first_url

PUBLIC_PAGES = [
    "portal:home",
    "portal:procedure_list",
    "portal:dossier_lookup",
    "portal:deadline_calculator",
    "portal:login",
    "portal:register",
    "backoffice:login",
]


@pytest.mark.browser
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_page_meets_wcag_21_aa_on_a_phone(
    live_server: Any,
    phone_page: Any,
    assert_accessible: Callable[[Any], None],
    url_name: str,
) -> None:
    url = first_url(url_name)
    if not url:
        pytest.skip(f"{url_name} is not built yet")
    response = phone_page.goto(live_server.url + url)
    assert response.ok
    assert_accessible(phone_page)
