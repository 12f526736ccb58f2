from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.models import Province, TargetCategory
from rowad.core.validators import validate_name_length
from rowad.partners.models import Organization

from .models import ConsentRecord, ConsentSource, Person
from .services import PERSON_FIELDS, clean_person_data, ensure_national_id_free

NAME_FIELDS = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")


class PersonForm(StyledFormMixin, forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    consents = forms.MultipleChoiceField(
        label=_("Consent given"),
        choices=ConsentRecord.Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        # The registry's own fields (people.services.PERSON_FIELDS) less what the
        # system fills itself.
        fields = [f for f in PERSON_FIELDS if f not in ("first_met", "organization")] + ["target_categories"]
        widgets = {
            "birth_date": DateInput(),
            "target_categories": forms.CheckboxSelectMultiple,
            "preferred_language": forms.Select(
                choices=[("ar", "العربية"), ("fr", "Français"), ("en", "English")]
            ),
            "given_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "family_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "given_name_latin": forms.TextInput(attrs={"dir": "ltr"}),
            "family_name_latin": forms.TextInput(attrs={"dir": "ltr"}),
            "national_id": forms.TextInput(attrs={"dir": "ltr", "inputmode": "text", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}),
            "phone_alt": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, provinces=None, show_sensitive=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces if provinces is not None else Province.objects.all()
        self.fields["target_categories"].queryset = TargetCategory.objects.all()
        if self.instance.pk and not show_sensitive:
            # Sensitive (people.sensitive): an editor who may not see them keeps them as they are.
            del self.fields["target_categories"]
        self.fields["country"].required = True
        self.fields["country"].choices = self.fields["country"].choices[1:]
        for name in NAME_FIELDS:
            self.fields[name].validators.append(validate_name_length)
        if self.instance.pk:
            del self.fields["consents"]
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def _get_validation_exclusions(self):
        # The unique national ID is checked by the service with a message on the field.
        return {*super()._get_validation_exclusions(), "national_id"}

    def clean(self):
        data = super().clean()
        person_fields = {
            k: v for k, v in data.items() if k not in ("version", "consents", "target_categories")
        }
        try:
            instance = self.instance if self.instance.pk else None
            cleaned = clean_person_data(person_fields, instance=instance)
            ensure_national_id_free(
                cleaned.get("country", ""), cleaned.get("national_id", ""), exclude_pk=self.instance.pk
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
            return data
        data.update(cleaned)
        return data

    def person_data(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("version", "consents", "target_categories")
        }


class PersonFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False, empty_label="—"
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", "—"), *Person._meta.get_field("sex").choices]
    )
    education_level = forms.ChoiceField(
        label=_("Education level"),
        required=False,
        choices=[("", "—"), *Person._meta.get_field("education_level").choices],
    )

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces if provinces is not None else Province.objects.all()
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Name in any script, phone or ID")}
        )


class EraseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (e.g. the person's request and its date)"), max_length=300)
    confirm = forms.BooleanField(label=_("I understand that the personal data is erased for good."))


class ConsentForm(StyledFormMixin, forms.Form):
    """A consent given or withdrawn for one purpose (and, for sharing, one partner)."""

    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentRecord.Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Consent given")), ("0", _("Consent withdrawn"))],
        coerce=lambda v: v == "1",
        initial="1",
    )
    source = forms.ChoiceField(
        label=_("Collected through"),
        choices=ConsentSource.choices,
        initial=ConsentSource.DESK,
        required=False,
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organization (sharing only; empty: every partner)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    method = forms.CharField(label=_("Note (how it was expressed)"), max_length=100, required=False)
    confirm = forms.BooleanField(label=_("I confirm the person expressed this decision."), required=False)

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners

    def clean(self):
        data = super().clean()
        if data.get("partner") is not None and data.get("purpose") != ConsentRecord.Purpose.SHARING:
            self.add_error("partner", _("Only a consent to share names a partner organization."))
        if data.get("given") is False and not data.get("confirm"):
            self.add_error("confirm", _("Confirm the withdrawal: it takes effect at once everywhere."))
        return data


class WithdrawForm(StyledFormMixin, forms.Form):
    """The holder withdraws one of their consents from the portal."""

    purpose = forms.ChoiceField(choices=ConsentRecord.Purpose.choices, widget=forms.HiddenInput)
    partner = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I withdraw this consent."))
