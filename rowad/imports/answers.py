"""What a cell may say, in Arabic, French or English, and what it means: a choice (sex,
education level…), yes or no, target categories. Each lookup is built once per import
and keyed on normalize_text, so case, accents and Arabic letter variants do not matter."""

from __future__ import annotations

import re

from django.utils import translation

from rowad.core.models import TargetCategory
from rowad.core.text import normalize_text

YES = ("yes", "y", "oui", "o", "true", "vrai", "1", "x", "نعم", "موافق", "موافقة", "ok")
NO = ("no", "n", "non", "false", "faux", "0", "لا", "غير موافق", "رفض")
# Several categories in one cell: "a; b", "a, b", "a / b", Arabic comma or semicolon, lines.
CATEGORY_SEPARATORS = re.compile(r"[;,|/\n،؛]+")


def choices_lookup(choices) -> dict[str, str]:
    """Value or label in any of the three languages -> value."""
    lookup = {}
    for value, label in choices:
        lookup[normalize_text(value)] = value
        for language in ("ar", "fr", "en"):
            with translation.override(language):
                lookup[normalize_text(str(label))] = value
    return lookup


def yes_no_lookup() -> dict[str, bool]:
    return {normalize_text(word): True for word in YES} | {normalize_text(word): False for word in NO}


def category_lookup() -> dict[str, int]:
    """Code or name (ar, fr, en) of each target category -> its id."""
    lookup: dict[str, int] = {}
    for category in TargetCategory.objects.all():
        for name in (category.code, category.name_ar, category.name_fr, category.name_en):
            if name:
                lookup.setdefault(normalize_text(name), category.pk)
        lookup.setdefault(normalize_text(category.code.replace("-", " ").replace("_", " ")), category.pk)
    return lookup


def split_categories(cell: str, lookup: dict[str, int]) -> tuple[list[int], list[str]]:
    """(category ids in the cell's order, without repeats; the parts no category matched)."""
    found: list[int] = []
    unknown: list[str] = []
    for part in CATEGORY_SEPARATORS.split(cell):
        part = part.strip()
        if not part:
            continue
        pk = lookup.get(normalize_text(part))
        if pk is None:
            unknown.append(part)
        elif pk not in found:
            found.append(pk)
    return found, unknown
