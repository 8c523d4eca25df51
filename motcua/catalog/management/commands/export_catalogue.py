from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalog import exporting
from motcua.catalog.models import Field


class Command(BaseCommand):
    help = "Export the catalogue, or one field of it, to a JSON or Excel (.xlsx) file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Ends in .json or .xlsx.")
        parser.add_argument("--field", default=None, help="Only this field (its code).")

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path = options["file"]
        field = options["field"]
        if field and not Field.objects.filter(code=field).exists():
            raise CommandError(_("Unknown field code “%(code)s”.") % {"code": field})
        if file.suffix.lower() == ".json":
            content = exporting.export_json(field)
        elif file.suffix.lower() == ".xlsx":
            content = exporting.export_xlsx(field)
        else:
            raise CommandError(_("The file name must end in .json or .xlsx."))
        file.write_bytes(content)
        self.stdout.write(_("Written: %(file)s") % {"file": file})
