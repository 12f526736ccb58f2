"""Forms of the enterprise's market pages (the services check the values; the forms only
shape them for a phone)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.models import Province
from rowad.market.models import Equipment

ACCEPT, DECLINE = "accept", "decline"


class OfferAnswerForm(StyledFormMixin, forms.Form):
    """Accept or decline (the button pressed); a decline says why."""

    answer = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Why you decline"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say in a few words why you decline: the sponsor reads it."))
        return data


class QuoteForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Your price"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "dir": "ltr"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one field (the service checks each one's content)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleImageField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReportForm(StyledFormMixin, forms.Form):
    """What the team did on a milestone, sent from the site."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(
        label=_("Quantity done"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "dir": "ltr"}),
    )
    done_on = forms.DateField(label=_("Date of the work"), widget=DateInput())
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleImageField(label=_("Photos of the work"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())
            self.initial.setdefault("done_on", timezone.localdate())


class MeansForm(StyledFormMixin, forms.Form):
    """People, equipment, orders at once, other provinces served (of the enterprise's country)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    workers = forms.IntegerField(
        label=_("People available for a site"),
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    max_concurrent_orders = forms.IntegerField(
        label=_("Orders you can carry at once"),
        min_value=1,
        max_value=50,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    equipment = forms.ModelMultipleChoiceField(
        label=_("Equipment you own"),
        queryset=Equipment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    served_provinces = forms.ModelMultipleChoiceField(
        label=_("Other provinces where you work"),
        queryset=Province.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = Equipment.objects.all()
        self.fields["served_provinces"].queryset = (
            Province.objects.filter(country_id=enterprise.province.country_id)
            .exclude(pk=enterprise.province_id)
            .order_by("code")
        )


class ContestForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Your comment on this rating"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
