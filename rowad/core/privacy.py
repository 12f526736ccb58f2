"""One registry of what refers to a person, and the engine that exports and erases it.

Each app declares, in `rowad/<app>/personal_data.py` (imported when the project starts,
like admin modules), one `Declaration` per model that refers to a person: which rows
belong to a person, which fields are exported, and how the rows are erased — deleted,
anonymised (fields emptied, the person's names and numbers scrubbed out of texts and
JSON), or kept because the law or the agency's retention obligations require it, with
the reason. History rows (django-simple-history) of a declared model get the same
treatment. `tests/core/test_personal_data_registry.py` fails when a model that refers to
a person has no declaration.

This module knows no app: the apps register themselves into it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import translation

DELETE = "delete"
ANONYMISE = "anonymise"
KEEP = "keep"
ERASED = "—"

RowsFn = Callable[[Any, dict[str, list]], QuerySet]


@dataclass(frozen=True)
class Declaration:
    """How one model's rows about a person are exported and erased.

    `person`: the ORM path from the model to the person (e.g. "registration__person"),
    or `rows(person, found)` for rows found otherwise (`found` maps the labels of the
    models already collected to their primary keys). `export`: the fields given to the
    person (empty: nothing worth exporting, say why in `note`). `erase`: DELETE,
    ANONYMISE (set `anonymise` fields, scrub the person's strings out of `scrub` fields)
    or KEEP (with `reason`; an anonymised row that stays gives its `reason` too, and
    is listed with what is kept). `erase_with(queryset, person, needles)` replaces the
    generic erasure; `files` are file fields whose files are deleted after commit."""

    model: str
    erase: str
    person: str = ""
    rows: RowsFn | None = None
    export: tuple[str, ...] = ()
    anonymise: Mapping[str, Any] = field(default_factory=dict)
    scrub: tuple[str, ...] = ()
    reason: Any = ""
    note: Any = ""
    files: tuple[str, ...] = ()
    erase_with: Callable[[QuerySet, Any, list[str]], None] | None = None
    order: int = 50

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def queryset(self, person: Any, found: dict[str, list]) -> QuerySet:
        if self.rows is not None:
            return self.rows(person, found)
        return self.model_class._default_manager.filter(**{self.person: person.pk}).distinct()


_REGISTRY: dict[str, Declaration] = {}


def register(*declarations: Declaration) -> None:
    for declaration in declarations:
        label = apps.get_model(declaration.model)._meta.label_lower
        if declaration.erase not in (DELETE, ANONYMISE, KEEP):
            raise ValueError(f"{label}: unknown erasure {declaration.erase!r}")
        if declaration.erase == KEEP and not declaration.reason:
            raise ValueError(f"{label}: a kept model must say why")
        _REGISTRY[label] = declaration


def declarations() -> list[Declaration]:
    return sorted(_REGISTRY.values(), key=lambda d: (d.order, d.model.lower()))


def declaration_for(model: type[models.Model]) -> Declaration | None:
    return _REGISTRY.get(model._meta.label_lower)


def base_of_history(model: type[models.Model]) -> type[models.Model] | None:
    """The model whose history `model` holds (simple-history), else None."""
    history_fk = next(
        (f for f in model._meta.concrete_fields if f.name == "history" and f.is_relation),
        None,
    )  # history of a many-to-many field: its rows belong to the parent's history
    if history_fk is not None:
        return base_of_history(history_fk.related_model)
    return getattr(model, "instance_type", None)


def covered(model: type[models.Model]) -> bool:
    base = base_of_history(model)
    return declaration_for(base or model) is not None


# --- collecting ------------------------------------------------------------------------


def collect(person: Any) -> list[tuple[Declaration, QuerySet]]:
    """Every declared model with its rows about `person`, in declaration order."""
    found: dict[str, list] = {}
    result = []
    for declaration in declarations():
        queryset = declaration.queryset(person, found)
        found[declaration.model_class._meta.label_lower] = list(queryset.values_list("pk", flat=True))
        result.append((declaration, queryset))
    return result


def _value(obj: models.Model, name: str) -> Any:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return [str(related) for related in getattr(obj, name).all()]
    value = getattr(obj, name)
    if model_field.choices and not model_field.is_relation:
        return str(getattr(obj, f"get_{name}_display")()) if value not in (None, "") else value
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and isinstance(model_field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if value else ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    record = {"id": obj.pk, **{n: _value(obj, n) for n in names}}
    history = getattr(obj, "history", None)
    if history is not None and hasattr(history, "model"):
        record["changes"] = [
            {
                "when": h.history_date.isoformat(),
                "type": h.get_history_type_display(),
                "by": str(h.history_user or ""),
            }
            for h in history.all()
        ]
    return record


def export(person: Any) -> dict[str, Any]:
    """Everything about `person` as plain data, labelled in their language."""
    language = getattr(person, "preferred_language", "") or "ar"
    sections = []
    with translation.override(language):
        for declaration, queryset in collect(person):
            if not declaration.export:
                continue
            model = declaration.model_class
            rows = [_record(obj, declaration.export) for obj in queryset]
            if not rows:
                continue
            sections.append(
                {
                    "key": model._meta.label_lower,
                    "title": str(model._meta.verbose_name_plural),
                    "labels": {n: _label(model, n) for n in declaration.export},
                    "records": rows,
                }
            )
    return {"person_id": person.pk, "language": language, "sections": sorted(sections, key=_section_order)}


def _label(model: type[models.Model], name: str) -> str:
    """A field's label; a relation without a label of its own takes its model's name."""
    model_field = model._meta.get_field(name)
    label = str(model_field.verbose_name)
    if model_field.is_relation and label == name.replace("_", " "):
        label = str(model_field.related_model._meta.verbose_name)
    return label


def _section_order(section: dict[str, Any]) -> tuple:
    """The person first, then the apps in their layer order, the audit log last."""
    labels = [c.label for c in apps.get_app_configs()]
    app_label = section["key"].split(".")[0]
    keys = list(_REGISTRY)
    if section["key"] == "people.person":
        return (0, 0, 0)
    if app_label == "core":
        return (2, 0, 0)
    return (1, labels.index(app_label) if app_label in labels else 99, keys.index(section["key"]))


# --- erasing ---------------------------------------------------------------------------


def needles_of(person: Any) -> list[str]:
    """The strings that identify the person, longest first (full names before parts)."""
    names = [
        " ".join(p for p in (person.given_name_ar, person.family_name_ar) if p),
        " ".join(p for p in (person.given_name_latin, person.family_name_latin) if p),
        person.given_name_ar,
        person.family_name_ar,
        person.given_name_latin,
        person.family_name_latin,
        person.national_id,
        person.phone,
        person.phone_alt,
        person.email,
        person.address,
    ]
    unique = {n.strip() for n in names if n and len(n.strip()) >= 3}
    return sorted(unique, key=len, reverse=True)


def _pattern(needles: Iterable[str]) -> re.Pattern | None:
    needles = sorted(set(needles), key=len, reverse=True)
    if not needles:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in needles) + r")(?!\w)")


def scrub(value: Any, needles: Iterable[str] | re.Pattern | None) -> Any:
    """`value` (text or JSON) with every needle, as a whole word, replaced by a dash."""
    pattern = needles if isinstance(needles, re.Pattern | type(None)) else _pattern(needles)
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, pattern) for k, v in value.items()}
    return value


def _history_model(model: type[models.Model]):
    history = getattr(model, "history", None)
    return getattr(history, "model", None) if history is not None else None


def _anonymise(queryset: QuerySet, declaration: Declaration, needles: list[str], pks: list) -> None:
    targets = [queryset.model._default_manager.filter(pk__in=pks)]
    historical = _history_model(queryset.model)
    if historical is not None:
        targets.append(historical._default_manager.filter(**{queryset.model._meta.pk.attname + "__in": pks}))
    for rows in targets:
        if declaration.anonymise:
            rows.update(**declaration.anonymise)
        if not declaration.scrub:
            continue
        for obj in rows.only(rows.model._meta.pk.attname, *declaration.scrub):
            changed = {n: scrub(getattr(obj, n), needles) for n in declaration.scrub}
            changed = {n: v for n, v in changed.items() if v != getattr(obj, n)}
            if changed:
                rows.model._default_manager.filter(pk=obj.pk).update(**changed)


def _scrub_history_reasons(historical, model, pks: list, needles: list[str]) -> None:
    """The reason of a history row often repeats a note (a state change's): scrub it."""
    pattern = _pattern(needles)
    rows = historical._default_manager.filter(**{model._meta.pk.attname + "__in": pks}).exclude(
        history_change_reason=None
    )
    for pk, reason in rows.values_list("pk", "history_change_reason"):
        cleaned = scrub(reason, pattern)
        if cleaned != reason:
            historical._default_manager.filter(pk=pk).update(history_change_reason=cleaned)


def _delete(queryset: QuerySet, declaration: Declaration, pks: list) -> list:
    files = []
    for obj in queryset.model._default_manager.filter(pk__in=pks):
        for name in declaration.files:
            stored = getattr(obj, name)
            if stored:
                files.append((stored.storage, stored.name))
    historical = _history_model(queryset.model)
    if historical is not None:
        historical._default_manager.filter(**{queryset.model._meta.pk.attname + "__in": pks}).delete()
    queryset.model._default_manager.filter(pk__in=pks).delete()
    return files


def erase(person: Any) -> dict[str, list[dict[str, Any]]]:
    """Run every declaration on `person`'s rows inside the caller's transaction; files
    are deleted after commit. Returns what was done and what was kept (and why), for the
    erasure record. The person's own row is anonymised by its declaration."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("erase() runs inside the caller's transaction")
    needles = needles_of(person)
    collected = [(d, q, list(q.values_list("pk", flat=True))) for d, q in collect(person)]
    done, kept, files = [], [], []
    for declaration, _queryset, pks in collected:
        label = declaration.model_class._meta.label_lower
        if not pks:
            continue
        entry = {"model": label, "count": len(pks), "action": declaration.erase}
        rows = declaration.model_class._default_manager.filter(pk__in=pks)
        if declaration.erase_with is not None:
            declaration.erase_with(rows, person, needles)
        elif declaration.erase == DELETE:
            files.extend(_delete(rows, declaration, pks))
        elif declaration.erase == ANONYMISE:
            _anonymise(rows, declaration, needles, pks)
        if declaration.erase != KEEP:
            done.append(entry)
        if declaration.reason:  # kept whole, or kept anonymised: say why
            kept.append({**entry, "reason": str(declaration.reason)})
        historical = _history_model(declaration.model_class)
        if historical is not None and declaration.erase != DELETE:
            _scrub_history_reasons(historical, declaration.model_class, pks, needles)
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return {"done": done, "kept": kept}


def text_q(field_name: str, needles: Iterable[str]) -> Q:
    """Rows whose text field contains one of the needles."""
    q = Q(pk__in=[])
    for needle in needles:
        q |= Q(**{f"{field_name}__contains": needle})
    return q
