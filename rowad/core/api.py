"""Shared API pieces: pagination and the error format (a machine-readable code)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .pagination import CappedPaginator


class StandardPagination(PageNumberPagination):
    """Pages of 50 (up to 500); like the pages, counts stop at 10,001 on huge result sets
    ("count": 10001 means "more than 10,000")."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DomainError -> 400/409 {"code", "detail", "field"}; Django ValidationError -> 400."""
    if isinstance(exc, DomainError):
        body = {"code": exc.code, "detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = {"code": "invalid", "errors": response.data}
    return response


def validated_input(request: Any, serializer_class: type) -> dict[str, Any]:
    """The body of an action endpoint checked by `serializer_class` (400 with the
    field errors otherwise), as a plain dict for the service it is handed to."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def register(router) -> None:
    """core has no viewsets of its own (geography is exposed by partners' reference API)."""


# The answers `exception_handler` gives any operation, documented on every one of them
# (drf-spectacular documents the success only): a client — and the API fuzz test
# (tests/security/test_api_fuzz.py) — knows every status it may receive.
ERROR_RESPONSES = {
    "400": "Invalid input: {code, errors} or {code, detail, field}.",
    "401": "Not authenticated (no or invalid token).",
    "403": "Not allowed for this user, or outside their scope.",
    "404": "Not found, or not visible to this user.",
    "409": "Conflict: a stale edit or a state that no longer allows the action.",
    "429": "Too many requests (throttled).",
}
_ERROR_BODY = {"type": "object", "additionalProperties": True}


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add the error answers to every operation."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status_code, description in ERROR_RESPONSES.items():
                operation["responses"].setdefault(
                    status_code,
                    {"description": description, "content": {"application/json": {"schema": _ERROR_BODY}}},
                )
    return result
