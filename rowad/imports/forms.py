from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import CountryCode
from rowad.core.forms import StyledFormMixin

from .enums import ErrorCode, ImportMode, OptionalErrors
from .mapping import TARGET_FIELDS
from .services import MAX_UPLOAD_BYTES

ENCODING_CHOICES = [
    ("", _("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("cp1256", _("Arabic Windows (Windows-1256)")),
    ("latin-1", _("Western (Latin-1)")),
]


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV, Excel (XLSX) or a KoboToolbox/ODK export; the first line holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=120,
        help_text=_(
            "Where the rows come from (a form, a stop, a partner). The column mapping is remembered per source."
        ),
        widget=forms.TextInput(attrs={"list": "import-sources"}),
    )
    country = forms.ChoiceField(label=_("country"), choices=CountryCode.choices)
    province = forms.ModelChoiceField(
        label=_("default province"),
        queryset=None,
        required=False,
        help_text=_("Used for rows without a province."),
    )
    encoding = forms.ChoiceField(label=_("encoding"), choices=ENCODING_CHOICES, required=False)
    mode = forms.ChoiceField(label=_("mode"), choices=ImportMode.choices, initial=ImportMode.VALID_ROWS,
                             widget=forms.RadioSelect)  # fmt: skip
    on_optional_error = forms.ChoiceField(
        label=_("A problem in an optional field (phone, email, address, diploma, where first met)"),
        choices=OptionalErrors.choices,
        initial=OptionalErrors.WARN,
        required=False,  # left out: what suits the mode (warn in valid-rows mode)
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part."
                ),
                params={"size": upload.size // (1024 * 1024), "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
                code=ErrorCode.TOO_LARGE,
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province")
        if province is not None and cleaned.get("country") and province.country_id != cleaned["country"]:
            self.add_error("province", _("This province is not in the selected country."))
        return cleaned


class MappingForm(StyledFormMixin, forms.Form):
    """One select per person field, listing the file's columns."""

    mode = forms.ChoiceField(label=_("mode"), choices=ImportMode.choices, widget=forms.RadioSelect)
    on_optional_error = forms.ChoiceField(
        label=_("A problem in an optional field (phone, email, address, diploma, where first met)"),
        choices=OptionalErrors.choices,
        required=False,  # left out: unchanged
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, headers: list[str], samples: dict[str, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        samples = samples or {}
        choices = [("", "—")] + [(h, _option_label(h, samples.get(h, []))) for h in headers]
        for name, label in TARGET_FIELDS.items():
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    @classmethod
    def initial_for(cls, batch) -> dict:
        return {
            "mode": batch.mode,
            "on_optional_error": batch.on_optional_error,
            **{f"map_{f}": c for f, c in batch.mapping.items()},
        }

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"map_{name}", "")
            for name in TARGET_FIELDS
            if self.cleaned_data.get(f"map_{name}")
        }

    def clean(self):
        cleaned = super().clean()
        columns = [v for k, v in cleaned.items() if k.startswith("map_") and v]
        if not columns:
            raise forms.ValidationError(_("Map at least one column before importing."))
        if len(columns) != len(set(columns)):
            raise forms.ValidationError(_("Each column can feed only one field."))
        return cleaned


def _option_label(header: str, values: list[str]) -> str:
    """A column as offered in the mapping: its name and its first values."""
    if not values:
        return header
    return f"{header} — {' · '.join(values)}"
