from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin
from rowad.core.models import Province
from rowad.partners.models import DocumentType, Organization, Programme, Specialty
from rowad.people.models import Person

from .enums import CheckStatus, DossierState, FinancingKind, StudyResult
from .models import Dossier


class DossierFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", "—"), *DossierState.choices])
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none(), required=False)

    def __init__(self, *args, programmes=None, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes if programmes is not None else Programme.objects.all()
        self.fields["province"].queryset = provinces if provinces is not None else Province.objects.all()
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Reference or title")})


class PersonChoiceMixin:
    """People are told apart by their ID or phone (homonyms are common)."""

    def label_from_instance(self, person) -> str:
        detail = person.national_id or person.phone or f"#{person.pk}"
        return f"{person.display_name} · {detail}"


class PersonChoiceField(PersonChoiceMixin, forms.ModelChoiceField):
    pass


class PersonMultipleChoiceField(PersonChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class DossierForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    lead = PersonChoiceField(label=_("Lead holder"), queryset=Person.objects.none())
    members = PersonMultipleChoiceField(
        label=_("Other holders (cooperative members, partners)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Dossier
        fields = [
            "programme",
            "title",
            "idea",
            "specialty",
            "sector",
            "legal_form",
            "province",
            "investment",
            "met_at_stop",
            "met_at_event",
        ]
        widgets = {
            "idea": forms.Textarea(attrs={"rows": 4}),
            "investment": forms.NumberInput(attrs={"dir": "ltr", "step": "0.01", "min": "0"}),
        }

    def __init__(
        self, *args, people=None, programmes=None, provinces=None, stops=None, events=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["met_at_stop"].queryset = (
            stops if stops is not None else self.fields["met_at_stop"].queryset.none()
        )
        self.fields["met_at_event"].queryset = (
            events if events is not None else self.fields["met_at_event"].queryset.none()
        )
        people = people if people is not None else Person.objects.none()
        self.fields["lead"].queryset = people
        self.fields["members"].queryset = people
        self.fields["programme"].queryset = programmes if programmes is not None else Programme.objects.all()
        self.fields["province"].queryset = provinces if provinces is not None else Province.objects.all()
        self.fields["specialty"].queryset = Specialty.objects.all()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # The programme decides the rules already evaluated: it does not change.
            self.fields["programme"].disabled = True
            links = list(self.instance.holder_links.all())
            lead = next((link.person_id for link in links if link.is_lead), None)
            self.fields["lead"].initial = lead
            self.fields["members"].initial = [link.person_id for link in links if not link.is_lead]
            del self.fields["client_uuid"]
        else:
            self.fields["client_uuid"].initial = uuid.uuid4()

    def holders(self) -> list[tuple[Person, bool]]:
        lead = self.cleaned_data["lead"]
        others = [p for p in self.cleaned_data.get("members") or [] if p.pk != lead.pk]
        return [(lead, True), *((p, False) for p in others)]

    def dossier_data(self) -> dict:
        return {
            k: self.cleaned_data[k] for k in self._meta.fields if k != "programme" and k in self.cleaned_data
        }


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=DossierState.choices)
    version = forms.IntegerField()
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(StyledFormMixin, forms.Form):
    document_type = forms.ModelChoiceField(label=_("Document"), queryset=DocumentType.objects.all())
    file = forms.FileField(label=_("File (PDF, JPG, PNG, WEBP or DOCX)"))


class FinancingLineForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *FinancingKind.choices], required=False)
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=Organization.objects.all(), required=False)
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"dir": "ltr", "step": "0.01"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount of this line."))
        if data.get("amount") is not None and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of financing."))
        return data


FinancingFormSet = forms.formset_factory(FinancingLineForm, extra=2, max_num=12, validate_max=True)


class StudyForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("Result"), choices=StudyResult.choices)
    opinion = forms.CharField(
        label=_("Officer's opinion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.check_rows = []
        for check in checks:
            status = f"status_{check.item_id}"
            evidence = f"evidence_{check.item_id}"
            self.fields[status] = forms.ChoiceField(
                label=_("Status"), choices=CheckStatus.choices, initial=check.status
            )
            self.fields[status].widget.attrs["class"] = "form-select"
            self.fields[evidence] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=2000,
                initial=check.evidence,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.check_rows.append((check, status, evidence))

    def rows(self):
        return [(check, self[status], self[evidence]) for check, status, evidence in self.check_rows]

    def checks_data(self) -> dict[int, tuple[str, str]]:
        return {
            check.item_id: (self.cleaned_data[status], self.cleaned_data[evidence])
            for check, status, evidence in self.check_rows
        }
