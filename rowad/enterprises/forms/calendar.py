"""Forms of the legal follow-up calendar, the life events and the cross-enterprise
calendar's filters. They only shape the input: the services check it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.inputs import MAX_DB_INTEGER

from ..enums import ClosureReason, LifeEventKind, ObligationKind, StepState


class CompleteObligationForm(StyledFormMixin, forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class AddObligationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ObligationKind.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    label = forms.CharField(
        label=_("Obligation"),
        required=False,
        max_length=200,
        help_text=_("Required for an “other” obligation."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class LifeEventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=LifeEventKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", "—"), *ClosureReason.choices],
        help_text=_("Required when the enterprise closed."),
    )
    transferred_to = forms.CharField(
        label=_("New owner"),
        required=False,
        max_length=200,
        help_text=_("Required when the enterprise was transferred."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


STATE_CHOICES = [
    ("", _("Late or due soon")),
    (StepState.LATE, pgettext_lazy("obligation", "Late")),
    (StepState.DUE, pgettext_lazy("obligation", "To do")),
]


class CalendarFilterForm(StyledFormMixin, forms.Form):
    # Any province number is taken (the scope of the query decides what it shows).
    province = forms.IntegerField(
        label=_("Province"), required=False, widget=forms.Select, min_value=1, max_value=MAX_DB_INTEGER
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ObligationKind.choices]
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].widget.choices = [("", _("All")), *((p.pk, str(p)) for p in provinces)]

    def value(self, name: str):
        """The field's value when it is valid (an invalid one filters nothing)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None
