"""The enrolment list's filters (the figures link to it with the same names)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import Sex
from rowad.core.forms import StyledFormMixin
from rowad.core.models import Province
from rowad.outreach.enums import AGE_BANDS
from rowad.partners.models import Specialty

from ..enums import CohortState, EnrolmentStatus, TrainingResult
from ..figures import NONE

ANY = [("", "—")]
NOT_GIVEN = (NONE, _("Not given"))


class EnrolmentFilterForm(StyledFormMixin, forms.Form):
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[*ANY, *Sex.choices, NOT_GIVEN])
    age_band = forms.ChoiceField(
        label=_("Age band at the start"),
        required=False,
        choices=[*ANY, *((code, code) for code, _low, _high in AGE_BANDS), NOT_GIVEN],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[*ANY, *EnrolmentStatus.choices])
    result = forms.ChoiceField(label=_("Result"), required=False, choices=[*ANY, *TrainingResult.choices])
    cohort_state = forms.ChoiceField(
        label=_("Cohort state"), required=False, choices=[*ANY, *CohortState.choices]
    )

    def __init__(self, *args, enrolments, **kwargs):
        """Specialties, provinces and cohorts offered are those of `enrolments` (the
        reader's)."""
        super().__init__(*args, **kwargs)
        specialties = Specialty.objects.filter(pk__in=enrolments.values("cohort__course__specialty_id"))
        provinces = Province.objects.filter(pk__in=enrolments.values("cohort__province_id"))
        cohorts = enrolments.values_list("cohort_id", "cohort__reference").distinct()
        self.fields["specialty"].choices = [
            *ANY,
            *sorted((str(s.pk), str(s)) for s in specialties),
            NOT_GIVEN,
        ]
        self.fields["province"].choices = [*ANY, *sorted((str(p.pk), str(p)) for p in provinces)]
        self.fields["cohort"].choices = [*ANY, *sorted(((str(k), v) for k, v in cohorts), key=lambda c: c[1])]
