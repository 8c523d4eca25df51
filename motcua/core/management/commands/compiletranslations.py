from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile every .po file of the project into .mo, in pure Python "
        "(no GNU gettext needed to run the platform; `makemessages` still needs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in sorted(Path(settings.PACKAGE_DIR).rglob("locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
