"""Every model that refers to a person says how it is exported and erased."""

import pytest
from django.apps import apps

from rowad.core import privacy

pytestmark = pytest.mark.unit


def _refers_to(model, targets) -> bool:
    for field in model._meta.get_fields():
        if not field.is_relation or field.related_model is None:
            continue
        forward = field.concrete or (field.many_to_many and not field.auto_created)
        if forward and field.related_model in targets:
            return True
    return False


def _personal_models():
    """people.Person, every model with a relation to it, and (transitively) every model
    with a relation to a model registered as personal."""
    person = apps.get_model("people", "Person")
    targets = {person} | {d.model_class for d in privacy.declarations()}
    return sorted(
        (m for m in apps.get_models() if m is person or _refers_to(m, targets)),
        key=lambda m: m._meta.label,
    )


def test_every_model_referring_to_a_person_is_declared():
    missing = [m._meta.label for m in _personal_models() if not privacy.covered(m)]

    assert missing == [], (
        "Declare how these models are exported and erased in their app's personal_data.py "
        f"(rowad.core.privacy.Declaration): {missing}"
    )


def test_completeness_check_catches_an_undeclared_model(monkeypatch):
    registry = dict(privacy._REGISTRY)
    registry.pop("outreach.idea")
    monkeypatch.setattr(privacy, "_REGISTRY", registry)

    missing = [m._meta.label for m in _personal_models() if not privacy.covered(m)]

    assert {"outreach.Idea", "outreach.HistoricalIdea"} <= set(missing)


def test_history_models_follow_their_model():
    historical_person = apps.get_model("people", "HistoricalPerson")
    categories_history = apps.get_model("people", "HistoricalPerson_target_categories")

    assert privacy.base_of_history(historical_person) is apps.get_model("people", "Person")
    assert privacy.base_of_history(categories_history) is apps.get_model("people", "Person")


def test_kept_models_say_why():
    assert all(str(d.reason) for d in privacy.declarations() if d.erase == privacy.KEEP)
