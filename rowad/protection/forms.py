from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin

from .enums import RequestKind


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Answer to the person"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class HolderRequestForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask?"), choices=RequestKind.choices)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a rectification, say what is wrong and what is right."),
    )
