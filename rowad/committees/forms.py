from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin

from .enums import Decision, VoteChoice
from .models import CommitteeSession


class SessionFilterForm(StyledFormMixin, forms.Form):
    """Narrow the session list to the sessions one home queue counts."""

    TO_ANNOUNCE = "to_announce"
    UPCOMING = "upcoming"
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All sessions")),
            (TO_ANNOUNCE, _("Decisions to announce")),
            (UPCOMING, _("Upcoming sessions")),
        ],
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class SessionForm(StyledFormMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None, required=False)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    class Meta:
        model = CommitteeSession
        fields = ["organization", "programme", "title", "held_at", "place", "video_link", "quorum"]
        widgets = {"held_at": DateTimeInput()}

    def __init__(self, *args, organizations, programmes, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["programme"].queryset = programmes
        self.fields["members"].queryset = members
        self.fields["chair"].queryset = members
        self.fields["held_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.is_bound:
            self.fields["client_uuid"].initial = uuid.uuid4()
            if organizations.count() == 1:
                self.fields["organization"].initial = organizations.first()
            self.fields["members"].initial = list(members)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("video_link"):
            self.add_error("place", _("Give a place or a video link."))
        members = data.get("members") or []
        quorum = data.get("quorum")
        if members and quorum and quorum > len(members):
            self.add_error("quorum", _("The quorum cannot exceed the number of members."))
        chair = data.get("chair")
        if chair and chair not in members:
            self.add_error("chair", _("The chair must be one of the members."))
        return data


class AgendaForm(StyledFormMixin, forms.Form):
    dossier = forms.ModelChoiceField(label=_("Dossier ready for committee"), queryset=None)

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = dossiers


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reasons = forms.CharField(
        label=_("Reasons"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, voters, item, **kwargs):
        kwargs.setdefault("prefix", f"item{item.pk}")
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        existing = {v.member_id: v.choice for v in item.votes.all()}
        for user in self.voters:
            self.fields[f"vote_{user.pk}"] = forms.ChoiceField(
                label=str(user),
                choices=[("", "—"), *VoteChoice.choices],
                required=False,
                initial=existing.get(user.pk, ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        if not self.is_bound:
            self.fields["decision"].initial = item.decision or None
            self.fields["reasons"].initial = item.reasons
            self.fields["version"].initial = item.version

    def vote_fields(self):
        return [self[f"vote_{user.pk}"] for user in self.voters]

    def votes(self) -> dict[int, str]:
        return {user.pk: self.cleaned_data.get(f"vote_{user.pk}", "") for user in self.voters}


class EvaluationForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, evaluation, criteria, scale_max, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        stored = {s.criterion_id: s for s in evaluation.scores.all()}
        for criterion in self.criteria:
            score = stored.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                required=False,
                max_length=20,
                initial=score.value if score else "",
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "dir": "ltr", "class": "form-control score-input"}
                ),
                help_text=_("from 0 to %(max)s · weight %(weight)s")
                % {"max": scale_max, "weight": criterion.weight},
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=500, initial=score.comment if score else ""
            )
        if not self.is_bound:
            self.fields["comment"].initial = evaluation.comment
            self.fields["version"].initial = evaluation.version

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}", ""), self.cleaned_data.get(f"note_{c.pk}", ""))
            for c in self.criteria
        }


class DelegationForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    delegate = forms.ModelChoiceField(label=_("Delegate"), queryset=None)
    decisions = forms.MultipleChoiceField(
        label=_("Decisions allowed"),
        choices=Decision.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    max_amount = forms.DecimalField(
        label=_("Highest investment"), min_value=0, max_digits=14, decimal_places=2
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason for the delegation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example an emergency, or small amounts the programme lets one person decide."),
    )

    def __init__(self, *args, programmes, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["delegate"].queryset = delegates


class RevokeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the revocation"), widget=forms.Textarea(attrs={"rows": 2}))


class DelegatedDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=(),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(d, Decision(d).label) for d in Decision.values if d in decisions]


class GridForm(StyledFormMixin, forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    scale_max = forms.IntegerField(label=_("highest score"), min_value=1, max_value=100, initial=20)
    show_evaluator_names = forms.BooleanField(
        label=_("the committee sees the evaluators' names"), required=False
    )


class CriterionForm(StyledFormMixin, forms.Form):
    code = forms.SlugField(
        label=_("code"), max_length=60, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    name_ar = forms.CharField(
        label=_("name (Arabic)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_fr = forms.CharField(
        label=_("name (French)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
    )
    weight = forms.DecimalField(
        label=_("weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2, required=False
    )


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[dict]:
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("code"):
                continue
            rows.append(
                {k: data.get(k) or "" for k in ("code", "name_ar", "name_fr")}
                | {"weight": data.get("weight")}
            )
        return rows

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not (data.get("code") or data.get("name_fr") or data.get("name_ar")):
                continue
            if not data.get("code"):
                form.add_error("code", _("Give the criterion a code."))
            if data.get("weight") in (None, ""):
                form.add_error("weight", _("Give the criterion a weight."))


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=0, can_delete=True, max_num=50, validate_max=True
)
