from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.is_staff_user and scope.has_role(Role.PROJECT_HOLDER):
        return redirect("portal:home")
    return render(
        request, "core/home.html", {"memberships": request.user.memberships.select_related("organization")}
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
