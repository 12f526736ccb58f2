"""Forms of the accounts pages: log in, staff management, password links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin
from rowad.core.models import Province

from . import access, queries
from .enums import Role
from .models import User


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


def _role_choices(user: Any) -> list[tuple[str, str]]:
    allowed = set(access.grantable_roles(user))
    return [(value, label) for value, label in Role.choices if value in allowed]


class StaffFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=None, required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = queries.organizations_managed_by(user)
        self.fields["q"].widget.attrs["placeholder"] = _("Name, user name or email")


class _GrantFields(StyledFormMixin, forms.Form):
    """Organization, role and provinces of one membership: the provinces offered are those
    of the chosen organization (the form is reloaded when it changes)."""

    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    role = forms.ChoiceField(label=_("Role"))
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"),
        queryset=Province.objects.none(),
        required=False,
        help_text=_("None chosen: every province the organization serves."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: Any, organization: Any = None, reload_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = queries.organizations_managed_by(user)
        self.fields["organization"].queryset = organizations
        if reload_url:  # choosing another organization reloads its provinces (htmx)
            self.fields["organization"].widget.attrs.update(
                {
                    "hx-get": reload_url,
                    "hx-trigger": "change",
                    "hx-target": "#grant-provinces",
                    "hx-select": "#grant-provinces",
                    "hx-swap": "outerHTML",
                }
            )
        self.fields["role"].choices = [("", "---------"), *_role_choices(user)]
        chosen = organization or self._chosen_organization(organizations)
        if chosen is not None:
            self.fields["provinces"].queryset = Province.objects.filter(
                pk__in=access.allowed_province_ids(user, chosen)
            ).order_by("country", "code")

    def _chosen_organization(self, organizations):
        key = (
            self.data.get(self.add_prefix("organization"))
            if self.is_bound
            else self.initial.get("organization")
        )
        if organizations.count() == 1:  # the usual organization administrator: no choice
            self.fields["organization"].empty_label = None
            if key in (None, ""):
                first = organizations.first()
                self.initial["organization"] = first.pk
                return first
        try:
            return organizations.filter(pk=int(getattr(key, "pk", key))).first()
        except (TypeError, ValueError):
            return None


class InviteForm(_GrantFields):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=User._meta.get_field("preferred_language").choices
    )

    field_order = [
        "email",
        "first_name",
        "last_name",
        "preferred_language",
        "organization",
        "role",
        "provinces",
    ]


class MembershipForm(_GrantFields):
    """Add a membership (organization chosen) or change one (organization fixed)."""

    def __init__(self, *args, membership: Any = None, **kwargs):
        if membership is not None:
            kwargs.setdefault("initial", {}).update(
                {"organization": membership.organization_id, "role": membership.role}
            )
            kwargs["organization"] = membership.organization
        super().__init__(*args, **kwargs)
        if membership is not None:
            self.fields["organization"].disabled = True
            self.fields["organization"].queryset = type(membership.organization).objects.filter(
                pk=membership.organization_id
            )
            self.initial["provinces"] = list(membership.provinces.values_list("pk", flat=True))
            if membership.role not in dict(self.fields["role"].choices):
                self.fields["role"].choices.append((membership.role, membership.get_role_display()))


class LinkPasswordForm(StyledFormMixin, SetPasswordForm):
    """The password chosen through an invitation or reset link."""


class SecondFactorCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
        help_text=_("The 6 digits your authenticator app shows now, or one of your backup codes."),
    )
