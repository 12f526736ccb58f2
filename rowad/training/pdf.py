"""The certificate PDF: one landscape A4 page in Arabic and French side by side, rendered
by WeasyPrint with the fonts of the decision letters (Amiri, Noto Naskh Arabic, Noto Sans)
and a verification QR code (inline SVG).

A `CertificateRenderer` keeps what every certificate shares — the compiled template, the
parsed stylesheet and one WeasyPrint font configuration — so that a run issuing a
cohort's certificates pays for them once (see benchmarks/training_certificates.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

from rowad.committees.pdf import qr_svg

TEMPLATE = "training/certificates/pdf/certificate.html"
STYLESHEET = "training/certificates/pdf/certificate.css"


def verification_url(number: str, *, base_url: str | None = None) -> str:
    """The public verification page of a certificate, absolute: on the site the request
    came to (`base_url`, e.g. `request.build_absolute_uri("/")`), else on the configured
    public address (ROWAD_PUBLIC_BASE_URL, as the decision letters)."""
    base = (base_url or settings.ROWAD_PUBLIC_BASE_URL).rstrip("/")
    return base + reverse("training:verify", kwargs={"number": number})


def base_url_of(request: Any) -> str:
    return request.build_absolute_uri("/") if request is not None else ""


# What the certificate's markup needs of WeasyPrint's user-agent stylesheet (which styles
# every HTML element, forms and lists included): matching it against each element was a
# quarter of a certificate's layout time.
LEAN_UA = """
html, body, div, p, h1, h2, section, header, footer { display: block }
head, style, title, meta, script { display: none }
table { display: table; box-sizing: border-box; border-collapse: separate; border-spacing: 0 }
tbody { display: table-row-group } tr { display: table-row } td, th { display: table-cell }
strong, b { font-weight: bold }
[dir="ltr"] { direction: ltr } [dir="rtl"] { direction: rtl }
bdi { unicode-bidi: isolate }
p { margin: 1em 0 }
"""


class CertificateRenderer:
    """Renders certificates; make one per run (or per process) and call `render` for
    each certificate."""

    def __init__(self) -> None:
        from weasyprint import CSS, HTML  # slow import (~0.75 s): only when a PDF is asked for
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.template = get_template(TEMPLATE)
        css = get_template(STYLESHEET).render({})
        self.stylesheet = CSS(string=css, font_config=self.font_config)
        user_agent = CSS(string=LEAN_UA)

        class LeanHTML(HTML):
            def _ua_stylesheets(self, forms=False):
                return [user_agent]

            def _ph_stylesheets(self):
                return []

        self.html_class = LeanHTML

    def context(self, certificate: Any, *, verify_url: str) -> dict[str, Any]:
        course = certificate.enrolment.cohort.course
        return {
            "certificate": certificate,
            "course": course,
            "cohort": certificate.enrolment.cohort,
            "wording_ar": course.certificate_text_ar,
            "wording_fr": course.certificate_text_fr,
            "verify_url": verify_url,
            "qr": qr_svg(verify_url),
        }

    def html(self, certificate: Any, *, verify_url: str) -> str:
        return self.template.render(self.context(certificate, verify_url=verify_url))

    def render(self, certificate: Any, *, verify_url: str) -> bytes:
        document = self.html_class(
            string=self.html(certificate, verify_url=verify_url), base_url=str(settings.BASE_DIR)
        )
        return document.write_pdf(stylesheets=[self.stylesheet], font_config=self.font_config)


_shared: CertificateRenderer | None = None


def renderer() -> CertificateRenderer:
    """The process's renderer (built on first use)."""
    global _shared
    if _shared is None:
        _shared = CertificateRenderer()
    return _shared


def render_certificate(certificate: Any, *, verify_url: str) -> bytes:
    return renderer().render(certificate, verify_url=verify_url)


def _render_job(job: tuple[Any, str]) -> bytes:
    certificate, verify_url = job
    return renderer().render(certificate, verify_url=verify_url)


def render_many(jobs: Iterable[tuple[Any, str]], *, workers: int = 1) -> Iterator[bytes]:
    """The PDFs of `(certificate, verify_url)` jobs, in order. With several workers, the
    rendering (CPU-bound, nothing read from the database) is spread over forked
    processes, each with its own renderer."""
    if workers <= 1:
        for job in jobs:
            yield _render_job(job)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_render_job, jobs, chunksize=2)
