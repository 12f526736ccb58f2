"""The forms of the order pages: post or edit an order, filter the list, override the
rule, cancel, attach a document. They only read and shape input: every check of the
business lives in rowad.market.services (its errors are put back next to their field)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.accounts.scope import scope_for
from rowad.core.forms import StyledFormMixin
from rowad.core.models import Province
from rowad.partners.models import Organization, Programme, Specialty
from rowad.training.models import Course

from ..enums import AllocationMethod, OrderStatus, WorkUnit
from ..models import Equipment
from ..queries import AGENCY, SPONSORS
from ..services.order_fields import ORDER_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def sponsors_for(user: Any):
    """The sponsors `user` may post for: a sponsor officer's organization and its branches;
    for the agency, every organization sponsoring a programme."""
    scope = scope_for(user)
    if scope.is_platform_admin or scope.grants_for(*AGENCY):
        return Organization.objects.filter(sponsored_programmes__isnull=False).distinct()
    own = [grant.organization_id for grant in scope.grants_for(*SPONSORS)]
    return Organization.objects.filter(pk__in=own) | Organization.objects.filter(parent_id__in=own)


def provinces_for(user: Any):
    scope = scope_for(user)
    if scope.is_platform_admin or scope.grants_for(*SPONSORS):
        return Province.objects.all()
    ids: set[int] = set()
    for grant in scope.grants_for(*AGENCY):
        ids |= grant.province_ids
    return Province.objects.filter(pk__in=ids)


class OrderForm(StyledFormMixin, forms.Form):
    sponsor = forms.ModelChoiceField(Organization.objects.none(), label=_("Sponsor"))
    programme = forms.ModelChoiceField(Programme.objects.none(), label=_("Programme"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    specialty = forms.ModelChoiceField(Specialty.objects.all(), label=_("Specialty"))
    province = forms.ModelChoiceField(Province.objects.none(), label=_("Province"))
    communes = forms.CharField(label=_("Communes"), max_length=300, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=2)
    unit = forms.ChoiceField(label=_("Unit"), choices=WorkUnit.choices)
    estimated_amount = forms.DecimalField(label=_("Estimated amount"), max_digits=14, decimal_places=2)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("Empty: the province's currency.")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    required_courses = forms.ModelMultipleChoiceField(
        Course.objects.all(),
        label=_("Required certifications"),
        required=False,
        help_text=_(
            "Courses of the specialty one of which an owner must have passed; empty: any of the specialty."
        ),
    )
    min_workers = forms.IntegerField(label=_("Minimum people on site"), min_value=1, initial=1)
    required_equipment = forms.ModelMultipleChoiceField(
        Equipment.objects.all(), label=_("Required equipment"), required=False
    )
    reserved_for_micro = forms.BooleanField(
        label=_("Reserved for micro-enterprises"), required=False, initial=True
    )
    method = forms.ChoiceField(label=_("Allocation"), choices=AllocationMethod.choices)
    weight_performance = forms.IntegerField(label=_("Weight of past performance"), min_value=0, initial=50)
    weight_distance = forms.IntegerField(label=_("Weight of distance"), min_value=0, initial=20)
    weight_capacity = forms.IntegerField(label=_("Weight of free capacity"), min_value=0, initial=30)
    quote_deadline = forms.DateTimeField(
        label=_("Quotes until"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    payment_days = forms.IntegerField(
        label=_("Payment within (days)"), min_value=1, max_value=365, initial=30
    )
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, order: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        sponsors = sponsors_for(user)
        self.fields["sponsor"].queryset = sponsors
        self.fields["programme"].queryset = (
            Programme.objects.filter(sponsors__in=sponsors.values("pk")).distinct()
            | Programme.objects.filter(sponsors__in=sponsors.values("parent_id")).distinct()
        )
        self.fields["province"].queryset = provinces_for(user)
        if order is not None:
            del self.fields["sponsor"], self.fields["programme"], self.fields["client_uuid"]
            self.fields["province"].queryset = self.fields["province"].queryset | Province.objects.filter(
                pk=order.province_id
            )
            if not self.is_bound:
                for name in ORDER_FIELDS:
                    value = getattr(order, name)
                    self.initial[name] = list(value.all()) if name.startswith("required_") else value
                self.initial["version"] = order.version
        else:
            del self.fields["version"]
            self.initial.setdefault("client_uuid", uuid.uuid4())
            if sponsors.count() == 1:
                self.initial.setdefault("sponsor", sponsors.first())

    def order_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ORDER_FIELDS}


class OrderFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *OrderStatus.choices]
    )
    province = forms.ModelChoiceField(Province.objects.none(), label=_("Province"), required=False)
    specialty = forms.ModelChoiceField(Specialty.objects.all(), label=_("Specialty"), required=False)
    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Programme"), required=False)

    def __init__(self, *args: Any, orders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = orders.order_by().values("province_id")
        self.fields["province"].queryset = Province.objects.filter(pk__in=ids)
        self.fields["programme"].queryset = Programme.objects.filter(
            pk__in=orders.order_by().values("programme_id")
        )
        self.fields["specialty"].queryset = Specialty.objects.filter(
            pk__in=orders.order_by().values("specialty_id")
        )


class OverrideForm(StyledFormMixin, forms.Form):
    enterprise = forms.IntegerField(label=_("Enterprise"), widget=forms.Select)
    reason = forms.CharField(
        label=_("Why this enterprise rather than the rule's choice"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].widget.choices = [("", "—"), *(choices or [])]


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the order is cancelled"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OrderDocumentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, JPEG, PNG or DOCX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
    )
