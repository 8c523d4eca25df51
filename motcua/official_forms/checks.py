"""Warn at start-up when the form font is missing: the PDFs would fall back to a font
without the Vietnamese glyphs (boxes or a mixture of typefaces on official papers)."""

from typing import Any

from django.core.checks import CheckMessage, Warning, register

from motcua.official_forms.fonts import FONT_PACKAGE, FORM_FONT_FAMILY, form_font_installed


@register()
def form_font_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if form_font_installed() is False:
        return [
            Warning(
                f"The font {FORM_FONT_FAMILY} of the official forms is not installed.",
                hint=f"Install Debian's {FONT_PACKAGE} package (make install does it).",
                id="official_forms.W001",
            )
        ]
    return []
