"""Forms of the repayment schedules: generating a line's schedule, recording a payment,
rescheduling. Amounts are read as text and parsed by the service (no float)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin

from ..enums import Currency, Frequency


class GenerateScheduleForm(StyledFormMixin, forms.Form):
    first_due = forms.DateField(
        label=_("First period ends on"),
        widget=DateInput(),
        help_text=_("The due date of the first period; later ones follow by calendar months."),
    )


class PaymentForm(StyledFormMixin, forms.Form):
    amount = forms.CharField(label=_("Amount"), max_length=30)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Reference (receipt, transfer)"), max_length=100, required=False)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, schedule, **kwargs):
        kwargs.setdefault(
            "initial",
            {"currency": schedule.currency, "client_uuid": uuid.uuid4(), "version": schedule.version},
        )
        super().__init__(*args, **kwargs)


class RescheduleForm(StyledFormMixin, forms.Form):
    first_due = forms.DateField(label=_("First period ends on"), widget=DateInput())
    term_months = forms.IntegerField(label=_("Term in months"), min_value=1, max_value=600)
    grace_months = forms.IntegerField(label=_("Grace period in months"), min_value=0, max_value=600)
    frequency = forms.ChoiceField(label=_("Instalments"), choices=Frequency.choices)
    reason = forms.CharField(label=_("Reason for rescheduling"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, schedule, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "term_months": schedule.term_months,
                "grace_months": schedule.grace_months,
                "frequency": schedule.frequency,
                "version": schedule.version,
            },
        )
        super().__init__(*args, **kwargs)
