"""The demo catalogue: about 120 procedures of Nghệ An in some twenty fields, at province and
commune level and in the vertical branches, written for the demo (names, documents, fees,
time limits, internal processes and online forms; fees are illustrative values quoting their
Thông tư). The data lives in `motcua/catalog/data/demo/*.json`, in the catalogue's own file
format, and goes in through the same importer as a province's files: a second run finds
nothing to change and records nothing. Runs after `motcua.demo.province`, whose unit codes
the files name.
"""

from collections.abc import Callable
from pathlib import Path

from motcua.catalog.importing import CatalogueImportError, import_catalogue

DATA_DIR = Path(__file__).resolve().parent.parent / "catalog" / "data" / "demo"


def build(out: Callable[[str], None]) -> None:
    for path in sorted(DATA_DIR.glob("*.json")):
        with path.open("rb") as stream:
            try:
                report = import_catalogue(stream, path.name)
            except CatalogueImportError as error:
                for problem in error.problems:
                    out(f"{path.name}: {problem}")
                raise
        out(f"{path.name}: {report.summary()}")
