"""Every write to accounts: users, memberships, deactivation, password links.

Staff-management services check that the actor may act (`access`), write in one
transaction with their audit entry, and send mail after the commit. `create_user`,
`grant_membership` and `create_project_holder` are the trusted writes of other layers
(the demo, the portal): their callers decide who may call them."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rowad.core.audit import record_action
from rowad.core.errors import DomainError

from . import access, second_factor
from .enums import AccountsErrorCode as Code
from .enums import Role
from .mail import INVITATION, RESET, send_account_link
from .models import ApiToken, Membership, User

LANGUAGES = ("ar", "fr", "en")


class AccountsError(DomainError):
    pass


def _refuse(message, code: str = Code.NOT_ALLOWED, **kwargs) -> AccountsError:
    return AccountsError(message, code=code, status_code=403 if code == Code.NOT_ALLOWED else None, **kwargs)


def _province_ids(provinces: Iterable[Any]) -> list[int]:
    return sorted({getattr(p, "pk", p) for p in provinces})


# --- Trusted writes (callers check permissions) ----------------------------------------


def create_user(
    *,
    username: str,
    actor: Any,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "ar",
    phone: str = "",
    password: str | None = None,
    is_superuser: bool = False,
) -> User:
    """A login. Without a password it cannot log in until a link sets one."""
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            first_name=first_name[:150],
            last_name=last_name[:150],
            preferred_language=preferred_language if preferred_language in LANGUAGES else "ar",
            phone=phone,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record_action("accounts.user.created", user, actor=actor, superuser=is_superuser)
    return user


def grant_membership(
    user: User, *, organization: Any, role: str, actor: Any, provinces: Iterable[Any] = ()
) -> Membership:
    """Give `user` the role in the organization (a membership ended before is resumed)."""
    province_ids = _province_ids(provinces)
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organization=organization, role=role
        )
        if not created and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        membership.provinces.set(province_ids)
        record_action(
            "accounts.membership.added",
            membership,
            actor=actor,
            user=user.pk,
            organization=organization.pk,
            role=role,
            provinces=province_ids,
        )
    return membership


def create_project_holder(
    *, organization: Any, preferred_language: str, phone: str = "", email: str = "", actor: Any = None
) -> User:
    """A project holder's login from the portal (verified phone or email), no password."""
    with transaction.atomic():
        user = create_user(
            username=f"holder-{secrets.token_hex(6)}",
            preferred_language=preferred_language,
            phone=phone,
            email=email,
            actor=actor,
        )
        grant_membership(user, organization=organization, role=Role.PROJECT_HOLDER, actor=actor or user)
    return user


def set_preferred_language(user: User, language: str | None, *, actor: Any) -> None:
    """The language of the user's pages and messages (not audited: a preference)."""
    if language in LANGUAGES and user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language


def set_user_names(user: User, *, first_name: str, last_name: str, actor: Any) -> None:
    """The names the menu bar shows (not audited: the person record keeps the history)."""
    first_name, last_name = first_name[:150], last_name[:150]
    if (user.first_name, user.last_name) != (first_name, last_name):
        User.objects.filter(pk=user.pk).update(first_name=first_name, last_name=last_name)
        user.first_name, user.last_name = first_name, last_name


def password_changed(user: User, *, actor: Any) -> int:
    """After a password was set outside the mailed link (the admin site's password form):
    the user's API tokens end (their sessions end with the old password's hash)."""
    with transaction.atomic():
        deleted, _detail = ApiToken.objects.filter(user=user).delete()
        record_action("accounts.user.password_changed", user, actor=actor, tokens_deleted=deleted)
    return deleted


def revoke_access(user: User) -> int:
    """End every session of the user at once (a new session stamp: every session backend
    checks it on the next request) and delete their API tokens. Returns tokens deleted."""
    user.session_stamp = secrets.token_hex(16)
    User.objects.filter(pk=user.pk).update(session_stamp=user.session_stamp)
    deleted, _detail = ApiToken.objects.filter(user=user).delete()
    return deleted


# --- API tokens (django-rest-knox) ------------------------------------------------------


def issue_api_token(user: User, *, label: str = "") -> tuple[ApiToken, str]:
    """A new API token for `user` (who just proved their password): returns the row and
    the secret, shown this once (only its digest is stored). It expires after
    ROWAD_API_TOKEN_HOURS."""
    with transaction.atomic():
        token, secret = ApiToken.objects.create(user=user, label=label[:100])
        record_action("accounts.api_token.issued", user, actor=user, token=token.pk, label=token.label)
    return token, secret


def revoke_api_token(token: ApiToken, *, actor: Any) -> None:
    """Revoke one token (log-out of one device): it answers 401 from now on."""
    with transaction.atomic():
        record_action("accounts.api_token.revoked", token.user, actor=actor, token=token.pk)
        token.delete()


def revoke_api_tokens(user: User, *, actor: Any) -> int:
    """Revoke every token of `user` (log-out of every device). Returns how many."""
    with transaction.atomic():
        deleted, _detail = ApiToken.objects.filter(user=user).delete()
        record_action("accounts.api_token.revoked_all", user, actor=actor, tokens_deleted=deleted)
    return deleted


# --- Staff management (checked) ---------------------------------------------------------


def _check_grant(actor: Any, *, organization: Any, role: str, provinces: Iterable[Any]) -> list[int]:
    if not access.manages_organization(actor, organization.pk):
        raise _refuse(_("You do not manage the staff of this organization."))
    if role not in access.grantable_roles(actor):
        raise AccountsError(_("You cannot give this role."), code=Code.ROLE_NOT_GRANTABLE, field="role")
    province_ids = _province_ids(provinces)
    allowed = access.allowed_province_ids(actor, organization)
    if set(province_ids) - allowed:
        raise AccountsError(
            _("Choose only provinces this organization serves and you administer."),
            code=Code.PROVINCE_OUTSIDE,
            field="provinces",
        )
    served = set(organization.provinces.values_list("pk", flat=True))
    if not province_ids and served - allowed:
        raise AccountsError(
            _("Choose the provinces: you do not administer all those of this organization."),
            code=Code.PROVINCE_OUTSIDE,
            field="provinces",
        )
    return province_ids


def _check_membership(actor: Any, membership: Membership) -> None:
    if not access.manages_organization(actor, membership.organization_id) or (
        membership.role == Role.PLATFORM_ADMIN and Role.PLATFORM_ADMIN not in access.grantable_roles(actor)
    ):
        raise _refuse(_("You do not manage this membership."))
    if membership.user_id == actor.pk and Role.PLATFORM_ADMIN not in access.grantable_roles(actor):
        raise _refuse(_("Another administrator changes your own memberships."), Code.SELF_MANAGEMENT)


def invite_staff(
    *,
    email: str,
    first_name: str,
    last_name: str,
    preferred_language: str,
    organization: Any,
    role: str,
    actor: Any,
    provinces: Iterable[Any] = (),
) -> User:
    """Open a staff account with its first membership and mail the invitation link."""
    email = email.strip().lower()
    province_ids = _check_grant(actor, organization=organization, role=role, provinces=provinces)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username=email).exists():
            raise AccountsError(
                _("An account already uses this email address."), code=Code.EMAIL_TAKEN, field="email"
            )
        user = create_user(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            preferred_language=preferred_language,
            actor=actor,
        )
        grant_membership(user, organization=organization, role=role, provinces=province_ids, actor=actor)
        record_action(
            "accounts.user.invited", user, actor=actor, organization=organization.pk, role=role, email=email
        )
        transaction.on_commit(
            partial(send_account_link, user.pk, INVITATION, str(actor), str(organization)), robust=True
        )
    return user


def add_membership(
    user: User, *, organization: Any, role: str, actor: Any, provinces: Iterable[Any] = ()
) -> Membership:
    province_ids = _check_grant(actor, organization=organization, role=role, provinces=provinces)
    if user.pk == actor.pk and Role.PLATFORM_ADMIN not in access.grantable_roles(actor):
        raise _refuse(_("Another administrator changes your own memberships."), Code.SELF_MANAGEMENT)
    if Membership.objects.filter(user=user, organization=organization, role=role, is_active=True).exists():
        raise AccountsError(
            _("This person already holds this role in this organization."),
            code=Code.MEMBERSHIP_EXISTS,
            field="role",
        )
    return grant_membership(user, organization=organization, role=role, provinces=province_ids, actor=actor)


def change_membership(
    membership: Membership, *, role: str, actor: Any, provinces: Iterable[Any] = ()
) -> Membership:
    _check_membership(actor, membership)
    province_ids = _check_grant(actor, organization=membership.organization, role=role, provinces=provinces)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if (
            role != locked.role
            and Membership.objects.filter(
                user_id=locked.user_id, organization_id=locked.organization_id, role=role
            )
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise AccountsError(
                _("This person already holds this role in this organization."),
                code=Code.MEMBERSHIP_EXISTS,
                field="role",
            )
        before = {"role": locked.role, "provinces": _province_ids(locked.provinces.all())}
        locked.role = role
        locked.save(update_fields=["role"])
        locked.provinces.set(province_ids)
        record_action(
            "accounts.membership.changed",
            locked,
            actor=actor,
            user=locked.user_id,
            before=before,
            after={"role": role, "provinces": province_ids},
        )
    return locked


def end_membership(membership: Membership, *, actor: Any) -> Membership:
    """The role stops at once (scopes are computed on each request); the record stays."""
    _check_membership(actor, membership)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.is_active:
            raise AccountsError(_("This membership has already ended."), code=Code.STATE)
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        record_action(
            "accounts.membership.ended",
            locked,
            actor=actor,
            user=locked.user_id,
            organization=locked.organization_id,
            role=locked.role,
        )
    return locked


def _check_account(actor: Any, user: User) -> None:
    if user.pk == actor.pk:
        raise _refuse(_("Another administrator manages your own account."), Code.SELF_MANAGEMENT)
    if not access.may_manage_account(actor, user):
        raise _refuse(
            _(
                "This account also works for organizations you do not administer: ask a platform administrator."
            )
        )


def deactivate_user(user: User, *, actor: Any, reason: str = "") -> User:
    """The account can no longer log in; its open sessions and API tokens end at once."""
    _check_account(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise AccountsError(_("This account is already deactivated."), code=Code.STATE)
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        tokens = revoke_access(locked)
        record_action(
            "accounts.user.deactivated", locked, actor=actor, reason=reason[:500], tokens_deleted=tokens
        )
    return locked


def reactivate_user(user: User, *, actor: Any) -> User:
    """The account may log in again (its former sessions stay ended)."""
    _check_account(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise AccountsError(_("This account is already active."), code=Code.STATE)
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        record_action("accounts.user.reactivated", locked, actor=actor)
    return locked


def reset_second_factor(user: User, *, actor: Any) -> User:
    """A colleague lost the phone with their authenticator: forget it and its backup codes
    and end their sessions; they set up a new one at their next log-in."""
    _check_account(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        second_factor.remove_devices(locked)
        revoke_access(locked)
        record_action("accounts.user.second_factor_reset", locked, actor=actor)
    return locked


def send_password_link(user: User, *, actor: Any) -> str:
    """Mail a link to choose a password: the invitation again when the account never had
    one, else a reset link. The current password keeps working until the link is used.
    Returns the kind of link sent."""
    _check_account(actor, user)
    if not user.is_active:
        raise AccountsError(_("Reactivate the account first."), code=Code.STATE)
    if not user.email:
        raise AccountsError(_("This account has no email address."), code=Code.STATE)
    kind = INVITATION if not user.has_usable_password() and user.last_login is None else RESET
    with transaction.atomic():
        record_action("accounts.user.password_link_sent", user, actor=actor, kind=kind)
        transaction.on_commit(partial(send_account_link, user.pk, kind, str(actor)), robust=True)
    return kind


def set_password_from_link(user: User, *, password: str, kind: str) -> User:
    """The user chose a password through a mailed link (the link then stops working,
    and so do sessions opened with the previous password and every API token)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise AccountsError(_("This account is deactivated."), code=Code.STATE)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        tokens, _detail = ApiToken.objects.filter(user=locked).delete()
        action = "accounts.user.invitation_accepted" if kind == INVITATION else "accounts.user.password_reset"
        record_action(action, locked, actor=locked, tokens_deleted=tokens)
    return locked
