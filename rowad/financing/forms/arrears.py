"""The arrears caseload's and the portfolio report's filters."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin

BY_CHOICES = [
    ("programme", _("Programme")),
    ("funder", _("Funder")),
    ("province", _("Province")),
    ("officer", _("Officer in charge")),
]


class AsOfForm(StyledFormMixin, forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Arrears on this date, with the payments recorded so far (today when empty)."),
    )

    def as_of_date(self) -> datetime.date:
        """The date asked for, or today when it is empty or not a date (the form then
        shows why)."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()


class CaseloadForm(AsOfForm):
    SORTS = [
        ("-days", _("Most days late first")),
        ("days", _("Fewest days late first")),
        ("-amount", _("Largest amount late first")),
    ]
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)

    def sort_key(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("sort"):
            return self.cleaned_data["sort"]
        return "-days"


class PortfolioForm(AsOfForm):
    by = forms.ChoiceField(label=_("By"), required=False, choices=BY_CHOICES)

    def grouping(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("by"):
            return self.cleaned_data["by"]
        return "programme"
