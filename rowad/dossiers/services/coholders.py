"""Co-holders of a dossier (the members of a cooperative): the holder adds them by name
with a phone or a national ID before submitting, and may remove them again. A national ID
already in the registry is linked only when the name given matches that person's names
(in either script), so typing someone's ID reveals nothing and attaches no stranger; a
phone alone never links anyone (phones are shared in families and recycled): a new
registry person is created, and the duplicates review merges them later if need be."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.text import is_arabic, name_keys
from rowad.people import services as people_services
from rowad.people.models import Person

from .. import eligibility
from ..enums import ErrorCode
from ..models import Dossier, DossierHolder
from .common import DossierError, _check_version, _lock, _save
from .editing import _check_editable
from .states import refresh_eligibility


def _name_fields(name: str) -> dict[str, str]:
    """A full name typed in one field, split into given and family name in its script."""
    given, _sep, family = name.strip().partition(" ")
    suffix = "ar" if is_arabic(name) else "latin"
    return {f"given_name_{suffix}": given, f"family_name_{suffix}": family.strip()}


def _registry_person(country: str, national_id: str, name: str) -> Person | None:
    """The registry person with this national ID, if the given name matches theirs."""
    person = Person.objects.filter(country=country, national_id=national_id, merged_into__isnull=True).first()
    if person is None:
        return None
    theirs = name_keys(
        person.given_name_ar, person.family_name_ar, person.given_name_latin, person.family_name_latin
    )
    if not name_keys(name) & theirs:
        raise ValidationError(
            {"national_id": [_("This national ID is registered under another name: check both.")]}
        )
    return person


def _check_room(locked: Dossier) -> None:
    _minimum, maximum = eligibility.members_range(locked)
    if locked.holder_links.count() >= maximum:
        raise DossierError(
            _("The programme accepts at most %(max)s holder(s) for this project.") % {"max": maximum},
            code=ErrorCode.HOLDERS_COUNT,
        )


def add_co_holder(
    dossier: Dossier,
    *,
    name: str,
    actor: Any,
    phone: str = "",
    national_id: str = "",
    expected_version: int | str | None = None,
) -> Person:
    """Add a co-holder (never the lead) while the dossier is editable by its holders;
    refused when the programme's limit is reached or the person already holds it."""
    name, phone, national_id = (name or "").strip(), (phone or "").strip(), (national_id or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the co-holder's name.")]})
    if not phone and not national_id:
        raise ValidationError({"phone": [_("Give their phone or their national ID.")]})
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        _check_editable(locked, actor)
        _check_room(locked)
        country = locked.province.country_id
        data = people_services.clean_person_data(
            {**_name_fields(name), "country": country, "phone": phone, "national_id": national_id}
        )
        person = _registry_person(country, data["national_id"], name) if data.get("national_id") else None
        holders = list(locked.holder_links.select_related("person"))
        taken = any(
            link.person_id == getattr(person, "pk", None)
            or (data.get("phone") and link.person.phone == data["phone"])
            for link in holders
        )
        if taken:
            raise DossierError(
                _("This person already holds this project file."), code=ErrorCode.ALREADY_HOLDER
            )
        if person is None:
            person = people_services.create_person(
                data={**data, "province": locked.province, "organization": locked.organization},
                actor=actor,
                reason="co-holder",
            )
        DossierHolder.objects.create(dossier=locked, person=person, is_lead=False)
        _save(locked, actor, reason="holders")
        refresh_eligibility(locked)
        record_action("dossiers.dossier.co_holder_added", locked, actor=actor, person=person.pk)
    return person


def remove_co_holder(
    dossier: Dossier, *, person: Person, actor: Any, expected_version: int | str | None = None
) -> Dossier:
    """Remove a co-holder (the lead holder stays) while the dossier is editable."""
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        _check_editable(locked, actor)
        link = DossierHolder.objects.filter(dossier=locked, person=person, is_lead=False).first()
        if link is None:
            raise DossierError(
                _("Only a co-holder of this project file can be removed."), code=ErrorCode.NOT_ALLOWED
            )
        link.delete()
        _save(locked, actor, reason="holders")
        refresh_eligibility(locked)
        record_action("dossiers.dossier.co_holder_removed", locked, actor=actor, person=person.pk)
    return locked
