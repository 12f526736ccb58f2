"""Forms of the specifications pages and of the sponsor's sign-off."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin
from rowad.partners.models import Organization, Specialty

from .enums import SpecificationKind
from .models import Specification

AR = {"dir": "rtl", "lang": "ar"}
FR = {"dir": "ltr", "lang": "fr"}
EN = {"dir": "ltr", "lang": "en"}


class SpecificationForm(StyledFormMixin, forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    name_ar = forms.CharField(
        label=_("name (Arabic)"), max_length=200, required=False, widget=forms.TextInput(AR)
    )
    name_fr = forms.CharField(
        label=_("name (French)"), max_length=200, required=False, widget=forms.TextInput(FR)
    )
    name_en = forms.CharField(
        label=_("name (English)"), max_length=200, required=False, widget=forms.TextInput(EN)
    )
    specialty = forms.ModelChoiceField(
        label=_("specialty"),
        queryset=Specialty.objects.none(),
        required=False,
        empty_label=_("All the programme's specialties"),
    )
    sponsor = forms.ModelChoiceField(label=_("sponsor"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, programme, instance: Specification | None = None, sponsors=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": instance.updated_at.isoformat() if instance.updated_at else "",
                "name_ar": instance.name_ar,
                "name_fr": instance.name_fr,
                "name_en": instance.name_en,
                "specialty": instance.specialty_id,
                "sponsor": instance.sponsor_id,
            }
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = programme.specialties.all()
        self.fields["sponsor"].queryset = sponsors if sponsors is not None else programme.sponsors.all()

    def spec_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name_ar", "name_fr", "name_en", "specialty", "sponsor")}


class SpecificationItemForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    position = forms.IntegerField(
        label=_("order"),
        min_value=0,
        max_value=999,
        required=False,
        widget=forms.NumberInput(attrs={"class": "spec-order"}),
    )
    kind = forms.ChoiceField(
        label=_("kind"), choices=SpecificationKind.choices, initial=SpecificationKind.OTHER
    )
    label_ar = forms.CharField(
        label=_("requirement (Arabic)"), max_length=300, required=False, widget=forms.TextInput(AR)
    )
    label_fr = forms.CharField(
        label=_("requirement (French)"), max_length=300, required=False, widget=forms.TextInput(FR)
    )
    is_mandatory = forms.BooleanField(label=_("mandatory"), required=False, initial=True)


class BaseItemFormSet(forms.BaseFormSet):
    def items_data(self) -> list[dict]:
        rows = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            rows.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        return rows


ItemFormSet = forms.formset_factory(
    SpecificationItemForm, formset=BaseItemFormSet, extra=0, can_delete=True, max_num=200, validate_max=True
)


def item_initial(specification: Specification | None) -> list[dict]:
    if specification is None:
        return [{"position": n, "is_mandatory": True} for n in (1, 2, 3)]
    return [
        {
            "id": item.pk,
            "position": item.position,
            "kind": item.kind,
            "label_ar": item.label_ar,
            "label_fr": item.label_fr,
            "is_mandatory": item.is_mandatory,
        }
        for item in specification.items.all()
    ]


class SignoffForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("sign", _("Sign off the study")), ("refuse", _("Refuse the study"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to refuse)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
