"""The register of processing activities (rowad.core.register): a page, and the same
register as a PDF and an XLSX in Arabic or French for the data-protection authority."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from rowad.core import register
from rowad.core.audit import record_action

PERMISSION = "people.view_processing_register"


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in register.REGISTER_LANGUAGES:
        return wanted
    current = (translation.get_language() or "ar")[:2]
    return current if current in register.REGISTER_LANGUAGES else "fr"


@login_required
def processing_register(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    return render(
        request,
        "people/processing_register.html",
        {"entries": register.build(), "languages": register.REGISTER_LANGUAGES},
    )


@login_required
def processing_register_pdf(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    language = _language(request)
    record_action(
        "people.register.downloaded", request.user, actor=request.user, format="pdf", language=language
    )
    response = HttpResponse(register.render_register_pdf(language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="processing-register-{language}.pdf"'
    return response


@login_required
def processing_register_xlsx(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    language = _language(request)
    record_action(
        "people.register.downloaded", request.user, actor=request.user, format="xlsx", language=language
    )
    response = HttpResponse(
        register.render_register_xlsx(language),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="processing-register-{language}.xlsx"'
    return response
