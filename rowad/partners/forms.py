"""Forms of the partners pages. They shape input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import CountryCode
from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.models import Province, TargetCategory

from .enums import Benefit, OrganizationKind, PartyRole
from .models import Agreement, DocumentType, Organization, Programme, Specialty
from .services import AGREEMENT_FIELDS, ORGANIZATION_FIELDS, PROGRAMME_FIELDS, PROGRAMME_RELATIONS, PartyData
from .validators import validate_agreement_document

LTR = {"dir": "ltr"}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError messages next to the matching fields."""
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


NAME_LABELS = {"name_ar": _("Name (Arabic)"), "name_fr": _("Name (French)"), "name_en": _("Name (English)")}


class VersionedForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name, label in NAME_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label

    def _post_clean(self):
        # Model validation is the service's job (with field-level messages).
        pass


def _formfield(field, **kwargs):
    # Websites are typed without a scheme ("anapec.org"): assume https.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganizationForm(VersionedForm):
    class Meta:
        model = Organization
        formfield_callback = _formfield
        fields = [*ORGANIZATION_FIELDS, "provinces"]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs=LTR),
            "website": forms.URLInput(attrs=LTR),
            "provinces": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, provinces=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = (
            provinces if provinces is not None else Province.objects.all()
        ).select_related("country")
        self.fields["parent"].queryset = parents if parents is not None else Organization.objects.all()
        self.fields["country"].choices = CountryCode.choices
        for name in ("name_ar", "name_fr", "name_en"):
            self.fields[name].max_length = 200

    def organization_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in ORGANIZATION_FIELDS}


class PartnerFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of organization"), required=False, choices=[("", "—"), *OrganizationKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", "—"), *CountryCode.choices])
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Name, acronym or reference")}
        )
        self.fields["province"].queryset = Province.objects.select_related("country")


class AgreementForm(VersionedForm):
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes covered"),
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_document = forms.BooleanField(label=_("Remove the current document"), required=False)

    class Meta:
        model = Agreement
        fields = [*AGREEMENT_FIELDS, "document"]
        widgets = {
            "signed_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "reference": forms.TextInput(attrs=LTR),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "document": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = programmes if programmes is not None else Programme.objects.all()
        self.fields["document"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        self.fields["document"].validators = []  # checked in clean_document, with its message
        if self.instance.pk:
            self.fields["programmes"].initial = list(self.instance.programmes.values_list("pk", flat=True))
        if not (self.instance.pk and self.instance.document):
            del self.fields["remove_document"]

    def clean_document(self):
        upload = self.files.get(self.add_prefix("document"))
        if upload is None:
            return None
        validate_agreement_document(upload)
        return upload

    def agreement_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in AGREEMENT_FIELDS}

    def document_change(self):
        """For services.update_agreement: a new upload, False to remove, None to keep."""
        if self.cleaned_data.get("document"):
            return self.cleaned_data["document"]
        if self.cleaned_data.get("remove_document"):
            return False
        return None


class PartyForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *PartyRole.choices], required=False)
    commitments = forms.CharField(
        label=_("Commitments"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.all()
        )

    def clean(self):
        data = super().clean()
        if data.get("organization") and not data.get("role"):
            self.add_error("role", _("Give this party's role."))
        return data


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self) -> list[PartyData]:
        return [
            PartyData(
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
                commitments=form.cleaned_data.get("commitments", ""),
            )
            for form in self.forms
            if form.cleaned_data.get("organization")
        ]


def party_formset(data=None, *, agreement=None, organizations=None, blank_rows: int = 2) -> BasePartyFormSet:
    initial = []
    if agreement is not None and agreement.pk:
        initial = [
            {"organization": p.organization_id, "role": p.role, "commitments": p.commitments}
            for p in agreement.parties.all()
        ]
    formset_class = forms.formset_factory(
        PartyForm,
        formset=BasePartyFormSet,
        extra=max(blank_rows, 3 - len(initial)),
        max_num=30,
        absolute_max=30,
        validate_max=True,
    )
    # empty_permitted=False: a row left as it was loaded still counts (a blank row is valid
    # anyway, every field being optional).
    return formset_class(
        data,
        initial=initial,
        prefix="parties",
        form_kwargs={"organizations": organizations, "empty_permitted": False},
    )


class ProgrammeForm(VersionedForm):
    benefits = forms.MultipleChoiceField(
        label=_("Benefits"), choices=Benefit.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Programme
        fields = [*PROGRAMME_FIELDS, *PROGRAMME_RELATIONS]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "code": forms.TextInput(attrs=LTR),
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "min_age": forms.NumberInput(attrs={"min": 14, "max": 99}),
            "max_age": forms.NumberInput(attrs={"min": 14, "max": 99}),
            "min_members": forms.NumberInput(attrs={"min": 1}),
            "max_members": forms.NumberInput(attrs={"min": 1}),
            "provinces": forms.SelectMultiple(attrs={"size": 8}),
            "sponsors": forms.SelectMultiple(attrs={"size": 5}),
            "agreements": forms.CheckboxSelectMultiple,
            "target_categories": forms.CheckboxSelectMultiple,
            "specialties": forms.CheckboxSelectMultiple,
            "required_documents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, operators=None, organizations=None, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators if operators is not None else Organization.objects.all()
        self.fields["sponsors"].queryset = (
            organizations if organizations is not None else Organization.objects.all()
        )
        self.fields["agreements"].queryset = agreements if agreements is not None else Agreement.objects.all()
        self.fields["provinces"].queryset = Province.objects.select_related("country")
        self.fields["target_categories"].queryset = TargetCategory.objects.all()
        self.fields["specialties"].queryset = Specialty.objects.all()
        self.fields["required_documents"].queryset = DocumentType.objects.all()
        self.fields["min_age"].help_text = _("Leave empty for no limit.")
        self.fields["provinces"].help_text = _("None chosen: every province of the operator's country.")

    def programme_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in PROGRAMME_FIELDS}

    def relations(self) -> dict:
        return {k: self.cleaned_data.get(k) or [] for k in PROGRAMME_RELATIONS}
