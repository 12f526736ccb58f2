"""Kinds and states of the people app."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    ALREADY_DECIDED = "already_decided"
    ALREADY_ERASED = "already_erased"
    ALREADY_MERGED = "already_merged"
    ALREADY_UNDONE = "already_undone"
    BAD_CONSENT = "bad_consent"
    BAD_SURVIVOR = "bad_survivor"
    ERASED = "erased"
    NOT_UNDOABLE = "not_undoable"
    SAME_PERSON = "same_person"
