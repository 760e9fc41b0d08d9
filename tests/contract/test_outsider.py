"""Every public service checks who is acting, in every app (one access module, one error type)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import secaction
from secaction.core.errors import AccessDenied
from tests.contract.cases import OutsiderCase

TESTS = Path(__file__).resolve().parent.parent


def _service_modules(app: str) -> list[ModuleType]:
    try:
        root = importlib.import_module(f"secaction.{app}.services")
    except ModuleNotFoundError as exc:
        if exc.name == f"secaction.{app}.services":
            return []  # this app has no services
        raise
    modules = [root]
    if hasattr(root, "__path__"):  # a package split by responsibility
        for info in pkgutil.iter_modules(root.__path__, prefix=f"{root.__name__}."):
            modules.append(importlib.import_module(info.name))
    return modules


def public_services() -> set[str]:
    """``<app>.<function>`` for every public function defined in an app's services."""
    found: set[str] = set()
    for app in pkgutil.iter_modules(secaction.__path__):
        if not app.ispkg:
            continue
        for module in _service_modules(app.name):
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                if not name.startswith("_") and fn.__module__.startswith(f"secaction.{app.name}.services"):
                    found.add(f"{app.name}.{name}")
    return found


def _case_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"tests.{path.parent.name}.outsider_cases")
        for path in sorted(TESTS.glob("*/outsider_cases.py"))
    ]


def all_cases() -> list[OutsiderCase]:
    return [case for module in _case_modules() for case in module.CASES]


def all_exempt() -> dict[str, str]:
    exempt: dict[str, str] = {}
    for module in _case_modules():
        exempt.update(module.EXEMPT)
    return exempt


def test_every_public_service_has_an_outsider_case_or_a_reason() -> None:
    covered = {case.service for case in all_cases()} | set(all_exempt())
    missing = sorted(public_services() - covered)
    assert not missing, f"public services with no outsider case and no exemption: {missing}"


def test_cases_name_services_that_exist() -> None:
    named = {case.service for case in all_cases()} | set(all_exempt())
    assert not named - public_services(), sorted(named - public_services())


def test_exemptions_give_a_reason() -> None:
    assert all(len(reason.split()) >= 3 for reason in all_exempt().values())


@pytest.mark.django_db
@pytest.mark.parametrize("case", all_cases(), ids=str)
def test_outsider_is_refused(case: OutsiderCase, outsider) -> None:
    with pytest.raises(AccessDenied):
        case.call(outsider)
