"""Certificates: issuing one (a passed enrolment only, once), a cohort's as a background
run with its progress, and revoking one with a reason.

A certificate states what it certifies as it was on the day it was issued: the holder's
names, the course, the provider, the dates, the hours and the result are copied onto it,
and its PDF and its credential are built from those copies."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import DomainError
from rowad.messaging.enums import Channel
from rowad.messaging.services import notify

from ..enums import CertificateRunState, EnrolmentStatus, ErrorCode, TrainingResult
from ..models import Certificate, CertificateRun, Cohort, Enrolment, new_certificate_number
from ..pdf import render_many, renderer, verification_url
from ..queries import cohorts_managed_by

CHANNELS = (Channel.EMAIL, Channel.SMS)


def render_workers() -> int:
    """Processes rendering a run's PDFs (the ROWAD_CERTIFICATE_WORKERS setting; 1: the
    task worker's own process)."""
    return max(1, int(getattr(settings, "ROWAD_CERTIFICATE_WORKERS", 1)))


class CertificateError(DomainError):
    pass


def _check_manager(actor: Any, cohort: Cohort) -> None:
    """A user must manage the cohort; no actor is the system (a run's task, the demo's
    setup) acting on a request already checked."""
    if actor is None:
        return
    if not cohorts_managed_by(actor).filter(pk=cohort.pk).exists():
        raise CertificateError(
            gettext_lazy("You do not manage this cohort."), code=ErrorCode.NOT_ALLOWED, status_code=403
        )


def certifiable_enrolments(cohort: Cohort):
    """The cohort's passed trainees who have no certificate yet."""
    return (
        Enrolment.objects.filter(
            cohort=cohort,
            status=EnrolmentStatus.ENROLLED,
            result=TrainingResult.PASSED,
            certificate__isnull=True,
        )
        .select_related(
            "person", "cohort__course__provider", "cohort__course__programme__operator", "cohort__province"
        )
        .order_by("pk")
    )


def _unused_number() -> str:
    while True:  # 60 random bits: a second draw is already a rarity
        number = new_certificate_number()
        if not Certificate.objects.filter(number=number).exists():
            return number


def _snapshot(enrolment: Enrolment, *, actor: Any) -> Certificate:
    cohort, person = enrolment.cohort, enrolment.person
    course = cohort.course
    return Certificate(
        enrolment=enrolment,
        number=_unused_number(),
        holder_name_ar=person.name_ar,
        holder_name_latin=person.name_latin,
        course_name_ar=course.name_ar or course.name_fr,
        course_name_fr=course.name_fr or course.name_ar,
        provider_name=course.provider.name_fr or course.provider.name_ar,
        provider_name_ar=course.provider.name_ar or course.provider.name_fr,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        hours=course.duration_hours,
        result=enrolment.result,
        issued_at=timezone.now(),
        issued_by=acting_user(actor),
    )


def issue_certificate(
    enrolment: Enrolment,
    *,
    actor: Any,
    run: CertificateRun | None = None,
    base_url: str | None = None,
) -> Certificate:
    """The certificate of a passed enrolment: issued once (issuing again returns the one
    issued), with its PDF in the private storage and its credential. The holder is told
    it is ready. `base_url`: the site's address for the verification link (else the
    configured public address)."""
    existing = Certificate.objects.filter(enrolment_id=enrolment.pk).first()
    if existing is not None:
        return existing
    enrolment = Enrolment.objects.select_related(
        "person", "cohort__course__provider", "cohort__course__programme__operator", "cohort__province"
    ).get(pk=enrolment.pk)
    if run is None:  # a run's requester was checked when it was asked for
        _check_manager(actor, enrolment.cohort)
    certificate, url = _prepare(enrolment, actor=actor, base_url=base_url or (run.base_url if run else None))
    # The PDF is rendered before the row is locked (it is the slow part).
    content = renderer().render(certificate, verify_url=url)
    return _store(certificate, content, url=url, actor=actor, run=run)


def _refuse_not_passed(enrolment: Enrolment) -> None:
    if enrolment.result != TrainingResult.PASSED or enrolment.status != EnrolmentStatus.ENROLLED:
        raise CertificateError(
            gettext_lazy("%(name)s did not pass this course: no certificate can be issued."),
            params={"name": str(enrolment.person)},
            code=ErrorCode.NOT_PASSED,
        )


def _prepare(enrolment: Enrolment, *, actor: Any, base_url: str | None) -> tuple[Certificate, str]:
    """The certificate to issue (not saved yet) and its verification address."""
    _refuse_not_passed(enrolment)
    certificate = _snapshot(enrolment, actor=actor)
    return certificate, verification_url(certificate.number, base_url=base_url)


def _store(
    certificate: Certificate, content: bytes, *, url: str, actor: Any, run: CertificateRun | None
) -> Certificate:
    """Save a rendered certificate, unless the enrolment got one meanwhile (then that one
    is returned) or is no longer passed."""
    from ..credentials import issue_credential

    enrolment = certificate.enrolment
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
        existing = Certificate.objects.filter(enrolment=locked).first()
        if existing is not None:  # issued meanwhile by another run
            return existing
        locked.person = enrolment.person
        _refuse_not_passed(locked)
        certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)
        certificate.credential = issue_credential(certificate, verification_url=url)
        certificate._history_user = acting_user(actor)
        certificate.save()
        record_action(
            "training.certificate.issued",
            certificate,
            actor=actor,
            number=certificate.number,
            enrolment=enrolment.pk,
            run=run.pk if run else None,
        )
        _tell_holder_ready(certificate, enrolment, url=url, actor=actor)
    return certificate


def _tell_holder_ready(certificate: Certificate, enrolment: Enrolment, *, url: str, actor: Any) -> None:
    def compose(person: Any) -> tuple[str, str]:
        course = (
            certificate.course_name_ar if person.preferred_language == "ar" else certificate.course_name_fr
        )
        subject = _("Your training certificate is ready")
        body = _(
            "Your certificate for the course “%(course)s” is ready (no. %(number)s). Download it from "
            "your space; anyone can check it at %(url)s"
        ) % {"course": course, "number": certificate.number, "url": url}
        return subject, body

    notify(
        enrolment.person,
        channels=CHANNELS,
        kind="training.certificate.issued",
        compose=compose,
        idempotency_key=f"training.certificate.issued:{certificate.pk}",
        actor=actor,
        topic=f"training.cohort:{enrolment.cohort_id}",
    )


def revoke_certificate(certificate: Certificate, *, reason: str, actor: Any) -> Certificate:
    """Revoke a certificate now, with the reason (the verification page then says it is
    revoked, and since when). The holder is told."""
    _check_manager(actor, certificate.enrolment.cohort)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(
            gettext_lazy("Give the reason for the revocation."),
            code=ErrorCode.REASON_REQUIRED,
            field="reason",
        )
    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrolment__person")
            .get(pk=certificate.pk)
        )
        if locked.revoked_at is not None:
            raise CertificateError(
                gettext_lazy("This certificate was already revoked."), code=ErrorCode.ALREADY_REVOKED
            )
        locked.revoked_at = timezone.now()
        locked.revoked_by = acting_user(actor)
        locked.revocation_reason = reason
        locked._history_user = acting_user(actor)
        locked.save()
        record_action(
            "training.certificate.revoked", locked, actor=actor, number=locked.number, reason=reason
        )

        def compose(person: Any) -> tuple[str, str]:
            subject = _("Your training certificate was revoked")
            body = _("Your certificate no. %(number)s was revoked. Reason: %(reason)s") % {
                "number": locked.number,
                "reason": reason,
            }
            return subject, body

        notify(
            locked.enrolment.person,
            channels=CHANNELS,
            kind="training.certificate.revoked",
            compose=compose,
            idempotency_key=f"training.certificate.revoked:{locked.pk}",
            actor=actor,
            topic=f"training.cohort:{locked.enrolment.cohort_id}",
        )
    return locked


def issue_cohort_certificates(cohort: Cohort, *, actor: Any, base_url: str = "") -> CertificateRun:
    """Issue the certificates of every passed trainee of the cohort who has none, in the
    background: a run with its progress. A run already queued or running is returned."""
    from ..tasks import run_certificates

    _check_manager(actor, cohort)
    with transaction.atomic():
        locked = Cohort.objects.select_for_update(of=("self",)).get(pk=cohort.pk)
        pending = (
            CertificateRun.objects.filter(
                cohort=locked, state__in=(CertificateRunState.QUEUED, CertificateRunState.RUNNING)
            )
            .order_by("-created_at")
            .first()
        )
        if pending is not None:
            return pending
        total = certifiable_enrolments(locked).count()
        if not total:
            raise CertificateError(
                gettext_lazy("No passed trainee of this cohort is waiting for a certificate."),
                code=ErrorCode.NOTHING_TO_CERTIFY,
            )
        run = CertificateRun.objects.create(
            cohort=locked, total=total, requested_by=acting_user(actor), base_url=base_url[:200]
        )
        record_action("training.certificate_run.requested", run, actor=actor, cohort=locked.pk, total=total)
        transaction.on_commit(lambda: run_certificates.enqueue(run.pk))
    return run


def run_certificate_run(run_id: int) -> CertificateRun | None:
    """The run's work (the task calls it): issue each remaining certificate, counting
    progress in `run.done`. Safe to run twice: only a queued run starts, and issuing a
    certificate twice returns the first."""
    started = CertificateRun.objects.filter(pk=run_id, state=CertificateRunState.QUEUED).update(
        state=CertificateRunState.RUNNING, started_at=timezone.now()
    )
    run = CertificateRun.objects.select_related("cohort", "requested_by").filter(pk=run_id).first()
    if run is None or not started:
        return run
    try:
        enrolments = list(certifiable_enrolments(run.cohort))
        # The total may have moved since the run was asked for (another run, a new result).
        CertificateRun.objects.filter(pk=run.pk).update(total=F("done") + len(enrolments))
        jobs = []
        for enrolment in enrolments:
            try:
                jobs.append(_prepare(enrolment, actor=run.requested_by, base_url=run.base_url or None))
            except CertificateError:  # the result changed since the list was read
                CertificateRun.objects.filter(pk=run.pk).update(done=F("done") + 1)
        contents = render_many(jobs, workers=render_workers())
        for (certificate, url), content in zip(jobs, contents, strict=True):
            with contextlib.suppress(CertificateError):  # the result changed while the run went on
                _store(certificate, content, url=url, actor=run.requested_by, run=run)
            CertificateRun.objects.filter(pk=run.pk).update(done=F("done") + 1)
    except Exception as exc:  # recorded on the run for the progress page, then raised
        CertificateRun.objects.filter(pk=run.pk).update(
            state=CertificateRunState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    CertificateRun.objects.filter(pk=run.pk).update(
        state=CertificateRunState.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
