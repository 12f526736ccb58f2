"""The filter bar of the figures pages. It only renders the choices (what the reader may
read); the engine (`engine.parse_filters`) reads and checks the request itself, so the
pages, exports and API refuse the same bad filters with the same messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.accounts.scope import Scope
from rowad.core.enums import CountryCode
from rowad.core.forms import DateInput, StyledFormMixin
from rowad.outreach.models import Campaign
from rowad.partners.models import Organization, Programme, Specialty

from .dimensions import DIMENSIONS
from .divisions import division_sets
from .engine import Filters
from .queries import provinces_readable


def _choices(pairs) -> list[tuple[str, str]]:
    return [("", _("All"))] + [(str(k), str(v)) for k, v in pairs]


class FiguresFilterForm(StyledFormMixin, forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=CountryCode.choices)
    province = forms.ChoiceField(label=_("Province"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    age_band = forms.ChoiceField(label=_("Age band"), required=False)

    def __init__(self, filters: Filters, scope: Scope, **kwargs: Any):
        initial = {code: str(keys[0]) for code, keys in filters.selected.items() if keys}
        initial.update({"country": filters.country, "from": filters.start, "to": filters.end})
        initial["divisions"] = filters.divisions
        super().__init__(initial=initial, **kwargs)
        self.fields["divisions"].choices = [(d.value, d.label) for d in division_sets(filters.country)]
        country = filters.country
        self.fields["province"].choices = _choices((p.pk, p) for p in provinces_readable(scope, country))
        self.fields["programme"].choices = _choices(
            (p.pk, p) for p in Programme.objects.filter(operator__country=country)
        )
        self.fields["campaign"].choices = _choices(
            (c.pk, c) for c in Campaign.objects.filter(country=country)
        )
        self.fields["partner"].choices = _choices(
            (o.pk, o) for o in Organization.objects.filter(country=country)
        )
        self.fields["specialty"].choices = _choices((s.pk, s) for s in Specialty.objects.all())
        self.fields["sex"].choices = _choices(DIMENSIONS["sex"].codes())
        self.fields["age_band"].choices = _choices(DIMENSIONS["age_band"].codes())


# The engine's parameter names: "from" is a Python keyword, so these are added to the
# declared fields here (and styled with the others by StyledFormMixin).
FiguresFilterForm.base_fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput)
FiguresFilterForm.base_fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput)
FiguresFilterForm.base_fields["divisions"] = forms.ChoiceField(label=_("Provinces shown by"), required=False)
