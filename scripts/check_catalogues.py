"""Every translation catalogue is complete, compiles, and follows the source (`make lint`).

    python scripts/check_catalogues.py [rowad/<app> ...]

The `.po` files in `rowad/<app>/locale/{ar,fr,en}/LC_MESSAGES/` are the one source of the
translations (translators and translation platforms edit them). For each app this checks:

- each of ar, fr and en exists, has no untranslated and no fuzzy entry, and compiles
  with `msgfmt --check` (format placeholders, plural forms);
- the catalogue follows the source: every message the app's code and templates mark for
  translation is in it, and it holds none the code no longer uses (extracted with
  `makemessages` from a copy of the app, so the app itself is not touched).

Fix a failure with `cd rowad/<app> && django-admin makemessages -l ar -l fr -l en
--no-obsolete`, then translate what is empty or fuzzy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ar", "fr", "en")


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _label(key: tuple[str, str, str]) -> str:
    context, msgid, _plural = key
    return f"{context}|{msgid!r}" if context else repr(msgid)


def check_catalogue(path: Path) -> list[str]:
    if not path.exists():
        return [f"{path}: missing"]
    problems = []
    catalogue = polib.pofile(str(path))
    for entry in catalogue.untranslated_entries():
        problems.append(f"{path}:{entry.linenum}: untranslated {entry.msgid!r}")
    for entry in catalogue.fuzzy_entries():
        if entry.msgid:  # the header's fuzzy flag is makemessages' own
            problems.append(f"{path}:{entry.linenum}: fuzzy {entry.msgid!r}")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        problems.append(f"{path}: msgfmt --check fails:\n{result.stderr.strip()}")
    return problems


def extracted_keys(app: Path) -> set[tuple[str, str, str]]:
    """The messages `makemessages` finds in the app, from a copy of it."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / app.name
        shutil.copytree(app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc", "static"))
        (copy / "locale").mkdir()
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "en", "-v0"],
            cwd=copy,
            env=env,
            check=True,
        )
        catalogue = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
        return {_key(e) for e in catalogue if e.msgid and not e.obsolete}


def check_app(app: Path) -> list[str]:
    problems: list[str] = []
    for language in LANGUAGES:
        problems += check_catalogue(app / "locale" / language / "LC_MESSAGES" / "django.po")
    reference = app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not reference.exists():
        return problems
    in_catalogue = {_key(e) for e in polib.pofile(str(reference)) if e.msgid and not e.obsolete}
    in_source = extracted_keys(app)
    for key in sorted(in_source - in_catalogue):
        problems.append(f"{app}: in the code, not in the catalogues: {_label(key)}")
    for key in sorted(in_catalogue - in_source):
        problems.append(f"{app}: in the catalogues, no longer in the code: {_label(key)}")
    return problems


def apps_with_catalogues() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "rowad").glob("*/locale") if p.is_dir())


def main(argv: list[str]) -> int:
    apps = [Path(a).resolve() for a in argv] or apps_with_catalogues()
    problems = [problem for app in apps for problem in check_app(app)]
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"\n{len(problems)} catalogue problem(s). Fix: cd rowad/<app> && django-admin makemessages "
            "-l ar -l fr -l en --no-obsolete, then translate every empty or fuzzy entry."
        )
        return 1
    print(f"Translation catalogues complete: {len(apps)} apps x {len(LANGUAGES)} languages.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
