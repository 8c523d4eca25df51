from motcua.core.templatetags.navigation import nav_link


def test_a_navigation_item_marks_the_current_page() -> None:
    html = nav_link("Tra cứu hồ sơ", "/tra-cuu-ho-so/", icon="search", current=True)
    assert html.startswith('<li class="nav-item">')
    assert 'class="nav-link d-flex align-items-center gap-2 active"' in html
    assert 'href="/tra-cuu-ho-so/" aria-current="page"' in html
    assert '<i class="bi bi-search" aria-hidden="true"></i><span>Tra cứu hồ sơ</span>' in html


def test_another_page_is_not_current_and_text_is_escaped() -> None:
    html = nav_link("<Trang chủ>", "/?a=1&b=2")
    assert "active" not in html and "aria-current" not in html and "bi bi-" not in html
    assert 'href="/?a=1&amp;b=2"' in html and "<span>&lt;Trang chủ&gt;</span>" in html


def test_a_page_not_built_yet_has_no_item() -> None:
    assert nav_link("Phản ánh", "") == ""
