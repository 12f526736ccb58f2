"""Training pages: certificates (issuing a cohort's, a run's progress, the PDF and the
credential, revoking) and the public verification pages."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rowad.core.errors import DomainError
from rowad.core.ratelimit import over_limit

from .. import queries
from ..credentials import verify_credential
from ..enums import CertificateRunState
from ..models import Certificate, CertificateRun, Cohort
from ..pdf import base_url_of
from ..services import certificates as services

VERIFY_LIMIT = 30  # lookups per minute and client address, as the decision letters
CREDENTIAL_MAX_BYTES = 256 * 1024
RUNS_SHOWN = 3


def _manages(user: Any, cohort: Cohort) -> bool:
    return (
        user.has_perm("training.manage_training")
        and queries.cohorts_managed_by(user).filter(pk=cohort.pk).exists()
    )


def cohort_panel(request: HttpRequest, cohort: Any) -> dict[str, Any]:
    """Context for this area's panel on the cohort page (training/cohort/_panel_certificates.html)."""
    certificates = (
        queries.certificates_visible_to(request.user)
        .filter(enrolment__cohort=cohort)
        .order_by("holder_name_latin", "holder_name_ar", "pk")
    )
    can_manage = _manages(request.user, cohort)
    return {
        "certificates": certificates,
        "certificate_runs": list(cohort.certificate_runs.order_by("-created_at")[:RUNS_SHOWN]),
        "certifiable_count": services.certifiable_enrolments(cohort).count() if can_manage else 0,
        "can_manage_certificates": can_manage,
    }


def _back_to_cohort(request: HttpRequest, cohort: Cohort, fallback: str):
    """Back where the form was (the cohort page), else to `fallback`."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return redirect(referer)
    try:
        return redirect(reverse("training:cohort_detail", kwargs={"pk": cohort.pk}))
    except NoReverseMatch:
        return redirect(fallback)


@require_POST
@login_required
def issue_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the background run that issues the cohort's certificates."""
    cohort = get_object_or_404(queries.cohorts_visible_to(request.user), pk=pk)
    if not _manages(request.user, cohort):
        raise PermissionDenied
    try:
        run = services.issue_cohort_certificates(cohort, actor=request.user, base_url=base_url_of(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_cohort(request, cohort, "/")
    messages.success(request, _("The certificates are being issued."))
    return redirect("training:certificate_run", pk=run.pk)


@require_GET
@login_required
def certificate_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress; htmx polls the progress block until the run ends."""
    if not request.user.has_perm("training.view_training"):
        raise PermissionDenied
    run = get_object_or_404(
        CertificateRun.objects.select_related("cohort__course"),
        pk=pk,
        cohort__in=queries.cohorts_visible_to(request.user).values("pk"),
    )
    context = {
        "run": run,
        "cohort": run.cohort,
        "running": run.state in (CertificateRunState.QUEUED, CertificateRunState.RUNNING),
    }
    if request.htmx:
        return render(request, "training/certificates/_run_progress.html", context)
    return render(request, "training/certificates/run.html", context)


def _visible_certificate(request: HttpRequest, number: str) -> Certificate:
    return get_object_or_404(queries.certificates_visible_to(request.user), number=number.strip().upper())


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The certificate's PDF as issued, from the private storage (the holder, or staff
    who read the cohort)."""
    certificate = _visible_certificate(request, number)
    if not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"certificate-{certificate.number}.pdf",
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def certificate_credential(request: HttpRequest, number: str) -> HttpResponse:
    """The signed credential (JSON-LD), to download and hand to any verifier."""
    certificate = _visible_certificate(request, number)
    response = JsonResponse(certificate.credential, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json"
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def certificate_revoke(request: HttpRequest, number: str) -> HttpResponse:
    certificate = _visible_certificate(request, number)
    cohort = certificate.enrolment.cohort
    if not _manages(request.user, cohort):
        raise PermissionDenied
    try:
        services.revoke_certificate(certificate, reason=request.POST.get("reason", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Certificate %(number)s was revoked.") % {"number": certificate.number})
    return _back_to_cohort(request, cohort, reverse("training:verify", kwargs={"number": certificate.number}))


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


def _limited(request: HttpRequest, template: str) -> HttpResponse | None:
    if not over_limit(request, "training:verify", limit=VERIFY_LIMIT):
        return None
    response = render(request, template, {"limited": True}, status=429)
    response["Retry-After"] = "60"
    return _public(response)


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: what the certificate states (name, course, provider, dates, hours, result)
    and whether it was revoked, and since when. The reason for a revocation is not shown:
    it may tell private things about the holder. Rate-limited per address."""
    limited = _limited(request, "training/certificates/verify.html")
    if limited:
        return limited
    certificate = queries.certificate_by_number(number)
    return _public(
        render(
            request,
            "training/certificates/verify.html",
            {"certificate": certificate},
            status=200 if certificate else 404,
        )
    )


def _read_credential(request: HttpRequest) -> tuple[dict | None, str]:
    """The posted credential (a file, or pasted text) and the reason it cannot be read."""
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > CREDENTIAL_MAX_BYTES:
            return None, _("The file is too large to be a credential.")
        raw = upload.read()
    else:
        raw = request.POST.get("text", "").encode()
    if not raw.strip():
        return None, _("Choose the credential file or paste its text.")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None, _("This is not a JSON document: the credential was altered or is not one.")
    if not isinstance(document, dict):
        return None, _("This is not a JSON document: the credential was altered or is not one.")
    return document, ""


@require_http_methods(["GET", "POST"])
def verify_credential_page(request: HttpRequest) -> HttpResponse:
    """Public: check a credential file (or its pasted text) and say why it fails."""
    template = "training/certificates/verify_credential.html"
    context: dict[str, Any] = {}
    if request.method == "POST":
        limited = _limited(request, template)
        if limited:
            return limited
        document, problem = _read_credential(request)
        if document is None:
            context["check"] = {"valid": False, "reasons": [problem], "number": None}
        else:
            context["check"] = verify_credential(document)
        if context["check"] and getattr(context["check"], "number", None):
            context["certificate"] = queries.certificate_by_number(context["check"].number)
    return _public(render(request, template, context))
