"""French labels are capitalised like the rest (issue 16, item 7): where the English
source starts with a capital, the French translation does too."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def lowercase_translations() -> list[str]:
    found = []
    for path in sorted(ROOT.glob("rowad/*/locale/fr/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            for text in translations:
                if entry.msgid[:1].isupper() and text[:1].islower():
                    found.append(f"{path.parts[-5]}: {entry.msgid!r} -> {text!r}")
    return found


def test_french_starts_with_a_capital_where_english_does():
    assert lowercase_translations() == []
