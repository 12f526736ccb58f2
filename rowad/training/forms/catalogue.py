"""Forms of the course catalogue: a course and its modules."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.concurrency import version_token
from rowad.core.forms import StyledFormMixin

from ..models import Course, CourseModule
from ..services.catalogue import COURSE_FIELDS

LTR = {"dir": "ltr"}


class CourseForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Course
        fields = list(COURSE_FIELDS)
        widgets = {
            "code": forms.TextInput(attrs=LTR),
            "description": forms.Textarea(attrs={"rows": 3}),
            "certificate_text_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "certificate_text_fr": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "fr"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
        }

    def __init__(self, *args: Any, programmes, providers, specialties, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["provider"].queryset = providers
        self.fields["specialty"].queryset = specialties
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if not data.get("name_ar") and not data.get("name_fr"):
            self.add_error("name_fr", _("Give the course a name in Arabic or in French."))
        return data

    def course_data(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in COURSE_FIELDS if f in self.cleaned_data}


class ModuleForm(StyledFormMixin, forms.ModelForm):
    """A module; its practical checklist is typed one item a line, in Arabic and French
    side by side (the n-th lines are the same item)."""

    checklist_ar = forms.CharField(
        label=_("Checklist items (Arabic), one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
    )
    checklist_fr = forms.CharField(
        label=_("Checklist items (French), one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "fr"}),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CourseModule
        fields = ["title_ar", "title_fr", "hours", "kind", "is_assessed", "min_mark"]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            items = self.instance.checklist or []
            self.fields["checklist_ar"].initial = "\n".join(i.get("ar", "") for i in items)
            self.fields["checklist_fr"].initial = "\n".join(i.get("fr", "") for i in items)
            self.fields["version"].initial = version_token(self.instance.updated_at)

    def clean(self):
        data = super().clean()
        if not data.get("title_ar") and not data.get("title_fr"):
            self.add_error("title_fr", _("Give the module a title in Arabic or in French."))
        return data

    def module_data(self) -> dict[str, Any]:
        data = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        ar = (self.cleaned_data.get("checklist_ar") or "").splitlines()
        fr = (self.cleaned_data.get("checklist_fr") or "").splitlines()
        data["checklist"] = [
            {"ar": (a or "").strip(), "fr": (f or "").strip()} for a, f in zip_longest(ar, fr, fillvalue="")
        ]
        return data
