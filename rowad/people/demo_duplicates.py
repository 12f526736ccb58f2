"""Demo step, after every registration and import: search the registry for duplicates
once, so the review queue shows the pair people.demo registered twice."""

from __future__ import annotations

from .duplicates import find_duplicates
from .models import DuplicateRun


def load(context: dict) -> None:
    if DuplicateRun.objects.exists():
        return
    run = find_duplicates(actor=context.get("users", {}).get("officer"))
    if "stdout" in context:
        context["stdout"].write(f"Duplicates demo: {run.pairs} pairs to review among {run.people} people.")
