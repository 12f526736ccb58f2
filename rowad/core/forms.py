"""Form helpers shared by every app: Bootstrap classes and accessible error wiring."""

from __future__ import annotations

from django import forms


class StyledFormMixin:
    """Adds Bootstrap classes, and marks invalid fields with aria-invalid and
    aria-describedby so screen readers read the error next to the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        for name, field in self.fields.items():
            choose_keyboard(name, field)

    def full_clean(self):
        super().full_clean()
        # Mark fields once errors are known (never in __init__: subclasses still have to
        # set querysets before the form validates).
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_error"


PHONE_FIELD_WORDS = ("phone", "mobile")


def choose_keyboard(name: str, field: forms.Field) -> None:
    """The keyboard a phone opens for the field: the phone keypad for phone numbers, the
    decimal keypad for amounts and scores (as text, so 14.50 is never cut to 14 by a
    number input's step or locale). Attributes a form sets itself are kept."""
    widget = field.widget
    if isinstance(widget, forms.HiddenInput) or "inputmode" in widget.attrs:
        return
    if isinstance(field, forms.DecimalField) and isinstance(widget, forms.NumberInput):
        field.widget = DecimalInput(attrs={**widget.attrs})
        field.widget.is_required = widget.is_required
        for attribute in ("step", "min", "max"):
            field.widget.attrs.pop(attribute, None)
    elif type(widget) is forms.TextInput and any(word in name for word in PHONE_FIELD_WORDS):
        widget.input_type = "tel"
        widget.attrs.update({"inputmode": "tel", "dir": "ltr"})
    elif isinstance(widget, forms.NumberInput):
        widget.attrs.setdefault("inputmode", "numeric")


class DecimalInput(forms.TextInput):
    """A decimal number typed as text: the decimal keypad, left to right, and a comma read
    as the decimal mark ("14,50" is 14.50)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "dir": "ltr", "autocomplete": "off", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str) and "." not in value:
            value = value.replace(",", ".")
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
