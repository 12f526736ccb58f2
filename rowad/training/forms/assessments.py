"""Forms of the assessments pages: a module's marks grid and a resit. The values are
checked by the services (`parse_mark`, `parse_checklist`): the forms only carry them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from rowad.core.forms import StyledFormMixin

from ..results import format_mark
from ..services.assessments import assessment_token

MARK_ATTRS = {"inputmode": "decimal", "dir": "ltr", "autocomplete": "off"}


def checklist_label(item: Any) -> str:
    """A checklist item ({"ar": …, "fr": …} or plain text) in the reader's language."""
    if not isinstance(item, dict):
        return str(item)
    arabic = (translation.get_language() or "ar")[:2] == "ar"
    first, second = ("ar", "fr") if arabic else ("fr", "ar")
    return item.get(first) or item.get(second) or ""


def checklist_choices(module: Any) -> list[tuple[str, str]]:
    return [(str(index), checklist_label(item)) for index, item in enumerate(module.checklist or [])]


def _checklist_field(module: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Checklist items met"),
        choices=checklist_choices(module),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class MarksForm(StyledFormMixin, forms.Form):
    """One row per enrolled trainee: the first mark, the checklist items met, a comment,
    and the version of the mark the page loaded (stale-edit check). Each value also
    travels as the page showed it (`show_hidden_initial`): a row counts as changed against
    what this user saw, not against what was saved since."""

    ROW_FIELDS = ("mark", "checklist", "comment")

    def __init__(self, *args: Any, module: Any, rows: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.module = module
        self.rows = rows
        has_checklist = bool(module.checklist)
        for row in rows:
            first = row.first
            pk = row.enrolment.pk
            self.fields[f"mark_{pk}"] = forms.CharField(
                label=_("Mark of %(name)s") % {"name": row.enrolment.person.display_name},
                required=False,
                max_length=10,
                initial=format_mark(first.mark) if first else "",
                widget=forms.TextInput(attrs=dict(MARK_ATTRS)),
                show_hidden_initial=True,
            )
            if has_checklist:
                self.fields[f"checklist_{pk}"] = _checklist_field(module)
                self.fields[f"checklist_{pk}"].initial = [str(i) for i in (first.checklist if first else [])]
                self.fields[f"checklist_{pk}"].show_hidden_initial = True
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=first.comment if first else "",
                widget=forms.TextInput(attrs={"class": "form-control"}),
                show_hidden_initial=True,
            )
            self.fields[f"loaded_{pk}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=assessment_token(first)
            )
        # The rows' fields are added after StyledFormMixin styled the declared ones: their
        # widgets carry their Bootstrap classes themselves.
        for name, field in self.fields.items():
            if name.startswith("mark_"):
                field.widget.attrs["class"] = "form-control form-control-lg text-center"
        for row in rows:
            pk = row.enrolment.pk
            row.mark = self[f"mark_{pk}"]
            row.checklist = self[f"checklist_{pk}"] if has_checklist else None
            # The checkboxes are drawn one by one: the values shown go in separately.
            row.checklist_shown = self._shown_checklist(row.checklist) if has_checklist else ""
            row.comment = self[f"comment_{pk}"]
            row.loaded = self[f"loaded_{pk}"]

    def _shown_checklist(self, bound: Any) -> str:
        """Hidden `initial-checklist_<id>` inputs (plain: no checkbox styling)."""
        name = bound.html_initial_name
        values = self.data.getlist(name) if self.is_bound and name in self.data else bound.initial
        return format_html_join("", '<input type="hidden" name="{}" value="{}">', ((name, v) for v in values))

    def _row_changed(self, row: Any, changed: set[str]) -> bool:
        return any(f"{name}_{row.enrolment.pk}" in changed for name in self.ROW_FIELDS)

    def rebased(self, rows: list[Any]) -> MarksForm:
        """After a stale edit: the same page on the marks saved meanwhile (`rows`). What
        this user changed stays typed (sending it again overwrites, knowingly); the rows
        they did not touch show the saved values."""
        changed = set(self.changed_data)
        touched = {row.enrolment.pk for row in self.rows if self._row_changed(row, changed)}
        fresh = MarksForm(module=self.module, rows=rows)
        data = self.data.copy()
        for row in rows:
            pk = row.enrolment.pk
            data[f"loaded_{pk}"] = fresh[f"loaded_{pk}"].initial
            for name in self.ROW_FIELDS:
                key = f"{name}_{pk}"
                if key not in fresh.fields:
                    continue
                saved = fresh[key].initial
                values = saved if isinstance(saved, list) else [saved]
                data.setlist(fresh.add_initial_prefix(key), values)
                if pk not in touched:
                    data.setlist(key, values)
        return MarksForm(data, module=self.module, rows=rows)

    def entries(self) -> dict[int, dict[str, Any]]:
        """The rows this user changed (a row left as the page showed it is not sent: a
        mark someone else saved meanwhile is neither overwritten nor a conflict)."""
        data = self.cleaned_data
        changed = set(self.changed_data)
        return {
            row.enrolment.pk: {
                "mark": data.get(f"mark_{row.enrolment.pk}", ""),
                "checklist": data.get(f"checklist_{row.enrolment.pk}", []),
                "comment": data.get(f"comment_{row.enrolment.pk}", ""),
                "loaded": data.get(f"loaded_{row.enrolment.pk}") or "",
            }
            for row in self.rows
            if not row.locked and self._row_changed(row, changed)
        }


class ResitForm(StyledFormMixin, forms.Form):
    mark = forms.CharField(
        label=_("Resit mark (out of 20)"), max_length=10, widget=forms.TextInput(attrs=dict(MARK_ATTRS))
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    attempt = forms.IntegerField(widget=forms.HiddenInput, min_value=2)

    def __init__(self, *args: Any, module: Any, attempt: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if module.checklist:
            self.fields["checklist"] = _checklist_field(module)
        self.fields["attempt"].initial = attempt
