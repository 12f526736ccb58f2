"""Fill an app's ar/fr/en catalogues from a Python mapping of translations.

    python scripts/fill_po.py rowad/people scripts/translations/people.py

The mapping module defines TRANSLATIONS = {msgid: (arabic, french)}; plural entries use
{msgid: ([ar0..ar5], [fr0, fr1])}. English msgstr is the msgid. Prints what is missing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polib


def load(path: str) -> dict:
    spec = importlib.util.spec_from_file_location("translations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TRANSLATIONS


def fill(app_dir: Path, translations: dict) -> int:
    missing = 0
    for language in ("ar", "fr", "en"):
        path = app_dir / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = entry.previous_msgid_plural = None
            if language == "en":
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                else:
                    entry.msgstr = entry.msgid
                continue
            value = translations.get(entry.msgid)
            if value is None:
                if not (entry.msgstr or any(entry.msgstr_plural.values())):
                    print(f"missing [{language}] {entry.msgid!r}")
                    missing += 1
                continue
            text = value[0] if language == "ar" else value[1]
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(text))
            else:
                entry.msgstr = text
        catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        catalogue.save(str(path))
    return missing


if __name__ == "__main__":
    sys.exit(1 if fill(Path(sys.argv[1]), load(sys.argv[2])) else 0)
