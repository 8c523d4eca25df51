"""Every Vietnamese catalogue of the project is complete: no entry untranslated or fuzzy, and
each translation keeps the placeholders of its English message."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

VI_CATALOGUES = sorted(Path(settings.PACKAGE_DIR).glob("*/locale/vi/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[\w.:!]*\}")


def catalogue_id(path: Path) -> str:
    return str(path.relative_to(settings.PACKAGE_DIR))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_faces_and_the_kernel_have_vietnamese_catalogues() -> None:
    apps = {path.relative_to(settings.PACKAGE_DIR).parts[0] for path in VI_CATALOGUES}
    assert {"portal", "backoffice", "core", "api"} <= apps


@pytest.mark.parametrize("path", VI_CATALOGUES, ids=catalogue_id)
def test_vietnamese_catalogue_is_complete(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    problems = [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    problems += [
        f"untranslated: {entry.msgid!r}"
        for entry in catalogue.untranslated_entries()
        if not entry.obsolete
    ]
    assert not problems, f"{catalogue_id(path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", VI_CATALOGUES, ids=catalogue_id)
def test_translations_keep_the_placeholders(path: Path) -> None:
    problems = []
    for entry in polib.pofile(str(path)).translated_entries():
        # Vietnamese has one plural form: it says what the English plural says.
        english = entry.msgid_plural or entry.msgid
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            if placeholders(translation) != placeholders(english):
                problems.append(f"{entry.msgid!r} -> {translation!r}")
    assert not problems, f"{catalogue_id(path)}:\n" + "\n".join(problems)


def test_one_message_has_one_translation_across_apps() -> None:
    """Django merges the apps' catalogues into one, so an English message translated one way
    in one app and another way elsewhere shows whichever app comes first, everywhere: a
    different meaning needs its own message (or a context, `pgettext`)."""
    translations: dict[tuple[str, str], dict[str, str]] = {}
    for path in VI_CATALOGUES:
        for entry in polib.pofile(str(path)).translated_entries():
            key = (entry.msgctxt or "", entry.msgid)
            translations.setdefault(key, {}).setdefault(entry.msgstr, catalogue_id(path))
    conflicts = [
        f"{msgid!r}: " + "; ".join(f"{text!r} in {where}" for text, where in seen.items())
        for (_context, msgid), seen in sorted(translations.items())
        if len(seen) > 1
    ]
    assert not conflicts, "\n".join(conflicts)
