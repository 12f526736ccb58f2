"""Eligibility: the programme's rules (held as data on partners.Programme) evaluated
against a dossier and its holders, one line per rule: passed / failed / unknown and why.

Lines are stored on the dossier as data (rule, outcome, code, params) and described in
the reader's language when shown, so a French officer and an Arabic holder each read
the reason in their own language. Called by the services that change what it reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rowad.core.enums import EDUCATION_RANK, EducationLevel, EmploymentStatus

from .enums import DossierState, LegalForm, RuleOutcome

# States in which a dossier counts as aid received (for "no earlier aid of the same kind").
AID_STATES = (
    DossierState.APPROVED,
    DossierState.TO_FINANCING,
    DossierState.FINANCED,
    DossierState.COMPANY_CREATED,
)
# A cooperative needs at least this many members where the programme sets no higher
# minimum (Moroccan law 112-12: five founding members).
COOPERATIVE_MIN_MEMBERS = {"MA": 5}

RULE_LABELS = {
    "members": lambda: _("Number of holders"),
    "age": lambda: _("Age at submission"),
    "province": lambda: _("Province"),
    "target_category": lambda: _("Target category"),
    "education": lambda: _("Education level"),
    "employment": lambda: _("Unemployed status"),
    "prior_aid": lambda: _("No earlier aid of the same kind"),
    "specialty": lambda: _("Specialty"),
}


@dataclass(frozen=True)
class Line:
    rule: str
    outcome: str
    code: str
    params: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "outcome": self.outcome, "code": self.code, "params": self.params}


def _names(*objects: Any) -> dict[str, str]:
    """Multilingual names (joined) in each language, resolved when a line is read: the
    line is stored once and read in French, Arabic or English."""
    return {
        language: ", ".join(
            getattr(o, f"name_{language}", "") or o.name_fr or o.name_ar or o.name_en for o in objects
        )
        for language in ("ar", "fr", "en")
    }


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _combine(rule: str, per_person: list[tuple[str, str, dict]]) -> Line:
    """Fold one rule's per-holder results into a line: failed if any holder fails,
    unknown if any is unknown, else passed."""
    failed = [p for p in per_person if p[0] == RuleOutcome.FAILED]
    unknown = [p for p in per_person if p[0] == RuleOutcome.UNKNOWN]
    chosen = failed or unknown
    if chosen:
        outcome, code, params = chosen[0]
        params = dict(params, names=", ".join(p[2]["name"] for p in chosen))
        return Line(rule, outcome, code, params)
    if not per_person:
        return Line(rule, RuleOutcome.UNKNOWN, "no_holder", {})
    return Line(rule, RuleOutcome.PASSED, per_person[0][1], dict(per_person[0][2], names=""))


def members_range(dossier) -> tuple[int, int]:
    """How many holders the dossier may have: the programme's range, raised to the legal
    minimum for a cooperative."""
    minimum, maximum = dossier.programme.min_members, dossier.programme.max_members
    if dossier.legal_form == LegalForm.COOPERATIVE:
        minimum = max(minimum, COOPERATIVE_MIN_MEMBERS.get(dossier.province.country_id, 2))
        maximum = max(maximum, minimum)
    return minimum, maximum


def evaluate(dossier) -> list[Line]:
    programme = dossier.programme
    people = [link.person for link in dossier.holder_links.select_related("person").all()]
    on = timezone.localdate(dossier.submitted_at) if dossier.submitted_at else timezone.localdate()
    lines: list[Line] = []

    # Members
    minimum, maximum = members_range(dossier)
    count = len(people)
    params = {"count": count, "min": minimum, "max": maximum}
    if count < minimum:
        lines.append(Line("members", RuleOutcome.FAILED, "too_few", params))
    elif count > maximum:
        lines.append(Line("members", RuleOutcome.FAILED, "too_many", params))
    else:
        lines.append(Line("members", RuleOutcome.PASSED, "within", params))

    if programme.min_age is not None or programme.max_age is not None:
        results = []
        for person in people:
            name = person.display_name
            if not person.birth_date:
                results.append((RuleOutcome.UNKNOWN, "no_birth_date", {"name": name}))
                continue
            age = _age(person.birth_date, on)
            p = {"name": name, "age": age, "min": programme.min_age, "max": programme.max_age}
            if programme.min_age is not None and age < programme.min_age:
                results.append((RuleOutcome.FAILED, "too_young", p))
            elif programme.max_age is not None and age > programme.max_age:
                results.append((RuleOutcome.FAILED, "too_old", p))
            else:
                results.append((RuleOutcome.PASSED, "age_ok", p))
        lines.append(_combine("age", results))

    eligible_provinces = set(programme.provinces.values_list("pk", flat=True))
    if eligible_provinces:
        p = {"province": _names(dossier.province)}
        outcome = RuleOutcome.PASSED if dossier.province_id in eligible_provinces else RuleOutcome.FAILED
        lines.append(Line("province", outcome, "province_" + outcome, p))

    categories = {c.pk: c for c in programme.target_categories.all()}
    if categories:
        results = []
        for person in people:
            own = set(person.target_categories.values_list("pk", flat=True))
            name = person.display_name
            if own & set(categories):
                results.append((RuleOutcome.PASSED, "in_category", {"name": name}))
            elif not own:
                results.append((RuleOutcome.UNKNOWN, "no_category", {"name": name}))
            else:
                results.append((RuleOutcome.FAILED, "not_in_category", {"name": name}))
        line = _combine("target_category", results)
        line.params["categories"] = _names(*categories.values())
        lines.append(line)

    if programme.min_education:
        required = EDUCATION_RANK[programme.min_education]
        label = programme.min_education  # a code: its label is read in the reader's language
        results = []
        for person in people:
            name = person.display_name
            if not person.education_level:
                results.append((RuleOutcome.UNKNOWN, "no_education", {"name": name, "level": label}))
            elif EDUCATION_RANK.get(person.education_level, -1) >= required:
                results.append((RuleOutcome.PASSED, "education_ok", {"name": name, "level": label}))
            else:
                results.append((RuleOutcome.FAILED, "education_low", {"name": name, "level": label}))
        lines.append(_combine("education", results))

    if programme.requires_unemployed:
        results = []
        for person in people:
            name = person.display_name
            if not person.employment_status:
                results.append((RuleOutcome.UNKNOWN, "no_employment", {"name": name}))
            elif person.employment_status == EmploymentStatus.UNEMPLOYED:
                results.append((RuleOutcome.PASSED, "unemployed", {"name": name}))
            else:
                results.append((RuleOutcome.FAILED, "not_unemployed", {"name": name}))
        lines.append(_combine("employment", results))

    if programme.excludes_prior_aid:
        from .models import DossierHolder

        aided = set(
            DossierHolder.objects.filter(person__in=people, dossier__state__in=AID_STATES)
            .exclude(dossier=dossier)
            .values_list("person_id", flat=True)
        )
        results = [
            (
                RuleOutcome.FAILED if person.pk in aided else RuleOutcome.PASSED,
                "prior_aid" if person.pk in aided else "no_prior_aid",
                {"name": person.display_name},
            )
            for person in people
        ]
        lines.append(_combine("prior_aid", results))

    specialties = {s.pk: s for s in programme.specialties.all()}
    if specialties:
        if dossier.specialty_id is None:
            lines.append(Line("specialty", RuleOutcome.UNKNOWN, "no_specialty", {}))
        elif dossier.specialty_id in specialties:
            lines.append(
                Line(
                    "specialty", RuleOutcome.PASSED, "specialty_ok", {"specialty": _names(dossier.specialty)}
                )
            )
        else:
            lines.append(
                Line(
                    "specialty",
                    RuleOutcome.FAILED,
                    "specialty_other",
                    {"specialty": _names(dossier.specialty)},
                )
            )
    return lines


def overall(lines: list[Line] | list[dict]) -> str:
    outcomes = {line["outcome"] if isinstance(line, dict) else line.outcome for line in lines}
    if RuleOutcome.FAILED in outcomes:
        return RuleOutcome.FAILED
    if RuleOutcome.UNKNOWN in outcomes:
        return RuleOutcome.UNKNOWN
    return RuleOutcome.PASSED


def _resolve(key: str, value: Any) -> Any:
    """A stored value in the active language: names kept in every language, an education
    level code. Lines stored before (a name in one language) are shown as they are."""
    if isinstance(value, dict):
        language = (translation.get_language() or "ar")[:2]
        return value.get(language) or value.get("fr") or value.get("ar") or ""
    if key == "level" and value in EDUCATION_RANK:
        return str(EducationLevel(value).label)
    return value


def describe(line: dict, *, html: bool = False) -> dict[str, str]:
    """A stored line in the active language: {"rule", "outcome", "label", "reason"}.
    With html=True the reason is safe HTML with numbers wrapped in <bdi dir="ltr"> (so
    they keep their order inside Arabic text) and names escaped."""
    p = {key: _resolve(key, value) for key, value in (line.get("params") or {}).items()}
    if html:
        p = {
            k: format_html('<bdi dir="ltr">{}</bdi>', v)
            if isinstance(v, int | float)
            else conditional_escape(v)
            for k, v in p.items()
        }
    names = p.get("names", "")
    reasons = {
        "too_few": lambda: _("%(count)s holder(s); the programme needs at least %(min)s.") % p,
        "too_many": lambda: _("%(count)s holder(s); the programme accepts at most %(max)s.") % p,
        "within": lambda: _("%(count)s holder(s), between %(min)s and %(max)s.") % p,
        "no_birth_date": lambda: _("Birth date not recorded: %(names)s.") % {"names": names},
        "too_young": lambda: (
            _("Younger than %(min)s at submission: %(names)s.") % {"min": p.get("min"), "names": names}
        ),
        "too_old": lambda: (
            _("Older than %(max)s at submission: %(names)s.") % {"max": p.get("max"), "names": names}
        ),
        "age_ok": lambda: _("Every holder's age is within the programme's range."),
        "province_passed": lambda: _("%(province)s is covered by the programme.") % p,
        "province_failed": lambda: _("%(province)s is not covered by the programme.") % p,
        "in_category": lambda: _("Every holder belongs to a target category."),
        "no_category": lambda: _("Target category not recorded: %(names)s.") % {"names": names},
        "not_in_category": lambda: (
            _("Not in the programme's target categories (%(categories)s): %(names)s.")
            % {"categories": p.get("categories", ""), "names": names}
        ),
        "no_education": lambda: _("Education level not recorded: %(names)s.") % {"names": names},
        "education_ok": lambda: _("Every holder has at least: %(level)s.") % p,
        "education_low": lambda: (
            _("Below the required level (%(level)s): %(names)s.") % {"level": p.get("level"), "names": names}
        ),
        "no_employment": lambda: _("Employment status not recorded: %(names)s.") % {"names": names},
        "unemployed": lambda: _("Every holder is unemployed."),
        "not_unemployed": lambda: _("Not unemployed: %(names)s.") % {"names": names},
        "prior_aid": lambda: _("Already aided by an approved dossier: %(names)s.") % {"names": names},
        "no_prior_aid": lambda: _("No earlier aid recorded for the holders."),
        "no_specialty": lambda: _("No specialty chosen yet."),
        "specialty_ok": lambda: _("%(specialty)s is one of the programme's specialties.") % p,
        "specialty_other": lambda: _("%(specialty)s is not one of the programme's specialties.") % p,
        "no_holder": lambda: _("No holder yet."),
    }
    reason = reasons.get(line.get("code", ""), lambda: "")()
    if html:
        # The catalogue's templates are ours (no markup); every interpolated value was
        # escaped or wrapped above.
        reason = mark_safe(reason)  # nosec B308 B703
    label = RULE_LABELS.get(line.get("rule", ""), lambda: line.get("rule", ""))()
    return {
        "rule": line.get("rule", ""),
        "outcome": line.get("outcome", ""),
        "label": label,
        "reason": reason,
    }
