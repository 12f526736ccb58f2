"""Training: people enrolled in a cohort, and the results of those who finished."""

from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from rowad.training.enums import EnrolmentStatus, TrainingResult
from rowad.training.models import Enrolment

from ..indicators import Column, Indicator, Unit, define
from .common import age_band_at, link

TRAINING_DIMENSIONS = {
    "campaign": "met_campaign",
    "phase": "registration__stop__phase",
    "stop": "registration__stop",
    "programme": "cohort__course__programme",
    "partner": "cohort__course__provider",
    "province": "cohort__province",
    "specialty": "cohort__course__specialty",
    "sex": "person__sex",
    "age_band": "age_band",
    "target_category": "person__target_categories",
}

COLUMNS = (
    Column(_("Person"), lambda e: e.person),
    Column(_("Cohort"), lambda e: e.cohort.reference),
    Column(_("Course"), lambda e: e.cohort.course),
    Column(_("Province"), lambda e: e.cohort.province),
    Column(_("Date"), lambda e: e.on),
)


def _enrolments(date_field: str, **conditions):
    def records():
        return (
            Enrolment.objects.select_related("person", "cohort__course", "cohort__province")
            .filter(**conditions)
            .annotate(
                on=TruncDate(date_field),
                met_campaign=Coalesce("registration__stop__campaign", "dossier__met_at_stop__campaign"),
            )
            .annotate(age_band=age_band_at("person__birth_date", "on"))
            .filter(on__isnull=False)
        )

    return records


def _training(code: str, label, description, records, *, ordered_by: str, step: int | None = None) -> None:
    define(
        Indicator(
            code=code,
            label=label,
            description=description,
            group="training",
            unit=Unit.ENROLMENTS,
            records=records,
            date="on",
            province="cohort__province",
            country="cohort__province__country",
            dimensions=TRAINING_DIMENSIONS,
            step=step,
            order_by=(f"-{ordered_by}", "-pk"),
            link=link("training:enrolment_detail"),
            columns=COLUMNS,
        )
    )


_training(
    "enrolled",
    _("Enrolled in training"),
    _("Enrolments in a cohort (the waiting list not counted), on the day of enrolment."),
    _enrolments("enrolled_at", enrolled_at__isnull=False),
    ordered_by="enrolled_at",
)
_training(
    "trained",
    _("Trained (course passed)"),
    _("Enrolments whose result is “passed”, on the day the result was given."),
    _enrolments("result_at", result=TrainingResult.PASSED),
    ordered_by="result_at",
    step=6,
)
_training(
    "training_failed",
    _("Course failed"),
    _("Enrolments whose result is “failed”, on the day the result was given."),
    _enrolments("result_at", result=TrainingResult.FAILED),
    ordered_by="result_at",
)
_training(
    "withdrawn",
    _("Withdrew from training"),
    _("Enrolments withdrawn, on the day of withdrawal."),
    _enrolments("withdrawn_at", status=EnrolmentStatus.WITHDRAWN),
    ordered_by="withdrawn_at",
)
