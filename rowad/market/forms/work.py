"""Forms of the contract pages: the contract and its milestones, the sponsor's review of a
milestone and its payment of an invoice. The checks are the services'; a service error is
put back on its field with `service_error`."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin

from ..enums import ContractStatus

LTR = {"dir": "ltr"}


def service_error(form: forms.Form, field: str | None, message: str) -> None:
    """Show a service's error on its field (or above the form)."""
    name = field if field in form.fields else None
    form.add_error(name, message)
    if name:
        widget = form.fields[name].widget
        widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["aria-describedby"] = f"id_{form.add_prefix(name)}_error"


class ContractForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label=_("signed on"), widget=DateInput())


class MilestoneForm(StyledFormMixin, forms.Form):
    label = forms.CharField(label=_("milestone"), max_length=200)
    quantity = forms.DecimalField(label=_("quantity"), max_digits=12, decimal_places=2, min_value=0)
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=0)
    due_on = forms.DateField(label=_("due on"), widget=DateInput())


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, extra=0, min_num=1, validate_min=True, max_num=20, validate_max=True
)


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("accept", _("Accept the milestone")), ("reject", _("Reject it (say why)"))],
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(label=_("remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("date"), widget=DateInput())
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PaymentForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("amount paid"), max_digits=14, decimal_places=2, widget=forms.NumberInput(attrs=LTR)
    )
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())
    reference = forms.CharField(label=_("payment reference"), max_length=60, required=False)
    # One key per form displayed: a double click or a resubmission records one payment.
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("client_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class ContractFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All")), *ContractStatus.choices]
    )
    late = forms.BooleanField(label=_("Late sponsor payments only"), required=False)
