"""The holder's list of who consulted their sensitive data (rowad.people.sensitive)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rowad.people import sensitive

from . import queries
from .views import holder_required


@holder_required
def sensitive_reads(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    reads = sensitive.reads_of(holder.person) if holder.person else []
    return render(request, "portal/sensitive_reads.html", {"person": holder.person, "reads": reads})
