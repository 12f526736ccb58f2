"""The form of a saved report: its organization, name, indicators, breakdown and
schedule; the filters come from the dashboard it was saved from (a hidden query string)
and are checked by the engine in the service, like every filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.accounts.scope import Scope
from rowad.core.forms import StyledFormMixin

from .dimensions import DIMENSIONS
from .enums import ReportSchedule
from .indicators import REGISTRY
from .report_queries import organizations_for_reports


class SavedReportForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    indicators = forms.MultipleChoiceField(label=_("Indicators"), widget=forms.CheckboxSelectMultiple)
    breakdown = forms.ChoiceField(label=_("Breakdown"), required=False)
    schedule = forms.ChoiceField(label=_("Sent by email"), choices=ReportSchedule.choices, required=False)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, scope: Scope, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for_reports(scope)
        if editing:
            self.fields["organization"].disabled = True
        self.fields["indicators"].choices = [(code, str(i.label)) for code, i in REGISTRY.items()]
        self.fields["breakdown"].choices = [("", _("Province"))] + [
            (code, str(d.label)) for code, d in DIMENSIONS.items() if code != "province"
        ]
