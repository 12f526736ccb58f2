from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import CountryCode
from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.models import Province, TargetCategory
from rowad.core.validators import validate_name_length
from rowad.enterprises.enums import TurnoverBand
from rowad.people.models import ConsentRecord, Person
from rowad.people.services import clean_person_data, ensure_national_id_free

from .enums import PORTAL_LANGUAGES
from .otp import parse_contact

CONTACT_ATTRS = {"dir": "ltr", "autocomplete": "username", "inputmode": "email"}


class ContactForm(StyledFormMixin, forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=CountryCode.choices)
    contact = forms.CharField(
        label=_("Phone number or email"),
        max_length=254,
        help_text=_("We send you a code to check it. Example: 0661 23 45 67"),
        widget=forms.TextInput(attrs=CONTACT_ATTRS),
    )

    def clean(self):
        data = super().clean()
        if "contact" in data and "country" in data:
            try:
                data["parsed"] = parse_contact(data["contact"], data["country"])
            except ValidationError as exc:
                self.add_error("contact", exc)
        return data


class SignupForm(ContactForm):
    language = forms.ChoiceField(
        label=_("Language of your messages"),
        choices=PORTAL_LANGUAGES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    consent_registration = forms.BooleanField(
        label=ConsentRecord.Purpose.REGISTRATION.label,
        help_text=_("Needed to open your space: the agency keeps your data to follow your project."),
    )
    consent_contact = forms.BooleanField(label=ConsentRecord.Purpose.CONTACT.label, required=False)

    def consents(self) -> list[str]:
        purposes = [ConsentRecord.Purpose.REGISTRATION]
        if self.cleaned_data.get("consent_contact"):
            purposes.append(ConsentRecord.Purpose.CONTACT)
        return [str(p) for p in purposes]


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code received"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
            }
        ),
    )


PROFILE_FIELDS = [
    "given_name_ar",
    "family_name_ar",
    "given_name_latin",
    "family_name_latin",
    "national_id",
    "birth_date",
    "sex",
    "province",
    "address",
    "education_level",
    "diploma",
    "employment_status",
    "preferred_language",
]
NAME_FIELDS = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")


class ProfileForm(StyledFormMixin, forms.ModelForm):
    """The holder's own registry data; validation is people.services.clean_person_data."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [*PROFILE_FIELDS, "target_categories"]
        widgets = {
            "birth_date": DateInput(),
            "target_categories": forms.CheckboxSelectMultiple,
            "preferred_language": forms.Select(choices=PORTAL_LANGUAGES),
            "given_name_ar": forms.TextInput(
                attrs={"dir": "rtl", "lang": "ar", "autocomplete": "given-name"}
            ),
            "family_name_ar": forms.TextInput(
                attrs={"dir": "rtl", "lang": "ar", "autocomplete": "family-name"}
            ),
            "given_name_latin": forms.TextInput(attrs={"dir": "ltr"}),
            "family_name_latin": forms.TextInput(attrs={"dir": "ltr"}),
            "national_id": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        }

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country
        self.fields["province"].queryset = Province.objects.filter(country_id=country)
        self.fields["target_categories"].queryset = TargetCategory.objects.all()
        self.fields["target_categories"].help_text = _("Tick what applies to you; the agency checks it.")
        for name in ("birth_date", "province", "education_level", "employment_status"):
            self.fields[name].required = True
        for name in NAME_FIELDS:
            self.fields[name].validators.append(validate_name_length)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "national_id"}

    def clean(self):
        data = super().clean()
        person_fields = {k: v for k, v in data.items() if k not in ("version", "target_categories")}
        person_fields["country"] = self.country
        try:
            cleaned = clean_person_data(person_fields, instance=self.instance if self.instance.pk else None)
            ensure_national_id_free(self.country, cleaned.get("national_id", ""), exclude_pk=self.instance.pk)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
            return data
        data.update(cleaned)
        return data

    def person_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "target_categories")}


class ClaimForm(StyledFormMixin, forms.Form):
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())


class ErasureRequestForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my personal data will be erased for good and my space closed.")
    )


class ErasureDecisionForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class HolderDossierForm(StyledFormMixin, forms.Form):
    """What a holder fills in about their project (the dossiers service validates it)."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    title = forms.CharField(label=_("Project title"), max_length=200)
    idea = forms.CharField(
        label=_("Your idea"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you will make or sell, to whom, where, with what equipment."),
    )
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=None,
        required=False,
        help_text=_("The trade you will work in, among the programme's specialties."),
    )
    sector = forms.CharField(label=_("Sector"), max_length=100, required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=())
    investment = forms.DecimalField(
        label=_("Investment needed"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"dir": "ltr", "step": "1", "min": "0", "inputmode": "decimal"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programmes, dossier=None, **kwargs):
        from rowad.dossiers.enums import LegalForm

        super().__init__(*args, **kwargs)
        from rowad.partners.models import Specialty

        self.fields["programme"].queryset = programmes
        self.fields["legal_form"].choices = LegalForm.choices
        # The programme's specialties (all the open programmes' when starting a dossier;
        # the dossier service refuses one outside the chosen programme).
        if dossier is not None:
            specialties = dossier.programme.specialties.all()
        else:
            specialties = Specialty.objects.filter(programmes__in=programmes).distinct()
        self.fields["specialty"].queryset = specialties.order_by("code")
        if not specialties.exists():
            del self.fields["specialty"]
        if dossier is not None:
            del self.fields["programme"]
            del self.fields["client_uuid"]
            self.fields["version"].initial = dossier.version
        else:
            import uuid

            self.fields["client_uuid"].initial = uuid.uuid4()

    def dossier_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("title", "idea", "sector", "legal_form", "investment")}
        if "specialty" in self.fields:
            data["specialty"] = self.cleaned_data.get("specialty")
        if data["investment"] is None:
            data["investment"] = 0
        return data


class HolderUploadForm(StyledFormMixin, forms.Form):
    document_type = forms.ModelChoiceField(label=_("Document"), queryset=None)
    file = forms.FileField(label=_("File (PDF, JPG, PNG, WEBP or DOCX)"))

    def __init__(self, *args, document_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = document_types


class JobsDeclarationForm(StyledFormMixin, forms.Form):
    """The holder's declaration of their enterprise's jobs and turnover (the service
    checks the values; the form only shapes them). One per enterprise on the page, each
    with the prefix `declaration_prefix(enterprise.pk)`."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    declared_on = forms.DateField(label=_("Date of these figures"), required=False, widget=DateInput())
    permanent_men = forms.IntegerField(label=_("Permanent jobs: men"), min_value=0, initial=0)
    permanent_women = forms.IntegerField(label=_("Permanent jobs: women"), min_value=0, initial=0)
    seasonal_men = forms.IntegerField(label=_("Seasonal jobs: men"), min_value=0, initial=0)
    seasonal_women = forms.IntegerField(label=_("Seasonal jobs: women"), min_value=0, initial=0)
    turnover_band = forms.ChoiceField(
        label=_("Turnover over the last twelve months"),
        choices=[("", "—"), *TurnoverBand.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women"):
            self.fields[name].widget.attrs.update(inputmode="numeric")
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())


def declaration_prefix(enterprise_pk: int) -> str:
    return f"ent{enterprise_pk}"


class CoHolderForm(StyledFormMixin, forms.Form):
    """A co-holder (cooperative member) the holder adds: a name and a phone or a national
    ID (the dossiers service checks both, the limits and the duplicates)."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "type": "tel", "inputmode": "tel", "autocomplete": "off"}
        ),
    )
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HolderPlanForm(StyledFormMixin, forms.Form):
    """One amount per part of the programme's formula, and why any amount differs from the
    formula's proposal (the financing service checks the balance and the limits)."""

    reason = forms.CharField(
        label=_("Why your amounts differ from the proposal (if they do)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            part = row["part"]
            label = part.get_kind_display() + (f" · {part.funder}" if part.funder_id else "")
            self.fields[f"part_{part.pk}"] = forms.DecimalField(
                label=label,
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
                initial=row["asked"],
                widget=forms.NumberInput(
                    attrs={"dir": "ltr", "step": "0.01", "min": "0", "inputmode": "decimal"}
                ),
            )

    def amounts(self) -> dict[int, object]:
        return {row["part"].pk: self.cleaned_data.get(f"part_{row['part'].pk}") for row in self.rows}

    def part_fields(self) -> list:
        return [(row, self[f"part_{row['part'].pk}"]) for row in self.rows]
