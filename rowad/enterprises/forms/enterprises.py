"""Forms of the enterprise pages: the list's filter bar, recording the enterprise of a
dossier, correcting it, its owners, and marking a creation step done. The domain checks
(identifiers, owners, dates) are the services'; a service error is put back on its field
with `service_error`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.dossiers.models import DossierHolder
from rowad.partners.models import Specialty

from ..enums import EnterpriseStatus, LegalForm, MemberRole
from ..identifiers import IDENTIFIER_FIELDS, identifiers_for

LTR = {"dir": "ltr"}


def service_error(form: forms.Form, field: str | None, message: str) -> None:
    """Show a service's error on its field (or above the form), marked for screen readers."""
    name = field if field in form.fields else None
    form.add_error(name, message)
    if name:
        widget = form.fields[name].widget
        widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["aria-describedby"] = f"id_{form.add_prefix(name)}_error"


class EnterpriseFilterForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("programme"), required=False, queryset=None, empty_label=_("All")
    )
    province = forms.ModelChoiceField(
        label=_("province"), required=False, queryset=None, empty_label=_("All")
    )
    legal_form = forms.ChoiceField(
        label=_("legal form"), required=False, choices=[("", _("All")), *LegalForm.choices]
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All")), *EnterpriseStatus.choices]
    )
    created_year = forms.TypedChoiceField(label=_("created in"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, programmes, provinces, years, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["province"].queryset = provinces
        self.fields["created_year"].choices = [("", _("All")), *((y, str(y)) for y in years)]


class IdentifierFieldsMixin(forms.Form):
    """One text input per registration identifier of the country, with its example and
    whether its check digits are verified or only its format."""

    def add_identifier_fields(self, country: str, legal_form: str | None = None) -> None:
        self.identifier_names = []
        for identifier in identifiers_for(country, legal_form):
            check = _("check digits verified") if identifier.checksum else _("format checked only")
            # The example is left to right inside the (possibly Arabic) sentence.
            help_text = conditional_escape(str(_("For example %(example)s (%(check)s)."))) % {
                "example": format_html('<bdi dir="ltr">{}</bdi>', identifier.example),
                "check": conditional_escape(check),
            }
            if identifier.forms:
                help_text = f"{help_text} {conditional_escape(_('Cooperatives only.'))}"
            self.fields[identifier.field] = forms.CharField(
                label=identifier.label,
                required=False,
                max_length=40,
                help_text=mark_safe(help_text),  # its parts are escaped above  # nosec B308 B703
                widget=forms.TextInput(attrs=LTR | {"class": "form-control"}),
            )
            self.identifier_names.append(identifier.field)

    def identifier_values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in IDENTIFIER_FIELDS if name in self.fields}

    def identifier_fields(self) -> list:
        return [self[name] for name in self.identifier_names]


class OwnerFieldsMixin(forms.Form):
    """Per holder of the dossier: a role (blank: not an owner) and a share."""

    def add_owner_fields(self, dossier: Any, initial: dict[int, dict] | None = None) -> None:
        self.owner_rows = []
        links = (
            DossierHolder.objects.filter(dossier=dossier).select_related("person").order_by("-is_lead", "id")
        )
        for index, link in enumerate(links):
            person = link.person
            if initial is None:  # a new enterprise: the lead holder manages, the others are associates
                values = {"role": MemberRole.MANAGER if index == 0 else MemberRole.ASSOCIATE}
            else:
                values = initial.get(person.pk, {})
            role, share = f"owner_{person.pk}_role", f"owner_{person.pk}_share"
            self.fields[role] = forms.ChoiceField(
                label=_("role"),
                required=False,
                choices=[("", _("Not an owner")), *MemberRole.choices],
                initial=values.get("role", ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[share] = forms.DecimalField(
                label=_("share (%)"),
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                localize=True,
                initial=values.get("share"),
                widget=forms.TextInput(
                    attrs={"dir": "ltr", "inputmode": "decimal", "class": "form-control form-control-sm"}
                ),
            )
            self.owner_rows.append({"person": person, "role": self[role], "share": self[share]})
        self.members_error = ""

    def members(self) -> list[dict]:
        rows = []
        for row in self.owner_rows:
            pk = row["person"].pk
            role = self.cleaned_data.get(f"owner_{pk}_role")
            if role:
                rows.append({"person": pk, "role": role, "share": self.cleaned_data.get(f"owner_{pk}_share")})
        return rows


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EnterpriseCreateForm(StyledFormMixin, IdentifierFieldsMixin, OwnerFieldsMixin, VersionMixin):
    legal_form = forms.ChoiceField(label=_("legal form"), choices=[("", "---------"), *LegalForm.choices])
    name_ar = forms.CharField(
        label=_("name (Arabic)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_latin = forms.CharField(
        label=_("name (Latin)"), required=False, max_length=200, widget=forms.TextInput(attrs=LTR)
    )
    activity = forms.CharField(label=_("activity"), max_length=300)
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    address = forms.CharField(label=_("address"), required=False, max_length=300)
    created_on = forms.DateField(label=_("creation date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("note on the dossier"), required=False, max_length=500)

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.fields["version"].initial = dossier.version
        self.fields["specialty"].initial = dossier.specialty_id
        self.fields["activity"].initial = dossier.title
        self.add_identifier_fields(dossier.province.country_id)
        self.add_owner_fields(dossier)


class EnterpriseEditForm(StyledFormMixin, IdentifierFieldsMixin, VersionMixin):
    name_ar = forms.CharField(
        label=_("name (Arabic)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_latin = forms.CharField(
        label=_("name (Latin)"), required=False, max_length=200, widget=forms.TextInput(attrs=LTR)
    )
    activity = forms.CharField(label=_("activity"), max_length=300)
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    address = forms.CharField(label=_("address"), required=False, max_length=300)

    def __init__(self, *args: Any, enterprise: Any, **kwargs: Any):
        kwargs.setdefault(
            "initial",
            {
                "version": enterprise.version,
                "name_ar": enterprise.name_ar,
                "name_latin": enterprise.name_latin,
                "activity": enterprise.activity,
                "specialty": enterprise.specialty_id,
                "address": enterprise.address,
                **{name: getattr(enterprise, name) for name in IDENTIFIER_FIELDS},
            },
        )
        super().__init__(*args, **kwargs)
        self.add_identifier_fields(enterprise.country, enterprise.legal_form)


class MembersForm(StyledFormMixin, OwnerFieldsMixin, VersionMixin):
    def __init__(self, *args: Any, enterprise: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = enterprise.version
        current = {
            m.person_id: {"role": m.role, "share": m.share}
            for m in enterprise.members.filter(left_on__isnull=True)
        }
        self.add_owner_fields(enterprise.dossier, current)


class StepDoneForm(StyledFormMixin, forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DateInput, initial=timezone.localdate)
    reference = forms.CharField(label=_("document reference"), required=False, max_length=100)
    document = forms.FileField(
        label=_("document"),
        required=False,
        help_text=_("PDF, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
