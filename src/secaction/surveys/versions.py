"""Which edits a survey in the field allows (pure; docs/surveys.md, "Editing a survey in the field").

While a survey is a draft with no responses anything may change. Once it is open (or has responses),
an edit must not break the answers already collected: questions are hidden (``removed_at``), never
removed; a question's kind, key and condition stay; options and matrix rows keep their keys and may
only be added to; nothing is tightened (optional to required, a lower ``max_choices``, a narrower
number range). Wording in either language, help text, new options/rows, new *optional* questions and
loosening are allowed, and each allowed change raises ``Survey.version`` (the services do that).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

# The fields a question definition has; ``definition_of`` snapshots them for comparisons and the audit log.
FIELDS = (
    "key",
    "kind",
    "text_ja",
    "text_en",
    "help_ja",
    "help_en",
    "required",
    "options",
    "rows",
    "max_choices",
    "min_value",
    "max_value",
    "show_if_id",
    "show_if_options",
)


def definition_of(question: Any) -> dict[str, Any]:
    """The comparable definition of a question (model instance or alike)."""
    return {name: getattr(question, name) for name in FIELDS}


def is_in_field(status: str, has_responses: bool) -> bool:
    """Whether a survey's questions are frozen by collected (or collectable) answers."""
    return status != "draft" or has_responses


def _keys(items: Any) -> list[str]:
    return [item["key"] for item in items or []]


def question_change_refusals(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Why changing a question of a survey in the field from ``before`` to ``after`` is refused (empty: allowed)."""
    refusals: list[str] = []
    if before["kind"] != after["kind"]:
        refusals.append(_("回答の受付を始めた後は、質問の形式を変更できません。"))
    if before["key"] != after["key"]:
        refusals.append(_("回答の受付を始めた後は、質問のキーを変更できません。"))
    for field, label in (("options", _("選択肢")), ("rows", _("行"))):
        old, new = _keys(before[field]), _keys(after[field])
        if not set(old) <= set(new):
            refusals.append(
                _("回答の受付を始めた後は、%(what)sを削除したりキーを変えたりできません(追加はできます)。")
                % {"what": label}
            )
    if after["required"] and not before["required"]:
        refusals.append(_("回答の受付を始めた後は、任意の質問を必須に変更できません。"))
    old_max, new_max = before["max_choices"], after["max_choices"]
    if new_max is not None and (old_max is None or new_max < old_max):
        refusals.append(_("回答の受付を始めた後は、選べる数の上限を下げられません。"))
    old_low, new_low = before["min_value"], after["min_value"]
    if new_low is not None and (old_low is None or new_low > old_low):
        refusals.append(_("回答の受付を始めた後は、最小値を上げられません。"))
    old_high, new_high = before["max_value"], after["max_value"]
    if new_high is not None and (old_high is None or new_high < old_high):
        refusals.append(_("回答の受付を始めた後は、最大値を下げられません。"))
    if before["show_if_id"] != after["show_if_id"] or set(before["show_if_options"] or []) != set(
        after["show_if_options"] or []
    ):
        refusals.append(_("回答の受付を始めた後は、表示の条件を変更できません。"))
    return refusals


def question_addition_refusals(definition: Mapping[str, Any]) -> list[str]:
    """Why adding this question to a survey in the field is refused: a new question must be optional,
    or the responses already collected would lack a required answer."""
    if definition.get("required"):
        return [_("回答の受付を始めた後に追加する質問は、任意回答にしてください。")]
    return []


def is_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Whether anything differs (an unchanged save does not raise the version)."""
    return any(before[name] != after[name] for name in FIELDS)
