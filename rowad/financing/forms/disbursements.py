"""The tranche form of a line: what was paid, when, for what, to whom, against which
invoice, and by whom. A hidden client key, drawn when the form is shown, makes a double
submit store one tranche."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.partners.models import Organization

from ..enums import DisbursementPurpose
from ..money import parse_amount


class DisbursementForm(StyledFormMixin, forms.Form):
    amount = forms.CharField(
        label=_("Amount"),
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal", "autocomplete": "off"}),
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=DisbursementPurpose.choices)
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=100, required=False)
    invoice = forms.FileField(label=_("Invoice or pro-forma (PDF, JPG, PNG, WEBP or DOCX)"), required=False)
    paid_by = forms.ModelChoiceField(label=_("Paid by"), queryset=Organization.objects.none(), required=False)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"paid_on": timezone.localdate(), "client_uuid": uuid.uuid4(), "paid_by": line.funder_id},
        )
        super().__init__(*args, **kwargs)
        dossier = line.plan.dossier
        ids = {line.funder_id, dossier.organization_id, dossier.programme.operator_id} - {None}
        self.fields["paid_by"].queryset = Organization.objects.filter(pk__in=ids).order_by("pk")

    def clean_amount(self):
        amount = parse_amount(self.cleaned_data["amount"])
        if amount is None:
            raise forms.ValidationError(
                _("The amount must be a number written in digits, such as 125000.50.")
            )
        return amount
