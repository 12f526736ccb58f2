"""Dossier state badges: one colour per state, each colour defined once in rowad.css."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

from rowad.dossiers.badges import STATE_COLOURS, state_badge_class
from rowad.dossiers.enums import DossierState

CSS = Path(__file__).resolve().parents[2] / "rowad" / "core" / "static" / "rowad" / "rowad.css"


def _backgrounds() -> dict[str, str]:
    rules = re.findall(r"\.badge-colour-([a-z]+) \{ background-color: (#[0-9a-f]{6});", CSS.read_text())
    return dict(rules)


def test_badges_every_state_has_a_colour():
    assert set(STATE_COLOURS) == set(DossierState.values)


def test_badges_no_two_states_share_a_colour():
    colours = list(STATE_COLOURS.values())
    assert len(set(colours)) == len(colours)
    backgrounds = _backgrounds()
    used = [backgrounds[colour] for colour in colours]
    assert len(set(used)) == len(used)


def test_badges_filter_gives_the_state_colour_class():
    rendered = Template("{% load dossier_badges %}{{ state|state_badge }}").render(
        Context({"state": DossierState.TO_REVISE})
    )
    assert rendered == "state-badge badge-colour-orange"
    assert state_badge_class("nonsense") == "state-badge badge-colour-charcoal"
