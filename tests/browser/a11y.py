"""Helpers for the accessibility browser tests: run axe-core on a page and describe what it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the conformance target of the portal.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


@dataclass
class AxeFindings:
    """Violations found on one page, split into those that fail a test and those only reported."""

    label: str
    url: str
    blocking: list[dict[str, Any]] = field(default_factory=list)
    reported: list[dict[str, Any]] = field(default_factory=list)


def axe_check(page: Any, label: str) -> AxeFindings:
    """Run axe-core with the WCAG A/AA rules on the page as it is now."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    findings = AxeFindings(label=label, url=page.url)
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
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
        check["message"] for kind in ("any", "all", "none") for check in node.get(kind, []) if check["message"]
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
