"""Scoped reads of the people registry. Views, exports, the API and the admin use these."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.text import normalize_text, prefix_upper_bound, query_keys
from rowad.core.validators import normalize_national_id

from .models import Person, PersonNameKey

# Roles that read the registry; their province scope decides which people they see.
REGISTRY_READERS = (
    Role.AGENCY_OFFICER,
    Role.FIELD_AGENT,
    Role.DIRECTOR,
    Role.ASSOCIATION_REP,
    Role.MENTOR,
)
DIGITS = re.compile(r"\d")


def people_visible_to(user: Any, *, roles: Iterable[str] | None = None) -> QuerySet[Person]:
    """People in the provinces where the user reads the registry, or registered by one of
    the user's organizations; a project holder sees only themself. Province and
    organization come from the same membership; with `roles`, only the memberships holding
    one of them count (the people the user may act on in those roles)."""
    scope = scope_for(user)
    base = Person.objects.filter(merged_into__isnull=True).select_related("province")
    if scope.is_platform_admin:
        return base
    readers = tuple(r for r in REGISTRY_READERS if roles is None or r in roles)
    condition = Q(pk__in=[])
    if readers and scope.grants_for(*readers):
        condition |= scope.reach_q(*readers, province="province_id", organization="organization_id")
    if scope.person_id and roles is None:
        condition |= Q(pk=scope.person_id)
    return base.filter(condition)


def search_people(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Cross-script search: every word of the query must prefix-match a name key of the
    person (محمد finds Mohamed; benali finds Ben Ali and بن علي). A query that looks like a
    phone or an ID matches those exactly."""
    text = (text or "").strip()
    if not text:
        return queryset
    if len(DIGITS.findall(text)) >= 6:
        digits = re.sub(r"\D", "", normalize_text(text))
        national_id = normalize_national_id(text)
        return queryset.filter(
            Q(national_id=national_id) | Q(phone__endswith=digits[-9:]) | Q(phone_alt__endswith=digits[-9:])
        )
    keys = query_keys(text)
    if not keys:
        return queryset.filter(sort_name__icontains=normalize_text(text))
    matching = _ids_matching_all(keys)
    if len(keys) > 1:
        # "ben ali" typed as two words also matches the joined key "bnl" of "Benali".
        matching = matching.union(_ids_matching_all(["".join(keys)]))
    return queryset.filter(pk__in=matching)


def _ids_matching_all(keys: list[str]) -> QuerySet:
    """Person ids having, for every key, a name key starting with it. The search starts
    from the longest (most selective) key's index range and checks the others per
    candidate, so it never scans the person table."""
    ordered = sorted(keys, key=len, reverse=True)
    ids = PersonNameKey.objects.filter(_key_range(ordered[0]))
    for key in ordered[1:]:
        ids = ids.filter(
            Exists(PersonNameKey.objects.filter(_key_range(key), person_id=OuterRef("person_id")))
        )
    return ids.values("person_id")


def _key_range(prefix: str) -> Q:
    return Q(key__gte=prefix, key__lt=prefix_upper_bound(prefix))


def person_with_national_id(country: str, national_id: str) -> Person | None:
    """Unscoped existence check used to refuse duplicates; callers must not reveal the
    returned person's data to a user who cannot see it."""
    if not national_id:
        return None
    return Person.objects.filter(country=country, national_id=normalize_national_id(national_id)).first()


def provinces_for_registry(user: Any, *, roles: Iterable[str] | None = None, including: Any = None):
    """Provinces of the user's registry-reader memberships; with `roles`, of the memberships
    holding one of them (where the user may register or move people in those roles).
    `including`: a province id kept in the list (an edited record's current province)."""
    from rowad.core.models import Province

    scope = scope_for(user)
    qs = Province.objects.select_related("country")
    if scope.is_platform_admin:
        return qs
    wanted = tuple(r for r in REGISTRY_READERS if roles is None or r in roles)
    condition = scope.reach_q(*wanted, province="pk") if wanted else Q(pk__in=[])
    if including is not None:
        condition |= Q(pk=including)
    return qs.filter(condition)


def filter_people(
    queryset: QuerySet[Person], *, q: str = "", province=None, sex: str = "", education_level: str = ""
):
    if province:
        queryset = queryset.filter(province=province)
    if sex:
        queryset = queryset.filter(sex=sex)
    if education_level:
        queryset = queryset.filter(education_level=education_level)
    return search_people(queryset, q)


def contact_consent_given(person: Person, channel: str) -> bool:
    """Whether the person may be contacted on `channel` now: the newest contact consent
    record that covers this channel (its own or every channel) was given. No record, no
    contact."""
    from .models import ConsentRecord

    latest = (
        ConsentRecord.objects.filter(person=person, purpose=ConsentRecord.Purpose.CONTACT)
        .filter(Q(channel="") | Q(channel=channel))
        .order_by("-recorded_on", "-id")
        .values_list("given", flat=True)
        .first()
    )
    return bool(latest)


# --- Consents ---------------------------------------------------------------------------


def sharing_withdrawn(organizations: Any, *, person: str = "pk") -> Q:
    """THE test of what may go to a partner organization. A condition on any queryset
    whose `person` path leads to a Person (e.g. "pk", "person", "holders__person"): the
    person's newest sharing record that covers one of `organizations` (an organization,
    an id, or several) — naming that organization, or no partner (every partner) — is a
    withdrawal. A consent to share with partner A says nothing of partner B. Views, pages
    and exports that show people to a partner exclude (or mask) what this matches."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce
    from django.db.models.lookups import Exact

    from .models import ConsentRecord

    if isinstance(organizations, int | str) or hasattr(organizations, "pk"):
        organizations = [organizations]
    condition = Q(pk__in=[])
    for organization in organizations:
        org_id = getattr(organization, "pk", organization)
        newest = (
            ConsentRecord.objects.filter(person=OuterRef(person), purpose=ConsentRecord.Purpose.SHARING)
            .filter(Q(partner__isnull=True) | Q(partner=org_id))
            .order_by("-recorded_on", "-id")
            .values("given")[:1]
        )
        # No record: not withdrawn (Coalesce, so that exclude() keeps those people).
        condition |= Q(Exact(Coalesce(Subquery(newest), Value(True)), False))
    return condition


def consent_history(person: Person) -> list[dict[str, Any]]:
    """The person's consent records grouped per purpose (and per partner for sharing),
    newest first, each group with whether its newest record is a consent: what the
    person page and the portal's "my consents" show."""
    from .models import ConsentRecord
    from .notices import notice_for

    records = ConsentRecord.objects.filter(person=person).select_related("recorded_by", "partner")
    groups: dict[tuple[str, int | None], dict[str, Any]] = {}
    labels = dict(ConsentRecord.Purpose.choices)
    for purpose in ConsentRecord.Purpose.values:
        if purpose != ConsentRecord.Purpose.SHARING:
            groups[(purpose, None)] = {
                "purpose": purpose,
                "label": labels[purpose],
                "partner": None,
                "records": [],
            }
    for record in records.order_by("-recorded_on", "-id"):
        key = (record.purpose, record.partner_id)
        group = groups.setdefault(
            key,
            {
                "purpose": record.purpose,
                "label": labels[record.purpose],
                "partner": record.partner,
                "records": [],
            },
        )
        record.notice = notice_for(record.purpose, record.notice_version)
        group["records"].append(record)
    for group in groups.values():
        group["given"] = bool(group["records"]) and group["records"][0].given
    return list(groups.values())


def partner_recipients(purpose: Any) -> list[str]:
    """The partner organizations that actually receive a purpose's data (the processing
    register, rowad.core.register): for sharing, those named in a consent that is still
    given; otherwise the organizations (other than agencies) with an active member in one
    of the purpose's partner roles."""
    from rowad.partners.enums import OrganizationKind
    from rowad.partners.models import Organization

    from .models import ConsentRecord

    ids: set[int] = set()
    if purpose.consent_purpose == ConsentRecord.Purpose.SHARING:
        newest: dict[tuple[int, int], bool] = {}
        rows = (
            ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.SHARING, partner__isnull=False)
            .order_by("person_id", "partner_id", "-recorded_on", "-id")
            .values_list("person_id", "partner_id", "given")
        )
        for person_id, partner_id, given in rows:
            newest.setdefault((person_id, partner_id), given)
        ids |= {partner for (_person, partner), given in newest.items() if given}
    if purpose.partner_roles:
        ids |= set(
            Organization.objects.filter(
                memberships__role__in=purpose.partner_roles, memberships__is_active=True
            )
            .exclude(kind=OrganizationKind.AGENCY)
            .values_list("pk", flat=True)
        )
    return [str(org) for org in Organization.objects.filter(pk__in=ids)]
