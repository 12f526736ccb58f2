"""The course catalogue: courses of a programme and their modules.

A course is managed by one membership that reaches it (`queries.courses_managed_by`: an
agency officer of the programme's operator, or an officer of the provider); creating one
needs such a membership too, checked on the saved row inside the transaction so a refused
write leaves nothing behind. Module writes lock their course: the sum of the modules'
hours never passes the course's hours, and the course's version moves with every change
to its modules (an edit of the course made on an older page is refused).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import DomainError

from ..enums import ErrorCode, ModuleKind
from ..models import Course, CourseModule

COURSE_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "name_en",
    "programme",
    "specialty",
    "provider",
    "description",
    "duration_days",
    "duration_hours",
    "requires_approved_dossier",
    "min_education",
    "min_attendance_rate",
    "min_mark",
    "absence_alert_after",
    "certificate_text_ar",
    "certificate_text_fr",
    "is_active",
)
MODULE_FIELDS = ("title_ar", "title_fr", "hours", "kind", "is_assessed", "min_mark", "checklist")


def _check_manages(actor: Any, course: Course) -> None:
    """The actor holds a managing membership that reaches the (saved) course."""
    from ..queries import courses_managed_by

    if not courses_managed_by(actor).filter(pk=course.pk).exists():
        raise DomainError(
            _(
                "None of your memberships allowed to manage training covers this programme's "
                "operator or this provider."
            ),
            code=ErrorCode.OUT_OF_SCOPE,
            status_code=403,
        )


def _module_hours(course: Course, *, exclude_pk: int | None = None) -> int:
    modules = course.modules.all()
    if exclude_pk is not None:
        modules = modules.exclude(pk=exclude_pk)
    return modules.aggregate(total=Sum("hours"))["total"] or 0


def _hours_error(course_hours: int, module_hours: int) -> DomainError:
    return DomainError(
        _("The modules add up to %(modules)s hours, more than the course's %(course)s hours.")
        % {"modules": module_hours, "course": course_hours},
        code=ErrorCode.MODULE_HOURS_EXCEED_COURSE,
        field="hours",
    )


def validate_course(data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    """The catalogue's rules for a course: the specialty is one the programme covers (when
    it lists any), the duration at least a day, the code free."""
    programme, specialty = data["programme"], data.get("specialty")
    if specialty is not None:
        covered = set(programme.specialties.values_list("pk", flat=True))
        if covered and specialty.pk not in covered:
            raise DomainError(
                _("The programme %(programme)s does not cover the specialty %(specialty)s.")
                % {"programme": programme.name, "specialty": specialty.name},
                code=ErrorCode.SPECIALTY_NOT_IN_PROGRAMME,
                field="specialty",
            )
    if (data.get("duration_days") or 0) < 1:
        raise DomainError(
            _("A course lasts at least one day."), code=ErrorCode.DURATION_TOO_SHORT, field="duration_days"
        )
    taken = Course.objects.filter(code=data["code"])
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("This code is already used by another course."), code=ErrorCode.CODE_TAKEN, field="code"
        )


def create_course(*, data: dict[str, Any], actor: Any) -> Course:
    """`data` holds `COURSE_FIELDS` (programme, specialty and provider as objects)."""
    validate_course(data)
    with transaction.atomic():
        course = Course(**{f: data[f] for f in COURSE_FIELDS if f in data})
        course._history_user = acting_user(actor)
        course.save()
        _check_manages(actor, course)
        record_action(
            "training.course.created",
            course,
            actor=actor,
            programme=course.programme_id,
            provider=course.provider_id,
        )
    return course


def update_course(course: Course, *, data: dict[str, Any], actor: Any, version: Any = None) -> Course:
    with transaction.atomic():
        locked = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
        check_version(
            locked.version,
            version,
            _("Someone else changed this course while you were editing. Review their changes and try again."),
        )
        _check_manages(actor, locked)
        merged = {f: data.get(f, getattr(locked, f)) for f in COURSE_FIELDS}
        validate_course(merged, exclude_pk=locked.pk)
        module_hours = _module_hours(locked)
        if module_hours > merged["duration_hours"]:
            raise _hours_error(merged["duration_hours"], module_hours)
        changed = [f for f in COURSE_FIELDS if f in data and getattr(locked, f) != data[f]]
        if changed:
            for field in changed:
                setattr(locked, field, data[field])
            locked.version += 1
            locked._history_user = acting_user(actor)
            locked.save()
            # The course may have moved out of the actor's reach (another programme or
            # provider): refused, nothing kept.
            _check_manages(actor, locked)
        record_action("training.course.updated", locked, actor=actor, fields=changed)
    return locked


def _clean_checklist(items: Any) -> list[dict[str, str]]:
    cleaned = []
    for item in items or []:
        ar, fr = (item.get("ar") or "").strip(), (item.get("fr") or "").strip()
        if ar or fr:
            cleaned.append({"ar": ar, "fr": fr})
    return cleaned


def _validate_module(data: dict[str, Any]) -> dict[str, Any]:
    if not (data.get("title_ar") or "").strip() and not (data.get("title_fr") or "").strip():
        raise DomainError(
            _("Give the module a title in Arabic or in French."),
            code=ErrorCode.TITLE_REQUIRED,
            field="title_ar",
        )
    if (data.get("hours") or 0) < 1:
        raise DomainError(_("A module lasts at least one hour."), code=ErrorCode.HOURS_TOO_FEW, field="hours")
    data = {**data, "checklist": _clean_checklist(data.get("checklist"))}
    if data["checklist"] and data.get("kind") != ModuleKind.PRACTICAL:
        raise DomainError(
            _("Only a practical module has an evaluation checklist."),
            code=ErrorCode.CHECKLIST_NOT_PRACTICAL,
            field="checklist",
        )
    return data


def _lock_course(course: Course, actor: Any) -> Course:
    locked = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
    _check_manages(actor, locked)
    return locked


def _bump(course: Course) -> None:
    """A module changed: the course's version moves (its page's edits are stale)."""
    Course.objects.filter(pk=course.pk).update(version=course.version + 1)
    course.version += 1


def add_module(course: Course, *, data: dict[str, Any], actor: Any) -> CourseModule:
    data = _validate_module(data)
    with transaction.atomic():
        locked = _lock_course(course, actor)
        total = _module_hours(locked) + data["hours"]
        if total > locked.duration_hours:
            raise _hours_error(locked.duration_hours, total)
        last = locked.modules.order_by("-position").values_list("position", flat=True).first()
        module = CourseModule(
            course=locked, position=(last or 0) + 1, **{f: data[f] for f in MODULE_FIELDS if f in data}
        )
        module._history_user = acting_user(actor)
        module.save()
        _bump(locked)
        record_action("training.module.added", locked, actor=actor, module=module.pk, hours=module.hours)
    return module


def update_module(
    module: CourseModule, *, data: dict[str, Any], actor: Any, version: Any = None
) -> CourseModule:
    with transaction.atomic():
        course = _lock_course(module.course, actor)
        locked = CourseModule.objects.select_for_update(of=("self",)).get(pk=module.pk)
        check_version(
            locked.updated_at,
            version,
            _("Someone else changed this module while you were editing. Review their changes and try again."),
        )
        merged = _validate_module({f: data.get(f, getattr(locked, f)) for f in MODULE_FIELDS})
        total = _module_hours(course, exclude_pk=locked.pk) + merged["hours"]
        if total > course.duration_hours:
            raise _hours_error(course.duration_hours, total)
        changed = [f for f in MODULE_FIELDS if getattr(locked, f) != merged[f]]
        if changed:
            for field in changed:
                setattr(locked, field, merged[field])
            locked._history_user = acting_user(actor)
            locked.save()
            _bump(course)
        record_action("training.module.updated", course, actor=actor, module=locked.pk, fields=changed)
    return locked


def remove_module(module: CourseModule, *, actor: Any) -> None:
    """A module already assessed keeps its marks: it cannot be removed."""
    with transaction.atomic():
        course = _lock_course(module.course, actor)
        locked = CourseModule.objects.select_for_update(of=("self",)).get(pk=module.pk)
        if locked.assessments.exists():
            raise DomainError(
                _("Trainees were already assessed in this module: it cannot be removed."),
                code=ErrorCode.MODULE_HAS_ASSESSMENTS,
            )
        record_action("training.module.removed", course, actor=actor, module=locked.pk, title=locked.title)
        locked._history_user = acting_user(actor)
        locked.delete()
        _bump(course)


def move_module(module: CourseModule, *, offset: int, actor: Any) -> CourseModule:
    """Move a module up (-1) or down (+1) in its course; positions are renumbered 1…n."""
    with transaction.atomic():
        course = _lock_course(module.course, actor)
        modules = list(course.modules.order_by("position", "id"))
        index = next(i for i, m in enumerate(modules) if m.pk == module.pk)
        target = min(max(index + offset, 0), len(modules) - 1)
        modules.insert(target, modules.pop(index))
        reorder_modules(course, order=[m.pk for m in modules], actor=actor)
    return CourseModule.objects.get(pk=module.pk)


def reorder_modules(course: Course, *, order: list[int], actor: Any) -> None:
    """Put the course's modules in `order` (every module's pk, once)."""
    with transaction.atomic():
        locked = _lock_course(course, actor)
        modules = {m.pk: m for m in locked.modules.select_for_update(of=("self",))}
        if sorted(order) != sorted(modules):
            raise DomainError(
                _("The new order must list every module of the course once."),
                code=ErrorCode.MODULE_ORDER_INVALID,
            )
        moved = []
        for position, pk in enumerate(order, start=1):
            module = modules[pk]
            if module.position != position:
                module.position = position
                module._history_user = acting_user(actor)
                module.save(update_fields=["position", "updated_at"])
                moved.append(pk)
        if moved:
            _bump(locked)
        record_action("training.module.reordered", locked, actor=actor, order=list(order))
