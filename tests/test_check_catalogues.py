"""scripts/check_catalogues.py (run by `make lint`): the `.po` files are the one source of
the translations, complete, compiling, and following the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.unit

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_catalogues.py"
_spec = importlib.util.spec_from_file_location("check_catalogues", SCRIPT)
check_catalogues = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_catalogues)

SOURCE = """from django.utils.translation import gettext as _

GREETING = _("Hello %(name)s")
FAREWELL = _("Goodbye")
"""
TRANSLATIONS = {
    "Hello %(name)s": {"ar": "مرحبا %(name)s", "fr": "Bonjour %(name)s", "en": "Hello %(name)s"},
    "Goodbye": {"ar": "مع السلامة", "fr": "Au revoir", "en": "Goodbye"},
}


def make_app(tmp_path: Path, translations: dict | None = None) -> Path:
    app = tmp_path / "someapp"
    app.mkdir()
    (app / "views.py").write_text(SOURCE)
    for language in check_catalogues.LANGUAGES:
        catalogue = polib.POFile()
        catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
        for msgid, texts in (translations or TRANSLATIONS).items():
            flags = ["python-format"] if "%(" in msgid else []
            catalogue.append(polib.POEntry(msgid=msgid, msgstr=texts[language], flags=flags))
        folder = app / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalogue.save(str(folder / "django.po"))
    return app


def po(app: Path, language: str) -> Path:
    return app / "locale" / language / "LC_MESSAGES" / "django.po"


def edit(app: Path, language: str, msgid: str, **changes) -> None:
    catalogue = polib.pofile(str(po(app, language)))
    entry = catalogue.find(msgid)
    for name, value in changes.items():
        setattr(entry, name, value)
    catalogue.save(str(po(app, language)))


def test_check_catalogues_complete_app_passes(tmp_path):
    assert check_catalogues.check_app(make_app(tmp_path)) == []


def test_check_catalogues_untranslated_entry_fails(tmp_path):
    app = make_app(tmp_path)
    edit(app, "fr", "Goodbye", msgstr="")

    problems = check_catalogues.check_app(app)

    assert [p.split(": ", 1)[1] for p in problems] == ["untranslated 'Goodbye'"]


def test_check_catalogues_fuzzy_entry_fails(tmp_path):
    app = make_app(tmp_path)
    edit(app, "ar", "Goodbye", flags=["fuzzy"])

    problems = check_catalogues.check_app(app)

    assert [p.split(": ", 1)[1] for p in problems] == ["fuzzy 'Goodbye'"]


def test_check_catalogues_broken_placeholder_does_not_compile(tmp_path):
    app = make_app(tmp_path)
    edit(app, "fr", "Hello %(name)s", msgstr="Bonjour %(nom)s")

    problems = check_catalogues.check_app(app)

    assert len(problems) == 1
    assert "msgfmt --check fails" in problems[0]


def test_check_catalogues_message_missing_from_catalogue_fails(tmp_path):
    app = make_app(tmp_path, {"Hello %(name)s": TRANSLATIONS["Hello %(name)s"]})

    problems = check_catalogues.check_app(app)

    assert problems == [f"{app}: in the code, not in the catalogues: 'Goodbye'"]


def test_check_catalogues_message_no_longer_in_code_fails(tmp_path):
    app = make_app(tmp_path, {**TRANSLATIONS, "Old": {"ar": "قديم", "fr": "Ancien", "en": "Old"}})

    problems = check_catalogues.check_app(app)

    assert problems == [f"{app}: in the catalogues, no longer in the code: 'Old'"]


def test_check_catalogues_project_catalogues_pass():
    assert check_catalogues.main([]) == 0


def test_gettext_is_never_imported_under_a_name_makemessages_does_not_extract():
    """`makemessages` extracts `_`, `gettext`, `gettext_lazy`… by name: a message marked
    with an alias such as `_g(...)` never reaches the catalogues and shows in English on
    Arabic and French pages (the sponsor's home did)."""
    import re
    from pathlib import Path

    alias = re.compile(r"import\s+(?:n|p|np)?gettext(?:_lazy)?\s+as\s+(?!_\b)\w+")
    offenders = [
        str(path)
        for path in Path(__file__).resolve().parent.parent.joinpath("rowad").rglob("*.py")
        if alias.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
