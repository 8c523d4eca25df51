from typing import Any

import pytest


@pytest.mark.browser
def test_swagger_ui_renders_from_local_files(live_server: Any, desktop_page: Any) -> None:
    # The page fixture fails the test if the page asks any other host for anything.
    desktop_page.goto(live_server.url + "/api/v1/docs/")
    desktop_page.locator(".opblock-summary-path").first.wait_for()
    assert "/api/v1/" in desktop_page.locator(".opblock-summary-path").all_inner_texts()
