"""Staff pages (organization and platform administrators) and the public pages of the
mailed links. Thin: reads through accounts.queries, writes through accounts.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rowad.core.pagination import CappedPaginator

from . import access, queries, second_factor, services
from .enums import Role
from .forms import InviteForm, LinkPasswordForm, MembershipForm, StaffFilterForm
from .mail import INVITATION, RESET
from .scope import scope_for
from .services import AccountsError
from .tokens import invitation_tokens, reset_tokens

PAGE_SIZE = 25

ACTION_LABELS = {
    "accounts.user.created": gettext_lazy("Account created"),
    "accounts.user.invited": gettext_lazy("Invitation sent"),
    "accounts.user.invitation_accepted": gettext_lazy("Invitation accepted, password chosen"),
    "accounts.user.password_link_sent": gettext_lazy("Password link sent"),
    "accounts.user.password_reset": gettext_lazy("Password changed through a reset link"),
    "accounts.user.deactivated": gettext_lazy("Account deactivated"),
    "accounts.user.reactivated": gettext_lazy("Account reactivated"),
    "accounts.user.admin_changed": gettext_lazy("Changed in the administration site"),
    "accounts.user.second_factor_enrolled": gettext_lazy("Authenticator app set up"),
    "accounts.user.second_factor_reset": gettext_lazy("Second factor reset by an administrator"),
    "accounts.user.backup_codes_renewed": gettext_lazy("New backup codes made"),
    "accounts.user.backup_code_used": gettext_lazy("Log-in confirmed with a backup code"),
    "accounts.membership.added": gettext_lazy("Membership added"),
    "accounts.membership.changed": gettext_lazy("Membership changed"),
    "accounts.membership.ended": gettext_lazy("Membership ended"),
}


def _role_label(value) -> str:
    return str(Role(value).label) if value in Role.values else ""


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_staff(request.user):
        raise PermissionDenied


def _staff_member(request: HttpRequest, pk: int):
    _require_manager(request)
    return get_object_or_404(queries.staff_visible_to(request.user), pk=pk)


def _membership(request: HttpRequest, pk: int):
    _require_manager(request)
    return get_object_or_404(queries.memberships_manageable_by(request.user), pk=pk)


def _service_error_on(form, exc: AccountsError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = StaffFilterForm(request.GET or None, user=request.user)
    staff = queries.staff_visible_to(request.user)
    if form.is_valid():
        staff = queries.filter_staff(staff, **form.cleaned_data)
    page = CappedPaginator(staff.order_by("-is_active", "last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query_string": params.urlencode()}
    return render(
        request, "accounts/staff/_rows.html" if request.htmx else "accounts/staff/list.html", context
    )


@login_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    data = request.POST if request.method == "POST" else None
    initial = {"organization": request.GET.get("organization") or None, "preferred_language": "ar"}
    form = InviteForm(data, initial=initial, user=request.user, reload_url=request.path)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_staff(**form.cleaned_data, actor=request.user)
        except AccountsError as exc:
            _service_error_on(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff/invite.html", {"form": form})


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _staff_member(request, pk)
    manageable = set(
        queries.memberships_manageable_by(request.user).filter(user=member).values_list("pk", flat=True)
    )
    if member.pk == request.user.pk and not scope_for(request.user).is_platform_admin:
        manageable = set()  # another administrator changes one's own memberships
    return render(
        request,
        "accounts/staff/detail.html",
        {
            "member": member,
            "memberships": member.memberships.all(),
            "manageable": manageable,
            "may_manage_account": access.may_manage_account(request.user, member),
            "member_has_second_factor": second_factor.is_enrolled(member),
            "audit": [
                (entry, ACTION_LABELS.get(entry.action, entry.action), _role_label(entry.data.get("role")))
                for entry in queries.account_audit_entries(member)
            ],
            "never_logged_in": member.last_login is None and not member.has_usable_password(),
        },
    )


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _staff_member(request, pk)
    data = request.POST if request.method == "POST" else None
    form = MembershipForm(
        data, initial={"organization": request.GET.get("organization") or None}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(member, **form.cleaned_data, actor=request.user)
        except AccountsError as exc:
            _service_error_on(form, exc)
        else:
            messages.success(request, _("Membership added."))
            return redirect("accounts:staff_detail", pk=member.pk)
    return render(request, "accounts/staff/membership_form.html", {"form": form, "member": member})


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    data = request.POST if request.method == "POST" else None
    form = MembershipForm(data, membership=membership, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(
                membership,
                role=form.cleaned_data["role"],
                provinces=form.cleaned_data["provinces"],
                actor=request.user,
            )
        except AccountsError as exc:
            _service_error_on(form, exc)
        else:
            messages.success(request, _("Membership changed."))
            return redirect("accounts:staff_detail", pk=membership.user_id)
    return render(
        request,
        "accounts/staff/membership_form.html",
        {"form": form, "member": membership.user, "membership": membership},
    )


def _account_action(request: HttpRequest, pk: int, write, done: str) -> HttpResponse:
    member = _staff_member(request, pk)
    try:
        write(member)
    except AccountsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("accounts:staff_detail", pk=member.pk)


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        services.end_membership(membership, actor=request.user)
    except AccountsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Membership ended."))
    return redirect("accounts:staff_detail", pk=membership.user_id)


@login_required
@require_POST
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda member: services.deactivate_user(
            member, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("Account deactivated: its sessions and API tokens have ended."),
    )


@login_required
@require_POST
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda member: services.reactivate_user(member, actor=request.user),
        _("Account reactivated."),
    )


@login_required
@require_POST
def staff_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda member: services.reset_second_factor(member, actor=request.user),
        _("Second factor reset: the person sets up a new authenticator app at their next log-in."),
    )


@login_required
@require_POST
def staff_password_link(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda member: services.send_password_link(member, actor=request.user),
        _("A link to choose a password was sent by email."),
    )


class _LinkPasswordView(auth_views.PasswordResetConfirmView):
    """Django's reset-confirm flow (the token leaves the URL for the session at once),
    the password written through accounts.services."""

    form_class = LinkPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("accounts:login")
    kind = RESET

    def form_valid(self, form):
        try:
            services.set_password_from_link(
                self.user, password=form.cleaned_data["new_password1"], kind=self.kind
            )
        except AccountsError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, _("Your password is set. Log in with it."))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kind": self.kind}


class InvitationAcceptView(_LinkPasswordView):
    template_name = "accounts/set_password.html"
    token_generator = invitation_tokens
    kind = INVITATION


class PasswordResetConfirmView(_LinkPasswordView):
    template_name = "accounts/set_password.html"
    token_generator = reset_tokens
    kind = RESET
