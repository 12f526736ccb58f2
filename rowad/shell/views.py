from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .homes import homes_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.is_staff_user and scope.has_role(Role.PROJECT_HOLDER):
        return redirect("portal:home")
    return render(request, "shell/home.html", {"homes": homes_for(request.user)})
