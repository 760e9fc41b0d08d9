"""Helpers for the accessibility browser tests: run axe-core on a page and describe what it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the conformance target of the portal.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Deque's best practices (landmarks, heading order...) are reported but never fail a test.
REPORTED_TAGS = ["best-practice"]

_axe = Axe()


@dataclass
class AxeFindings:
    """Violations found on one page, split into those that fail a test and those only reported."""

    label: str
    url: str
    blocking: list[dict[str, Any]] = field(default_factory=list)
    reported: list[dict[str, Any]] = field(default_factory=list)


def axe_check(page: Any, label: str) -> AxeFindings:
    """Run axe-core on the page as it is now.

    ``blocking`` holds serious/critical violations of WCAG 2.x A/AA rules; ``reported`` holds
    the rest (moderate/minor WCAG findings and any best-practice finding).
    """
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS + REPORTED_TAGS},
            "resultTypes": ["violations"],
        },
    )
    findings = AxeFindings(label=label, url=page.url)
    for violation in results.response["violations"]:
        is_wcag = bool(set(violation.get("tags", [])) & set(WCAG_TAGS))
        if is_wcag and violation.get("impact") in BLOCKING_IMPACTS:
            findings.blocking.append(violation)
        else:
            findings.reported.append(violation)
    return findings


def _node_summary(node: dict[str, Any]) -> str:
    target = " ".join(str(t) for t in node.get("target", []))
    html = " ".join(node.get("html", "").split())
    if len(html) > 160:
        html = html[:157] + "..."
    messages = [
        check["message"]
        for kind in ("any", "all", "none")
        for check in node.get(kind, [])
        if check["message"]
    ]
    detail = f"\n        why: {messages[0]}" if messages else ""
    return f"      - {target}\n        html: {html}{detail}"


def violations_format(findings: list[AxeFindings], *, blocking: bool = True, max_nodes: int = 5) -> str:
    """A readable report: page, rule, impact, help link and the first offending elements."""
    lines: list[str] = []
    for found in findings:
        violations = found.blocking if blocking else found.reported
        if not violations:
            continue
        lines.append(f"[{found.label}] {found.url}")
        for v in violations:
            nodes = v.get("nodes", [])
            lines.append(f"  {v['id']} ({v.get('impact')}, {len(nodes)} element(s)): {v['help']}")
            lines.append(f"    {v.get('helpUrl', '')}")
            lines.extend(_node_summary(node) for node in nodes[:max_nodes])
            if len(nodes) > max_nodes:
                lines.append(f"      ... and {len(nodes) - max_nodes} more")
    return "\n".join(lines)


# Elements wider than the viewport, except those inside a container that scrolls sideways on its own
# (wide tables in .table-scroll are allowed by WCAG 1.4.10: data tables need two-dimensional layout).
_OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === "auto" || s === "scroll" || s === "hidden") return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || scrolls(el)) continue;
    const st = getComputedStyle(el);
    if (st.position === "absolute" && r.right < 0) continue;
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
             (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
             " right=" + Math.round(r.right));
    if (out.length >= 5) break;
  }
  return out.length ? out : ["document scrollWidth " + document.documentElement.scrollWidth + " > " + width];
}
"""


def reflow_problems(page: Any, width: int = 320) -> list[str]:
    """WCAG 1.4.10 Reflow: at 320 CSS pixels nothing may need sideways scrolling of the whole page.

    Returns descriptions of the elements that stick out (empty when the page reflows); the
    viewport is restored afterwards.
    """
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": before["height"] if before else 844})
    try:
        return list(page.evaluate(_OVERFLOW_JS))
    finally:
        if before:
            page.set_viewport_size(before)


_MISSING_REFS_JS = """
() => {
  const out = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"]) {
    for (const el of document.querySelectorAll("[" + attr + "]")) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) out.push(el.tagName.toLowerCase() + "#" + el.id + " " + attr + " -> #" + id);
      }
    }
  }
  return out;
}
"""


def aria_reference_problems(page: Any) -> list[str]:
    """ARIA references to ids that are not on the page (axe accepts them while one id exists)."""
    return list(page.evaluate(_MISSING_REFS_JS))
