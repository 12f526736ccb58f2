"""Forms of the accompaniment pages: assigning a mentor, a session with the holders and
a visit recorded on a phone (large inputs, numeric keyboards, ticked difficulties and
needs). Phone forms carry a hidden client key drawn when the form is shown, so a double
submit stores one row. The services check everything again (the API skips these forms)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.people.models import Person

from ..caseload import mentors_for_dossier
from ..enums import Difficulty, Need, SessionPhase, TurnoverBand
from ..queries import topics_for

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*", "min": "0", "dir": "ltr", "autocomplete": "off"}


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class TopicChoiceField(forms.ModelChoiceField):
    """A topic, with the phase it is meant for when it has one."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_phase_display()})" if obj.phase else str(obj)


class AssignForm(StyledFormMixin, forms.Form):
    mentor = MentorChoiceField(label=_("Mentor"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors_for_dossier(dossier)
        self.fields["mentor"].widget.attrs["id"] = f"id_mentor_{dossier.pk}"
        self.fields["reason"].widget.attrs["id"] = f"id_reason_{dossier.pk}"


class VisitForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    operating = forms.BooleanField(label=_("The enterprise is operating"), required=False)
    permanent_men = forms.IntegerField(
        label=_("Permanent jobs, men"), min_value=0, widget=forms.NumberInput(attrs=NUMERIC)
    )
    permanent_women = forms.IntegerField(
        label=_("Permanent jobs, women"), min_value=0, widget=forms.NumberInput(attrs=NUMERIC)
    )
    seasonal_men = forms.IntegerField(
        label=_("Seasonal jobs, men"), min_value=0, widget=forms.NumberInput(attrs=NUMERIC)
    )
    seasonal_women = forms.IntegerField(
        label=_("Seasonal jobs, women"), min_value=0, widget=forms.NumberInput(attrs=NUMERIC)
    )
    turnover_band = forms.ChoiceField(
        label=_("Yearly turnover"), choices=[("", "—"), *TurnoverBand.choices], required=False
    )
    difficulties = forms.MultipleChoiceField(
        label=_("Difficulties"),
        choices=Difficulty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, enterprise: Any, **kwargs: Any):
        initial = {
            "visited_on": timezone.localdate(),
            "operating": True,
            "client_uuid": uuid.uuid4(),
            "permanent_men": enterprise.permanent_men,
            "permanent_women": enterprise.permanent_women,
            "seasonal_men": enterprise.seasonal_men,
            "seasonal_women": enterprise.seasonal_women,
            "turnover_band": enterprise.turnover_band,
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name in ("visited_on", "turnover_band", "notes"):
            self.fields[name].widget.attrs["class"] += (
                " form-control-lg" if name != "turnover_band" else " form-select-lg"
            )
        for name in ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women"):
            self.fields[name].widget.attrs["class"] += " form-control-lg"


class SessionForm(StyledFormMixin, forms.Form):
    topic = TopicChoiceField(label=_("Topic"), queryset=None)
    held_on = forms.DateField(label=_("Date of the session"), widget=DateInput())
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("Automatic (after creation once the enterprise exists)")), *SessionPhase.choices],
        required=False,
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Holders present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_session_on = forms.DateField(label=_("Next session"), required=False, widget=DateInput())
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"held_on": timezone.localdate(), "client_uuid": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics_for(dossier.programme)
        self.fields["attendees"].queryset = Person.objects.filter(dossier_links__dossier=dossier)
