"""Decision letters and minutes: how long one PDF takes, as a user waits for it.

    .venv/bin/python manage.py load_demo   # once: the demo's committee, letters and minutes
    .venv/bin/python -m benchmarks committee_pdfs

Reads the configured database (DATABASE_URL, else var/rowad.sqlite3). Reports: the first
PDF of a process after `warm_up()` (what the web process does when it starts), then the
median and minimum of BENCH_RUNS renders of the first committee letter and its session's
minutes, in Arabic and French, through `rowad.committees.pdf.render_pdf`; and, on the same
documents, the former way (a fresh WeasyPrint document with the full user-agent
stylesheet and a new font configuration per PDF) for comparison.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(render: Callable[[], bytes], runs: int) -> str:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return f"median {statistics.median(times):.3f} s, min {min(times):.3f} s"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.urls import reverse
    from django.utils import translation

    from rowad.committees import pdf
    from rowad.committees.models import DecisionLetter
    from rowad.committees.views import _detail_context, letter_context

    runs = int(os.environ.get("BENCH_RUNS", 5))
    letter = DecisionLetter.objects.filter(item__isnull=False).order_by("pk").first()
    if letter is None:
        print("no committee letter: run `manage.py load_demo` first")
        return
    reverse("committees:verify_letter", kwargs={"token": letter.token})  # load the URLs
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.filter(is_superuser=True).first()
    documents = {
        "letter": ("committees/pdf/letter.html", lambda: letter_context(letter)),
        "minutes": ("committees/pdf/minutes.html", lambda: _detail_context(request, letter.item.session)),
    }

    start = time.perf_counter()
    pdf.warm_up()
    print(f"warm-up at process start (import, fonts): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    pdf.render_pdf(documents["letter"][0], documents["letter"][1](), language="ar")
    print(f"first letter after the warm-up: {time.perf_counter() - start:.3f} s")

    from weasyprint import HTML

    def former(template: str, context: Callable[[], dict], language: str) -> bytes:
        with translation.override(language):
            html = render_to_string(template, {**context(), "LANGUAGE_CODE": language})
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

    def current(template: str, context: Callable[[], dict], language: str) -> bytes:
        return pdf.render_pdf(template, context(), language=language)

    for name, (template, context) in documents.items():
        for language in ("ar", "fr"):
            now = timed(partial(current, template, context, language), runs)
            before = timed(partial(former, template, context, language), runs)
            print(f"{name} {language}: {now} (the former way: {before})", flush=True)


if __name__ == "__main__":
    main()
