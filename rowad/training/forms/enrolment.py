"""Forms of the enrolment pages: find a person, enrol them (from the registry, a
registration or an approved dossier), withdraw, choose a cohort for a dossier."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, national ID or phone"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        help_text=_("Arabic or Latin script: محمد finds Mohamed."),
    )


class _SubmissionMixin(forms.Form):
    """A hidden submission id: the same form sent twice enrols once."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["client_uuid"].initial = uuid.uuid4()


class PersonEnrolForm(_SubmissionMixin):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This person is not in the registry you may enrol from.")},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RegistrationEnrolForm(_SubmissionMixin):
    registration = forms.ModelChoiceField(
        label=_("Registration"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This registration is not one you may enrol from.")},
    )

    def __init__(self, *args: Any, registrations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations


class DossierEnrolForm(StyledFormMixin, forms.Form):
    dossier = forms.ModelChoiceField(
        label=_("Approved dossier"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose an approved dossier from the list.")},
    )

    def __init__(self, *args: Any, dossiers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = dossiers


class CohortChoiceForm(StyledFormMixin, forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a cohort open for enrolment from the list.")},
    )

    def __init__(self, *args: Any, cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda cohort: (
            f"{cohort.reference} · {cohort.course} · {cohort.province} · "
            f"{cohort.starts_on:%Y-%m-%d} – {cohort.ends_on:%Y-%m-%d}"
        )


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
