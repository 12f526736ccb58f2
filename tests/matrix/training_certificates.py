"""Certificates: the holder reads their own, staff who read the cohort read its
certificates, managers issue and revoke; the verification pages are public."""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.people.models import Person
from rowad.training.enums import CertificateRunState, TrainingResult
from rowad.training.models import Certificate, CertificateRun
from tests.factories import PersonFactory, ProgrammeFactory
from tests.matrix.base import Expect
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

R = Role
MANAGERS = frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER})
STAFF_READERS = MANAGERS | {R.DIRECTOR, R.TRAINER}
PDF_READERS = STAFF_READERS | {R.PROJECT_HOLDER}


def _certificate(enrolment, name: str) -> Certificate:
    """A certificate row as issued (arranged directly: rendering a PDF per matrix test
    would cost every app's matrix run; the issuing itself is tested in
    tests/training/test_certificates.py)."""
    cohort = enrolment.cohort
    certificate = Certificate(
        enrolment=enrolment,
        holder_name_latin=name,
        course_name_fr=cohort.course.name_fr,
        course_name_ar=cohort.course.name_ar,
        provider_name=cohort.course.provider.name_fr,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        hours=cohort.course.duration_hours,
        result=TrainingResult.PASSED,
        issued_at=timezone.now(),
        credential={"id": name},
    )
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(b"%PDF-1.4\n%matrix\n"), save=False)
    certificate.save()
    return certificate


def _cohort(organization, province, trainers=()):
    programme = ProgrammeFactory(operator=organization)
    course = CourseFactory(programme=programme, provider=organization)
    return CohortFactory(course=course, province=province, trainers=list(trainers))


def build(world) -> None:
    cache.clear()  # the public verification page is rate-limited per address
    holder = world.users[R.PROJECT_HOLDER]
    person = Person.objects.filter(user=holder).first() or PersonFactory(user=holder, national_id="")
    cohort = _cohort(world.oran_agency, world.oran, trainers=[world.users[R.TRAINER]])
    mine = _certificate(
        EnrolmentFactory(cohort=cohort, person=person, result=TrainingResult.PASSED), "Holder"
    )
    EnrolmentFactory(cohort=cohort, result=TrainingResult.PASSED)  # one left to certify
    foreign_cohort = _cohort(world.hoceima_agency, world.hoceima)
    foreign = _certificate(
        EnrolmentFactory(cohort=foreign_cohort, result=TrainingResult.PASSED), "Zzforeigncertzz"
    )
    world.objects.update(
        tcert_cohort=cohort,
        tcert_foreign_cohort=foreign_cohort,
        tcert_certificate=mine,
        tcert_foreign_certificate=foreign,
        tcert_run=CertificateRun.objects.create(
            cohort=cohort, total=1, done=1, state=CertificateRunState.DONE
        ),
        tcert_foreign_run=CertificateRun.objects.create(cohort=foreign_cohort, total=1),
    )


def _pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def _number(name):
    return lambda w: {"number": w.objects[name].number}


def _revoked(w):
    return Certificate.objects.get(pk=w.objects["tcert_certificate"].pk).revoked_at is not None


def _runs(w):
    return CertificateRun.objects.filter(cohort=w.objects["tcert_cohort"]).count()


POST_302 = {"method": "post", "ok_status": frozenset({302})}

EXPECTATIONS = {
    "training:certificate_pdf": Expect(
        allowed=PDF_READERS,
        kwargs=_number("tcert_certificate"),
        out_of_scope_kwargs=_number("tcert_foreign_certificate"),
    ),
    "training:certificate_credential": Expect(
        allowed=PDF_READERS,
        kwargs=_number("tcert_certificate"),
        out_of_scope_kwargs=_number("tcert_foreign_certificate"),
    ),
    "training:certificate_revoke": Expect(
        allowed=MANAGERS,
        kwargs=_number("tcert_certificate"),
        out_of_scope_kwargs=_number("tcert_foreign_certificate"),
        body=lambda w: {"reason": "Erreur de saisie"},
        state=_revoked,
        body_roles=MANAGERS,
        **POST_302,
    ),
    "training:certificate_run": Expect(
        allowed=STAFF_READERS, kwargs=_pk("tcert_run"), out_of_scope_kwargs=_pk("tcert_foreign_run")
    ),
    "training:issue_certificates": Expect(
        allowed=MANAGERS,
        kwargs=_pk("tcert_cohort"),
        out_of_scope_kwargs=_pk("tcert_foreign_cohort"),
        body=lambda w: {},
        state=_runs,
        body_roles=MANAGERS,
        **POST_302,
    ),
    "training:verify": Expect(
        allowed=frozenset(),
        public=True,
        kwargs=_number("tcert_certificate"),
        out_of_scope_kwargs=lambda w: {"number": "RWD-ZZZZ-ZZZZ-ZZZZ"},
    ),
    "training:verify_credential": Expect(allowed=frozenset(), public=True),
}
