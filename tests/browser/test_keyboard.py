"""Keyboard-only use: the skip link, a visible focus indicator on everything reachable with Tab, and
a complete self-diagnosis answered without a mouse."""

from __future__ import annotations

from typing import Any

import pytest

from secaction.diagnosis.bank import CURRENT_EDITION, edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Describes the focused element and its focus indicator. A visually hidden radio button draws its
# ring on the label text next to it, so that is where the indicator is looked for. The indicator
# counts as visible when its outline or its box-shadow has at least 3:1 contrast with the
# background behind it (WCAG 2.4.7 and 1.4.11).
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (c) => { const m = c && c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(",").map(Number); return (p.length > 3 && p[3] === 0) ? null : p.slice(0, 3); };
  const lum = (p) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(p[0]) + 0.7152 * f(p[1]) + 0.0722 * f(p[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = (node) => { for (let n = node.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor); if (c) return c; } return [255, 255, 255]; };
  let shown = el;
  if (el.matches("input[type=radio], input[type=checkbox]") && el.nextElementSibling &&
      parseFloat(getComputedStyle(el).opacity) === 0) shown = el.nextElementSibling;
  const st = getComputedStyle(shown);
  const behind = background(shown);
  let best = 0;
  if (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) >= 2) {
    const c = rgb(st.outlineColor); if (c) best = Math.max(best, ratio(c, behind));
  }
  if (st.boxShadow && st.boxShadow !== "none") {
    const c = rgb(st.boxShadow); if (c) best = Math.max(best, ratio(c, behind));
  }
  const r = shown.getBoundingClientRect();
  // WCAG 2.4.11: something else (a sticky bar) painted over the middle of the focused element?
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const covered = !!top && !shown.contains(top) && !top.contains(shown) && !el.contains(top);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "", value: el.value || "",
    text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 40),
    contrast: Math.round(best * 100) / 100, covered,
    onScreen: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}
"""


def _focused(page: Any) -> dict[str, Any] | None:
    return page.evaluate(FOCUS_JS)


def _assert_focus_visible(info: dict[str, Any] | None, where: str) -> None:
    assert info is not None, f"{where}: focus was lost to the page body"
    assert info["onScreen"], f"{where}: focused element is off screen: {info}"
    assert info["contrast"] >= 3, f"{where}: no focus indicator with 3:1 contrast: {info}"
    assert not info["covered"], f"{where}: the focused element is hidden behind something: {info}"


def test_home_skip_link_and_visible_focus_on_every_stop(page, live_server, shots):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first is not None and first["text"] == "本文へ移動", first
    _assert_focus_visible(first, "skip link")
    shots("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")

    # From the top, Tab through every focusable element of the page until focus leaves it.
    page.goto(live_server.url + "/")
    seen: list[str] = []
    for step in range(200):
        page.keyboard.press("Tab")
        info = _focused(page)
        if info is None or (seen and info["text"] == "本文へ移動"):
            break
        _assert_focus_visible(info, f"home, Tab #{step + 1}")
        seen.append(f"{info['tag']}:{info['text'] or info['name']}")
        if step == 3:
            shots("header-control-focused")
    assert len(seen) > 8, seen
    assert any("よくある質問" in s for s in seen), seen
    assert any(s.startswith("select") for s in seen), seen  # the language switch


@pytest.mark.parametrize("viewport", ["desktop", pytest.param("phone", marks=pytest.mark.phone)])
def test_diagnosis_answered_with_the_keyboard_only(page, live_server, shots, viewport):
    ed = edition(CURRENT_EDITION)
    answers = [a.value for a in ed.answers]
    points = {a.value: a.points for a in ed.answers}
    wanted = {item.number: answers[item.number % len(answers)] for item in ed.items}

    page.goto(live_server.url + "/diagnosis/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link: straight to the content
    for item in ed.items:
        name = f"q{item.number}"
        for _ in range(30):  # Tab into the question's radio group
            page.keyboard.press("Tab")
            info = _focused(page)
            _assert_focus_visible(info, f"diagnosis, on the way to {name}")
            if info and info["name"] == name:
                break
        else:
            pytest.fail(f"{name} cannot be reached with Tab")
        page.keyboard.press("Space")  # nothing chosen yet: Tab lands on the first answer
        for _ in range(answers.index(wanted[item.number])):
            page.keyboard.press("ArrowRight")
        info = _focused(page)
        _assert_focus_visible(info, name)
        assert info["value"] == wanted[item.number], (name, info)
        if item.number == 1:
            shots("first-answer-focused")
    checked = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#dg-form input[type=radio]:checked')]"
        ".map(r => [r.name, r.value]))"
    )
    assert checked == {f"q{n}": v for n, v in wanted.items()}
    shots("all-answered")

    for step in range(12):  # back up with Shift+Tab: the sticky progress bar must not hide the focus
        page.keyboard.press("Shift+Tab")
        _assert_focus_visible(_focused(page), f"Shift+Tab #{step + 1}")
    for _ in range(12):
        page.keyboard.press("Tab")

    for _ in range(10):  # on to the submit button, then Enter
        page.keyboard.press("Tab")
        info = _focused(page)
        _assert_focus_visible(info, "after the last question")
        if info and info["tag"] == "button":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/diagnosis/result/")
    expected = sum(points[v] for v in wanted.values())
    assert page.locator(".dg-score").inner_text().startswith(str(expected))
    shots("result")
