"""The import-linter contracts in pyproject.toml cover every app, so a new app cannot sit outside the layers."""

from __future__ import annotations

import tomllib
from pathlib import Path

import secaction

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(secaction.__file__).resolve().parent
APPS = {f"secaction.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
TOP_MODULES = {f"secaction.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert config["root_package"] == "secaction"
    return {c["id"]: c for c in config["contracts"]}


def test_every_app_has_its_layer():
    layers = _contracts()["layers"]["layers"]
    named = [m.strip() for line in layers for m in line.replace(":", "|").split("|")]
    assert len(named) == len(set(named)), "an app is in two layers"
    assert set(named) - {"secaction.urls"} == APPS
    assert layers[0] == "secaction.urls" and layers[-1].startswith("secaction.core |")


def test_core_may_import_no_other_part_of_secaction():
    contract = _contracts()["core-alone"]
    assert contract["source_modules"] == ["secaction.core"]
    assert set(contract["forbidden_modules"]) == (APPS | TOP_MODULES) - {"secaction.core"}
