from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import Sex
from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.models import Province
from rowad.core.validators import validate_name_length
from rowad.partners.models import Organization, Specialty

from .enums import AgendaKind, IdeaOutcome, LegalForm
from .models import Campaign, Event, Phase, Stop

NAME_WIDGETS = {
    "given_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar", "autocomplete": "off"}),
    "family_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar", "autocomplete": "off"}),
    "given_name_latin": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    "family_name_latin": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
}
PERSON_KEYS = (
    "given_name_ar",
    "family_name_ar",
    "given_name_latin",
    "family_name_latin",
    "phone",
    "birth_date",
    "sex",
)


class RegistrationForm(StyledFormMixin, forms.Form):
    """The short form of a field registration (and of self-registration)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    person_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    given_name_ar = forms.CharField(label=_("given name (Arabic)"), required=False, max_length=120)
    family_name_ar = forms.CharField(label=_("family name (Arabic)"), required=False, max_length=120)
    given_name_latin = forms.CharField(label=_("given name (Latin)"), required=False, max_length=120)
    family_name_latin = forms.CharField(label=_("family name (Latin)"), required=False, max_length=120)
    phone = forms.CharField(
        label=_("phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("birth date"), required=False, widget=DateInput())
    sex = forms.ChoiceField(label=_("sex"), required=False, choices=[("", "—"), *Sex.choices])
    province = forms.ModelChoiceField(
        label=_("province of residence"), queryset=Province.objects.none(), required=False
    )
    specialty = forms.ModelChoiceField(
        label=_("specialty of interest"), queryset=Specialty.objects.all(), required=False
    )
    idea = forms.CharField(
        label=_("project idea in one sentence"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_("The visitor agrees to be registered and contacted about the programme"), required=False
    )

    def __init__(self, *args, provinces=None, consent_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces if provinces is not None else Province.objects.none()
        for name, widget in NAME_WIDGETS.items():
            attrs = {**widget.attrs, "class": self.fields[name].widget.attrs.get("class", "")}
            self.fields[name].widget.attrs = attrs
            self.fields[name].validators.append(validate_name_length)
        if consent_label:
            self.fields["consent"].label = consent_label
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())

    def person_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in PERSON_KEYS if self.cleaned_data.get(k) not in (None, "")}
        if self.cleaned_data.get("province"):
            data["province"] = self.cleaned_data["province"]
        return data


class PublicRegistrationForm(RegistrationForm):
    # Honeypot: people never see or fill it; robots do.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["person_id"]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})


class TallyForm(StyledFormMixin, forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    count = forms.IntegerField(label=_("Visitors"), min_value=-100_000, max_value=100_000)
    day = forms.DateField(label=_("day"), required=False, widget=DateInput())
    confirmed = forms.BooleanField(label=_("Yes, this number is right"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())


class StopForm(StyledFormMixin, forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Stop
        fields = [
            "phase",
            "province",
            "venue",
            "starts_on",
            "ends_on",
            "host_organization",
            "field_agents",
            "notes",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, campaign=None, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = (
            campaign.phases.all() if campaign else self.fields["phase"].queryset.none()
        )
        self.fields["province"].queryset = (
            Province.objects.filter(country_id=campaign.country) if campaign else Province.objects.none()
        )
        self.fields["host_organization"].queryset = Organization.objects.filter(is_active=True)
        self.fields["field_agents"].queryset = (
            agents if agents is not None else self.fields["field_agents"].queryset.none()
        )
        self.fields["field_agents"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()
            del self.fields["phase"]


class VersionedFormMixin:
    """A hidden `version` (the `updated_at` the form was loaded with) for the stale-edit check."""

    def _init_version(self) -> None:
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()


class EventForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind", "title", "starts_on", "ends_on", "start_time", "province", "venue", "host_organization",
            "partners", "target_categories", "description", "attendance",
        ]  # fmt: skip
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "target_categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, provinces=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()
        if provinces is not None:
            self.fields["province"].queryset = provinces
        if organizations is not None:
            self.fields["host_organization"].queryset = organizations
            self.fields["partners"].queryset = organizations


class AgendaItemForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=AgendaKind.choices)
    topic = forms.CharField(label=_("topic"), max_length=300)
    presenter_organization = forms.ModelChoiceField(
        label=_("presenter organization"), queryset=Organization.objects.all(), required=False
    )
    presenter_name = forms.CharField(label=_("presenter"), max_length=200, required=False)


class IdeaForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(label=_("idea"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    specialty = forms.ModelChoiceField(
        label=_("specialty or sector"), queryset=Specialty.objects.all(), required=False
    )
    legal_form = forms.ChoiceField(label=_("intended legal form"), choices=LegalForm.choices)


class IdeaOutcomeForm(StyledFormMixin, forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(label=_("outcome"), choices=IdeaOutcome.choices)
    feedback = forms.CharField(label=_("feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notify = forms.BooleanField(label=_("Notify the holder by SMS"), required=False)


class CampaignForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name_ar", "name_fr", "name_en", "code", "country", "lead_organization", "organizations", "agreement",
            "programme", "starts_on", "ends_on", "description",
        ]  # fmt: skip
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "organizations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organizations=None, agreements=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()
        if organizations is not None:
            self.fields["lead_organization"].queryset = organizations
            self.fields["organizations"].queryset = organizations
        if agreements is not None:
            self.fields["agreement"].queryset = agreements
        if programmes is not None:
            self.fields["programme"].queryset = programmes

    def _get_validation_exclusions(self):
        # The unique code is checked by the service with a message on the field.
        return {*super()._get_validation_exclusions(), "code"}


class PhaseForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "number",
            "name_ar",
            "name_fr",
            "name_en",
            "starts_on",
            "ends_on",
            "provinces",
            "description",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "provinces": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version()
        if campaign is not None:
            self.fields["provinces"].queryset = Province.objects.filter(country_id=campaign.country)
