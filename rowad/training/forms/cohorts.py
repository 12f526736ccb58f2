"""Forms of the cohorts: a cohort's timetable and trainers, the list's filters, a change
of state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rowad.core.forms import DateInput, StyledFormMixin

from ..enums import CohortState
from ..models import Cohort
from ..services.cohorts import COHORT_FIELDS

# ISO weekdays (1 = Monday … 7 = Sunday), as Cohort.weekdays stores them.
WEEKDAYS = [
    (1, pgettext_lazy("weekday", "Monday")),
    (2, pgettext_lazy("weekday", "Tuesday")),
    (3, pgettext_lazy("weekday", "Wednesday")),
    (4, pgettext_lazy("weekday", "Thursday")),
    (5, pgettext_lazy("weekday", "Friday")),
    (6, pgettext_lazy("weekday", "Saturday")),
    (7, pgettext_lazy("weekday", "Sunday")),
]
WEEKDAY_LABELS = dict(WEEKDAYS)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class CohortForm(StyledFormMixin, forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Cohort
        fields = ["course", *COHORT_FIELDS]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "morning_starts_at": TimeInput(),
            "morning_ends_at": TimeInput(),
            "afternoon_starts_at": TimeInput(),
            "afternoon_ends_at": TimeInput(),
        }

    def __init__(self, *args: Any, courses, provinces, trainers, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["trainers"].queryset = trainers
        self.fields["trainers"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        if self.instance.pk:
            # The course of a cohort does not change (its enrolments are for that course).
            del self.fields["course"]
            if not self.is_bound:
                self.fields["version"].initial = self.instance.version
                self.fields["trainers"].initial = list(self.instance.trainers.all())
        else:
            self.fields["course"].queryset = courses

    def _post_clean(self):
        # The service validates and saves; the model's own full_clean would duplicate it.
        pass

    def cohort_data(self) -> dict[str, Any]:
        return {f: self.cleaned_data.get(f) for f in COHORT_FIELDS}


class CohortFilterForm(StyledFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, required=False)
    province = forms.ModelChoiceField(label=_("Province"), queryset=None, required=False)
    state = forms.ChoiceField(
        label=pgettext_lazy("cohort", "State"), choices=[("", "—"), *CohortState.choices], required=False
    )

    def __init__(self, *args: Any, courses, provinces, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["province"].queryset = provinces

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {
            "course": self.cleaned_data.get("course"),
            "province": self.cleaned_data.get("province"),
            "state": self.cleaned_data.get("state") or "",
        }


class CohortStateForm(forms.Form):
    target = forms.ChoiceField(choices=CohortState.choices)
    note = forms.CharField(required=False, max_length=500)
    version = forms.IntegerField(required=False)
