"""links.py degrades to None while the diagnosis/policies selectors are missing, and maps them once present."""

import datetime as dt
import sys
import types
from types import SimpleNamespace

import pytest

from secaction.declarations import links


@pytest.fixture
def fake_selectors(monkeypatch):
    def install(module, name, fn):
        mod = types.ModuleType(module)
        setattr(mod, name, fn)
        monkeypatch.setitem(sys.modules, module, mod)

    return install


def test_missing_selectors_give_none(monkeypatch):
    monkeypatch.setitem(sys.modules, "secaction.diagnosis.selectors", types.ModuleType("x"))
    monkeypatch.setitem(sys.modules, "secaction.policies.selectors", None)  # import fails
    org = SimpleNamespace(pk=1)
    assert links.diagnosis_latest(org) is None
    assert links.policy_published(org) is None


def test_present_selectors_are_mapped(fake_selectors, settings):
    settings.SITE_URL = "https://portal.example.jp"
    taken = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    fake_selectors(
        "secaction.diagnosis.selectors",
        "assessment_latest_for_organization",
        lambda org: SimpleNamespace(id=7, total=55, taken_at=taken),
    )
    fake_selectors(
        "secaction.policies.selectors",
        "policy_published_for_organization",
        lambda org: SimpleNamespace(id=3, public_url="/policy/p/midori/"),
    )
    org = SimpleNamespace(pk=1)
    assert links.diagnosis_latest(org) == links.DiagnosisLink(7, 55, taken)
    assert links.policy_published(org) == links.PolicyLink(3, "https://portal.example.jp/policy/p/midori/")


def test_nothing_stored_gives_none(fake_selectors):
    fake_selectors("secaction.diagnosis.selectors", "assessment_latest_for_organization", lambda org: None)
    assert links.diagnosis_latest(SimpleNamespace(pk=1)) is None


def test_paths_fall_back_until_the_url_names_exist():
    assert links.verify_path("50000000009") == "/registry/verify/50000000009/"
    assert links.principle_path(2) == "/diagnosis/principles/2/"
