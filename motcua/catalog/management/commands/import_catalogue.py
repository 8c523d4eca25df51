from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalog.importing import CatalogueImportError, import_catalogue


class Command(BaseCommand):
    help = (
        "Import procedures from a JSON or Excel (.xlsx) catalogue file, all or nothing; "
        "existing versions are updated by code and publication decision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path = options["file"]
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        show_progress = options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            if show_progress:
                ending = "\n" if done == total else ""
                self.stdout.write(f"\r{done}/{total}", ending=ending)
                self.stdout.flush()

        with file.open("rb") as stream:
            try:
                report = import_catalogue(stream, file.name, progress=progress)
            except CatalogueImportError as error:
                for problem in error.problems:
                    self.stderr.write(str(problem))
                raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
