"""The typeface of the official forms and how to tell whether this machine has it.

Forms are customarily set in Times New Roman (NĐ 30/2020). We print them in Tinos, the
Chrome OS core font that is metric-compatible with Times New Roman and has every
Vietnamese glyph; Debian ships it in `fonts-croscore`, which `make install` puts on the
machine. See docs/official-forms.md for why not a web-font package.
"""

import shutil
import subprocess

FORM_FONT_FAMILY = "Tinos"
FONT_PACKAGE = "fonts-croscore"


def form_font_installed() -> bool | None:
    """Whether fontconfig knows the form font; None when fontconfig's tools are missing."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [fc_list, f"{FORM_FONT_FAMILY}:style=Regular", "family"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    return FORM_FONT_FAMILY in listed.stdout
