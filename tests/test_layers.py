"""The layering of docs/architecture.md is enforced by import-linter (`make lint`); every
Rowad app takes part in it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def rowad_apps() -> set[str]:
    # App packages, not INSTALLED_APPS entries: an AppConfig path such as
    # rowad.accounts.admin_apps.RowadAdminConfig configures django.contrib.admin.
    return {config.name for config in apps.get_app_configs() if config.name.startswith("rowad.")}


def test_layers_contract_names_every_rowad_app():
    between_apps, inside_apps = contracts()
    layered = {module.strip() for layer in between_apps["layers"] for module in layer.split("|")}
    assert (layered, set(inside_apps["containers"])) == (rowad_apps(), rowad_apps())


def test_layers_shell_is_on_top_and_core_at_the_bottom():
    layers = contracts()[0]["layers"]
    assert (layers[0], layers[-1]) == ("rowad.shell", "rowad.core")


def test_layers_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
