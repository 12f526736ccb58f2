"""Forms of formulas, plans and funder decisions. Amounts are parsed by Django's
DecimalField with the reader's separators (localize=True), never through a float."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.dossiers.enums import FinancingKind

from ..enums import Currency, Frequency, InterestBearer, LineDecision, PlanState
from ..models import MONEY_DIGITS, MONEY_PLACES
from ..services.formulas import FORMULA_FIELDS
from ..services.plans import TERM_FIELDS

LTR = {"dir": "ltr"}
KINDS = [("", "---------"), *FinancingKind.choices]


def money_field(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        localize=True,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
    )


def percent_field(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=6,
        decimal_places=3,
        localize=True,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
    )


class TermsMixin(forms.Form):
    repaid = forms.BooleanField(label=_("repaid"), required=False)
    term_months = forms.IntegerField(label=_("term in months"), required=False, min_value=1)
    grace_months = forms.IntegerField(label=_("grace period in months"), required=False, min_value=0)
    interest_rate = percent_field(_("annual interest rate (%)"))
    interest_borne_by = forms.ChoiceField(
        label=_("interest paid by"), choices=InterestBearer.choices, initial=InterestBearer.HOLDER
    )
    frequency = forms.ChoiceField(
        label=_("instalments"), choices=Frequency.choices, initial=Frequency.MONTHLY
    )

    def terms(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in TERM_FIELDS}
        data["grace_months"] = data["grace_months"] or 0
        return data


class FormulaForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("programme"), queryset=None)
    code = forms.SlugField(label=_("code"), max_length=60, widget=forms.TextInput(attrs=LTR))
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), required=False, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"})
    )
    name_fr = forms.CharField(
        label=_("Name (French)"), required=False, widget=forms.TextInput(attrs={"dir": "ltr", "lang": "fr"})
    )
    name_en = forms.CharField(
        label=_("Name (English)"), required=False, widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"})
    )
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_investment = money_field(_("minimum investment"))
    max_investment = money_field(_("maximum investment"))
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, programmes, instance=None, **kwargs: Any):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in FORMULA_FIELDS} | {
                "programme": instance.programme_id,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if instance is not None:
            self.fields["programme"].disabled = True

    def formula_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in FORMULA_FIELDS}


class FormulaPartForm(StyledFormMixin, TermsMixin):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Empty on the spare row of the formset: a row without a kind is left out.
    kind = forms.ChoiceField(label=_("kind"), choices=KINDS, required=False)
    funder = forms.ModelChoiceField(label=_("funder"), queryset=None, required=False)
    share = percent_field(_("share of the investment (%)"))
    cap = money_field(_("cap"))
    is_remainder = forms.BooleanField(label=_("takes the remainder"), required=False)

    def __init__(self, *args: Any, funders=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funders

    def part_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("id", "kind", "funder", "share", "cap", "is_remainder")
        }
        return data | self.terms()


FormulaPartFormSet = forms.formset_factory(FormulaPartForm, extra=1, can_delete=True)


def part_initial(part: Any) -> dict[str, Any]:
    return {
        "id": part.pk,
        "kind": part.kind,
        "funder": part.funder_id,
        "share": part.share,
        "cap": part.cap,
        "is_remainder": part.is_remainder,
        **{name: getattr(part, name) for name in TERM_FIELDS},
    }


class PlanLineForm(StyledFormMixin, TermsMixin):
    part = forms.TypedChoiceField(label=_("formula part"), required=False, coerce=int, empty_value=None)
    # Empty on the spare row of the formset: a row without a kind is left out.
    kind = forms.ChoiceField(label=_("kind"), choices=KINDS, required=False)
    funder = forms.ModelChoiceField(label=_("funder"), queryset=None, required=False)
    amount = money_field(_("amount requested"), required=True)
    deviation = forms.CharField(
        label=_("why it differs from the formula"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, parts=(), funders=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funders
        self.fields["part"].choices = [("", _("Outside the formula"))] + [
            (part.pk, f"{part.position + 1}. {part.get_kind_display()}") for part in parts
        ]

    def line_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name) for name in ("part", "kind", "funder", "amount", "deviation")
        }
        return data | self.terms()


PlanLineFormSet = forms.formset_factory(PlanLineForm, extra=1, can_delete=True)


def line_initial(line: Any) -> dict[str, Any]:
    return {
        "part": line.part_id,
        "kind": line.kind,
        "funder": line.funder_id,
        "amount": line.amount,
        "deviation": line.deviation,
        **{name: getattr(line, name) for name in TERM_FIELDS},
    }


class PlanVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SubmitPlanForm(StyledFormMixin, forms.Form):
    submitted_on = forms.DateField(label=_("submitted on"), widget=DateInput, initial=timezone.localdate)


DECISIONS = [
    (value, label)
    for value, label in LineDecision.choices
    if value in (LineDecision.APPROVED, LineDecision.REDUCED, LineDecision.REFUSED)
]


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=DECISIONS)
    decided_on = forms.DateField(label=_("date"), widget=DateInput, initial=timezone.localdate)
    amount = money_field(_("amount approved"))
    conditions = forms.CharField(
        label=_("conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reference = forms.CharField(label=_("funder's reference"), required=False, max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("state"), required=False, choices=[("", _("All")), *PlanState.choices])
    programme = forms.ModelChoiceField(
        label=_("programme"), required=False, queryset=None, empty_label=_("All")
    )

    def __init__(self, *args: Any, programmes, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
