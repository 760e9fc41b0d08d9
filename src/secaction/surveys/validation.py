"""Pure rules of a survey: is a question well defined, and are submitted answers acceptable.

No database access: both functions take question-like objects (``models.Question`` instances or
anything with the same attributes) and plain data, so they are tested exhaustively without HTTP.

Submitted data uses the answering form's field names (``field_name``): ``q.<key>`` for a question,
``q.<key>.<row>`` for one matrix row. A multiple-choice value is a list (``QueryDict.getlist``);
every other value is one string. ``answers_validate`` returns the clean answers keyed by question key:

- single / scale: the option key (``str``); multiple: the chosen keys in option order (``list[str]``);
- matrix: ``{row key: option key}``; number: ``int``; text: ``str`` (stripped).

Unanswered questions are absent from the clean answers, and so are the answers to questions hidden
by their condition (``show_if``): a visitor without JavaScript sees every question and may answer a
hidden one; that answer is dropped, not reported as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from django.utils.translation import gettext as _

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
TEXT_MAX = 2000  # characters of a free-text answer; longer is refused, not cut
SCALE_KEYS = ("1", "2", "3", "4", "5")
KINDS = ("single", "multiple", "scale", "matrix", "number", "text")
CHOICE_KINDS = ("single", "multiple", "scale")  # the kinds a condition may depend on
NUMBER_LIMIT = 10**12  # what Answer.number (BigIntegerField) holds with room to spare


class QuestionLike(Protocol):
    pk: Any
    key: str
    kind: str
    required: bool
    options: list[dict[str, str]]
    rows: list[dict[str, str]]
    max_choices: int | None
    min_value: int | None
    max_value: int | None
    show_if_id: Any
    show_if_options: list[str]


def field_name(key: str, row: str | None = None) -> str:
    """The form field name of question ``key`` (and of one matrix ``row``)."""
    return f"q.{key}" if row is None else f"q.{key}.{row}"


def scale_options() -> list[dict[str, str]]:
    """The fixed options of a 5-point scale question (staff may reword the labels, not the keys)."""
    labels = [
        ("全くあてはまらない", "Not at all"),
        ("あまりあてはまらない", "Not really"),
        ("どちらともいえない", "Neither"),
        ("ややあてはまる", "Somewhat"),
        ("よくあてはまる", "Very much"),
    ]
    return [{"key": k, "ja": ja, "en": en} for k, (ja, en) in zip(SCALE_KEYS, labels, strict=True)]


def _items_errors(items: Any, what: str) -> list[str]:
    """Errors of an options / rows list: each ``{"key", "ja", "en"}``, keys unique slugs, Japanese given."""
    if not isinstance(items, list) or not items:
        return [_("%(what)sを1つ以上入力してください。") % {"what": what}]
    errors: list[str] = []
    seen: set[str] = set()
    for item in items:
        key = item.get("key", "") if isinstance(item, dict) else ""
        if not isinstance(key, str) or not SLUG.match(key):
            errors.append(
                _("%(what)sのキー「%(key)s」は半角英数字・ハイフン・下線(40文字まで)で入力してください。")
                % {"what": what, "key": key}
            )
            continue
        if key in seen:
            errors.append(_("%(what)sのキー「%(key)s」が重複しています。") % {"what": what, "key": key})
        seen.add(key)
        if not str(item.get("ja", "")).strip():
            errors.append(
                _("%(what)s「%(key)s」の日本語の表示を入力してください。") % {"what": what, "key": key}
            )
    return errors


def question_definition_errors(
    definition: Mapping[str, Any], *, earlier: Sequence[QuestionLike], taken_keys: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Errors of a question definition, keyed by field (empty when valid).

    ``definition`` holds the ``Question`` fields (``key``, ``kind``, ``text_ja``, ``options``, ``rows``,
    ``max_choices``, ``min_value``, ``max_value``, ``show_if`` (a question or None), ``show_if_options``);
    ``earlier`` are the survey's questions before this one (a condition may only look back);
    ``taken_keys`` the other questions' keys.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    key = definition.get("key", "")
    if not isinstance(key, str) or not SLUG.match(key):
        add("key", _("キーは半角英数字・ハイフン・下線(40文字まで)で入力してください。"))
    elif key in set(taken_keys):
        add("key", _("このキーは同じアンケートの別の質問で使われています。"))
    kind = definition.get("kind")
    if kind not in KINDS:
        add("kind", _("質問の形式を選んでください。"))
        return errors
    if not str(definition.get("text_ja", "")).strip():
        add("text_ja", _("質問文(日本語)を入力してください。"))
    options = definition.get("options") or []
    rows = definition.get("rows") or []
    if kind in ("single", "multiple", "matrix"):
        for message in _items_errors(options, _("選択肢")):
            add("options", message)
    elif kind == "scale":
        keys = [o.get("key") for o in options] if isinstance(options, list) else []
        if keys != list(SCALE_KEYS) or any(not str(o.get("ja", "")).strip() for o in options):
            add("options", _("5段階評価の選択肢は1から5の5つで、それぞれに日本語の表示が必要です。"))
    elif options:
        add("options", _("この形式の質問には選択肢を設定できません。"))
    if kind == "matrix":
        for message in _items_errors(rows, _("行")):
            add("rows", message)
    elif rows:
        add("rows", _("行を設定できるのはマトリクスの質問だけです。"))
    max_choices = definition.get("max_choices")
    if max_choices is not None:
        if kind != "multiple":
            add("max_choices", _("選べる数の上限を設定できるのは複数選択の質問だけです。"))
        elif not 1 <= max_choices <= max(len(options), 1):
            add("max_choices", _("選べる数の上限は1から選択肢の数までで入力してください。"))
    low, high = definition.get("min_value"), definition.get("max_value")
    if (low is not None or high is not None) and kind != "number":
        add("min_value", _("最小値・最大値を設定できるのは数値の質問だけです。"))
    elif low is not None and high is not None and low > high:
        add("max_value", _("最大値は最小値以上にしてください。"))
    for field, value in (("min_value", low), ("max_value", high)):
        if value is not None and abs(value) > NUMBER_LIMIT:
            add(field, _("数値が大きすぎます。"))
    show_if = definition.get("show_if")
    show_if_options = list(definition.get("show_if_options") or [])
    if show_if is None:
        if show_if_options:
            add("show_if", _("表示の条件にする質問を選んでください。"))
    elif show_if.pk not in {q.pk for q in earlier}:
        add("show_if", _("表示の条件にできるのは、この質問より前の質問だけです。"))
    elif show_if.kind not in CHOICE_KINDS:
        add("show_if", _("表示の条件にできるのは、単一選択・複数選択・5段階評価の質問だけです。"))
    elif not show_if_options:
        add("show_if_options", _("どの回答のときに表示するかを選んでください。"))
    elif not set(show_if_options) <= {o["key"] for o in show_if.options}:
        add("show_if_options", _("表示の条件に、条件の質問にない選択肢が含まれています。"))
    return errors


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    """The submitted strings under ``name`` (a QueryDict's list, a list, or one value), blanks removed."""
    if hasattr(data, "getlist"):
        raw: Any = data.getlist(name)
    else:
        raw = data.get(name, [])
    if not isinstance(raw, list | tuple):
        raw = [raw]
    return [str(v).strip() for v in raw if v is not None and str(v).strip()]


def is_shown(question: QuestionLike, clean: Mapping[str, Any], keys_by_id: Mapping[Any, str]) -> bool:
    """Whether ``question`` applies given the clean answers of the questions before it."""
    if question.show_if_id is None:
        return True
    answer = clean.get(keys_by_id.get(question.show_if_id, ""))
    chosen = set(answer) if isinstance(answer, list) else {answer}
    return bool(chosen & set(question.show_if_options or []))


def answers_validate(
    questions: Sequence[QuestionLike], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check submitted ``data`` against ``questions`` (in their order; removed ones left out by the caller).

    Returns ``(clean, errors)``: the accepted answers keyed by question key, and Japanese messages
    keyed by question key. A question hidden by its condition is skipped and its answer dropped.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    keys_by_id = {q.pk: q.key for q in questions}
    for question in questions:
        if not is_shown(question, clean, keys_by_id):
            continue
        value, problem = _answer(question, data)
        if problem:
            errors[question.key] = [problem]
        elif value is not None:
            clean[question.key] = value
        elif question.required:
            errors[question.key] = [_("この質問には回答が必要です。")]
    return clean, errors


def _answer(question: QuestionLike, data: Mapping[str, Any]) -> tuple[Any, str]:
    """One question's clean answer (None when unanswered) or a message saying what is wrong."""
    name = field_name(question.key)
    option_keys = [o["key"] for o in question.options or []]
    if question.kind == "matrix":
        return _matrix_answer(question, data, option_keys)
    values = _values(data, name)
    if not values:
        return None, ""
    if question.kind in ("single", "scale"):
        if len(values) > 1 or values[0] not in option_keys:
            return None, _("選択肢の中から1つ選んでください。")
        return values[0], ""
    if question.kind == "multiple":
        if not set(values) <= set(option_keys):
            return None, _("選択肢の中から選んでください。")
        if question.max_choices and len(set(values)) > question.max_choices:
            return None, _("選べるのは%(count)dつまでです。") % {"count": question.max_choices}
        return [k for k in option_keys if k in values], ""
    if len(values) > 1:
        return None, _("回答は1つだけ入力してください。")
    if question.kind == "number":
        return _number_answer(question, values[0])
    if len(values[0]) > TEXT_MAX:
        return None, _("%(max)d文字以内で入力してください。") % {"max": TEXT_MAX}
    return values[0], ""


def _number_answer(question: QuestionLike, raw: str) -> tuple[Any, str]:
    text = raw.replace(",", "").translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
    if not re.fullmatch(r"-?[0-9]{1,13}", text):
        return None, _("整数で入力してください。")
    number = int(text)
    low, high = question.min_value, question.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return None, _("%(low)dから%(high)dまでの数で入力してください。") % {"low": low, "high": high}
        if low is not None:
            return None, _("%(low)d以上の数で入力してください。") % {"low": low}
        return None, _("%(high)d以下の数で入力してください。") % {"high": high}
    return number, ""


def _matrix_answer(
    question: QuestionLike, data: Mapping[str, Any], option_keys: list[str]
) -> tuple[Any, str]:
    cells: dict[str, str] = {}
    for row in question.rows or []:
        values = _values(data, field_name(question.key, row["key"]))
        if not values:
            continue
        if len(values) > 1 or values[0] not in option_keys:
            return None, _("各行で、選択肢の中から1つ選んでください。")
        cells[row["key"]] = values[0]
    if not cells:
        return None, ""
    if question.required and len(cells) < len(question.rows):
        return None, _("すべての行に回答してください。")
    return cells, ""


def answers_as_data(questions: Sequence[QuestionLike], clean: Mapping[str, Any]) -> dict[str, Any]:
    """Clean answers (or a saved draft) turned back into form data, to fill the form in again."""
    data: dict[str, Any] = {}
    for question in questions:
        value = clean.get(question.key)
        if value is None:
            continue
        if question.kind == "matrix" and isinstance(value, dict):
            for row, option in value.items():
                data[field_name(question.key, row)] = option
        elif question.kind == "multiple" and isinstance(value, list):
            data[field_name(question.key)] = [str(v) for v in value]
        else:
            data[field_name(question.key)] = str(value)
    return data


def draft_from_data(questions: Sequence[QuestionLike], data: Mapping[str, Any]) -> dict[str, Any]:
    """What ``Invitation.draft`` keeps of partly filled ``data``: every submitted value of a known
    question, unvalidated (the draft is work in progress), multiple choices as lists, text capped."""
    draft: dict[str, Any] = {}
    for question in questions:
        if question.kind == "matrix":
            cells = {
                row["key"]: values[0]
                for row in question.rows or []
                if (values := _values(data, field_name(question.key, row["key"])))
            }
            if cells:
                draft[question.key] = cells
            continue
        values = _values(data, field_name(question.key))
        if not values:
            continue
        draft[question.key] = values if question.kind == "multiple" else values[0][:TEXT_MAX]
    return draft
