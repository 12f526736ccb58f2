"""Every write of the holder portal: accounts from verified codes, profile, registry
claim, erasure requests. Person data is written through rowad.people.services only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts import services as accounts_services
from rowad.core.audit import record_action
from rowad.core.errors import ConflictError, DomainError
from rowad.core.validators import normalize_national_id
from rowad.partners.enums import OrganizationKind
from rowad.partners.models import Organization
from rowad.people import services as people_services
from rowad.people.models import ConsentSource, Person

from .enums import Channel, ClaimState, CodePurpose, ErasureStatus, ErrorCode
from .models import ErasureRequest, HolderAccount, OneTimeCode

MAX_CLAIM_ATTEMPTS = 3
User = get_user_model()


class PortalError(DomainError):
    pass


def account_for_destination(destination: str) -> HolderAccount | None:
    return (
        HolderAccount.objects.select_related("user")
        .filter(Q(phone=destination) | Q(email=destination), user__is_active=True)
        .exclude(phone="", email="")
        .first()
    )


def holder_organization(country: str) -> Organization:
    """The agency a self-registered holder belongs to: the country's national agency
    (an agency without a parent), else any agency of the country."""
    agencies = Organization.objects.filter(kind=OrganizationKind.AGENCY, country=country, is_active=True)
    agency = agencies.filter(parent__isnull=True).order_by("pk").first() or agencies.order_by("pk").first()
    if agency is None:
        raise PortalError(_("Sign-up is not open in this country yet."), code=ErrorCode.NO_AGENCY)
    return agency


def registry_candidates(account: HolderAccount) -> QuerySet[Person]:
    """Registry people not yet linked to a login who share the account's verified
    phone or email. Never shown to the holder: they only decide whether to offer a claim."""
    contact = Q(pk__in=[])
    if account.phone and account.phone_verified_at:
        contact |= Q(phone=account.phone) | Q(phone_alt=account.phone)
    if account.email and account.email_verified_at:
        contact |= Q(email__iexact=account.email)
    return Person.objects.filter(
        contact, country=account.country, user__isnull=True, erased_at__isnull=True, merged_into__isnull=True
    )


def complete_verification(
    otp: OneTimeCode, *, country: str, language: str, consents: list[str] | None = None
) -> tuple[Any, bool]:
    """After a code was verified: the existing account of that contact, or a new one (a
    user with the project-holder role). Returns (user, created)."""
    if otp.used_at is None:
        raise PortalError(_("This code is no longer valid. Ask for a new one."), code=ErrorCode.CODE_INVALID)
    with transaction.atomic():
        existing = account_for_destination(otp.destination)
        if existing is not None:
            record_action("portal.account.logged_in", existing, actor=existing.user, channel=otp.channel)
            return existing.user, False
        if otp.purpose != CodePurpose.SIGNUP:
            raise PortalError(
                _("No account uses this phone or email. Sign up first."),
                code=ErrorCode.NO_ACCOUNT,
                status_code=404,
            )
        organization = holder_organization(country)
        now = timezone.now()
        user = accounts_services.create_project_holder(
            organization=organization,
            preferred_language=language,
            phone=otp.destination if otp.channel == Channel.SMS else "",
            email=otp.destination if otp.channel == Channel.EMAIL else "",
        )
        account = HolderAccount(user=user, country=country, consents=list(consents or []))
        if otp.channel == Channel.SMS:
            account.phone, account.phone_verified_at = otp.destination, now
        else:
            account.email, account.email_verified_at = otp.destination, now
        if registry_candidates(account).exists():
            account.claim_state = ClaimState.PENDING
        account.save()
        record_action("portal.account.created", account, actor=user, channel=otp.channel)
    return user, True


def _link(person: Person, user: Any, *, language: str) -> Person:
    """Attach a registry person to the holder's login (history and audit kept)."""
    person.user = user
    person._history_user = user
    person.save(update_fields=["user", "updated_at"])
    if person.preferred_language != language:
        person = people_services.update_person(person, data={"preferred_language": language}, actor=user)
    return person


def _record_consents(person: Person, account: HolderAccount | None, user: Any) -> None:
    if account is None:
        return
    already = set(person.consents.filter(given=True).values_list("purpose", flat=True))
    for purpose in account.consents:
        if purpose not in already:
            people_services.record_consent(
                person, purpose=purpose, actor=user, method="portal sign-up", source=ConsentSource.PORTAL
            )


def create_profile(
    user: Any, *, data: dict[str, Any], target_categories=(), account: HolderAccount | None = None
) -> Person:
    """The holder's first profile: a new registry person linked to their login, with
    their verified contact. Raises ValidationError (people.services) on bad input."""
    data = dict(data)
    if account is not None:
        data["country"] = account.country
        if account.phone:
            data["phone"] = account.phone
        if account.email:
            data["email"] = account.email
    data.setdefault("preferred_language", getattr(user, "preferred_language", "ar"))
    with transaction.atomic():
        if Person.objects.select_for_update().filter(user=user).exists():
            raise ConflictError(_("Your profile already exists."), code=ErrorCode.PROFILE_EXISTS)
        person = people_services.create_person(
            data=data, actor=user, target_categories=target_categories, reason="portal"
        )
        person = _link(person, user, language=data["preferred_language"])
        _remember_language(user, data["preferred_language"])
        _sync_user_names(user, person)
        _record_consents(person, account, user)
        if account is not None and account.claim_state == ClaimState.PENDING:
            HolderAccount.objects.filter(pk=account.pk).update(claim_state=ClaimState.CLOSED)
        record_action("portal.profile.created", person, actor=user)
    return person


def update_profile(
    person: Person, *, user: Any, data: dict[str, Any], version: str | None, target_categories=None
) -> Person:
    """The holder edits their own data: people.services.update_person does validation,
    locking and the stale-edit check. The interface language follows the profile."""
    data = {k: v for k, v in data.items() if k not in ("country", "phone", "email", "organization")}
    person = people_services.update_person(
        person, data=data, actor=user, version=version, target_categories=target_categories
    )
    _remember_language(user, data.get("preferred_language"))
    _sync_user_names(user, person)
    return person


def _sync_user_names(user: Any, person: Person) -> None:
    """The login shows the holder's name (the menu bar reads `user`), not its username."""
    given = person.given_name_latin or person.given_name_ar
    family = person.family_name_latin or person.family_name_ar
    accounts_services.set_user_names(user, first_name=given, last_name=family, actor=user)


def _remember_language(user: Any, language: str | None) -> None:
    """The language of the holder's messages (codes, notifications) follows their profile."""
    accounts_services.set_preferred_language(user, language, actor=user)


def claim_registry_person(account: HolderAccount, *, national_id: str, birth_date, actor: Any) -> Person:
    """Link the registry record that shares the verified contact, once the holder proves
    it is theirs with its national ID and birth date. A wrong answer is counted; after
    MAX_CLAIM_ATTEMPTS the claim closes (the holder creates a profile; officers merge)."""
    error: PortalError | None = None
    with transaction.atomic():
        locked = HolderAccount.objects.select_for_update().get(pk=account.pk)
        if locked.claim_state != ClaimState.PENDING:
            raise PortalError(_("There is no record to confirm any more."), code=ErrorCode.CLAIM_CLOSED)
        match = (
            registry_candidates(locked)
            .filter(national_id=normalize_national_id(national_id), birth_date=birth_date)
            .select_for_update()
            .first()
            if national_id and birth_date
            else None
        )
        if match is None:
            locked.claim_attempts += 1
            if locked.claim_attempts >= MAX_CLAIM_ATTEMPTS:
                locked.claim_state = ClaimState.CLOSED
                error = PortalError(
                    _("This does not match. Fill in your profile below; an officer will check it."),
                    code=ErrorCode.CLAIM_FAILED,
                )
            else:
                error = PortalError(
                    _("This does not match. Check your national ID and birth date."),
                    code=ErrorCode.CLAIM_MISMATCH,
                )
            locked.save(update_fields=["claim_attempts", "claim_state"])
            record_action("portal.person.claim_failed", locked, actor=actor)
        else:
            person = _link(match, actor, language=getattr(actor, "preferred_language", "ar"))
            _sync_user_names(actor, person)
            _record_consents(person, locked, actor)
            locked.claim_state = ClaimState.CLOSED
            locked.save(update_fields=["claim_state"])
            record_action("portal.person.claimed", person, actor=actor, account=locked.pk)
    if error is not None:
        raise error
    return person


def request_erasure(person: Person, *, actor: Any, reason: str = "") -> ErasureRequest:
    """Record the holder's erasure request for an officer (one pending at a time: a
    second request returns the first)."""
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        pending = ErasureRequest.objects.filter(person=person, status=ErasureStatus.PENDING).first()
        if pending is not None:
            return pending
        request = ErasureRequest.objects.create(person=person, requested_by=actor, reason=reason[:500])
        record_action("portal.erasure.requested", person, actor=actor, request=request.pk)
    return request


def execute_erasure(request: ErasureRequest, *, actor: Any, note: str = "") -> ErasureRequest:
    """An officer erases the person (people.services.erase_person: every declaration of
    what refers to a person, the holder's log-in included, see portal/personal_data.py)."""
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != ErasureStatus.PENDING:
            raise ConflictError(_("This request was already handled."), code=ErrorCode.ERASURE_HANDLED)
        people_services.erase_person(
            locked.person,
            actor=actor,
            reason=note
            or _("Holder's request of %(date)s")
            % {"date": timezone.localdate(locked.created_at).isoformat()},
        )
        locked.status = ErasureStatus.DONE
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.note = note[:500]
        # Only these fields: the erasure has just scrubbed the request's reason.
        locked.save(update_fields=["status", "handled_by", "handled_at", "note"])
        record_action("portal.erasure.executed", locked, actor=actor)
    return locked


def refuse_erasure(request: ErasureRequest, *, actor: Any, note: str) -> ErasureRequest:
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != ErasureStatus.PENDING:
            raise ConflictError(_("This request was already handled."), code=ErrorCode.ERASURE_HANDLED)
        locked.status = ErasureStatus.REFUSED
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.note = note[:500]
        locked.save()
        record_action("portal.erasure.refused", locked, actor=actor)
    return locked
