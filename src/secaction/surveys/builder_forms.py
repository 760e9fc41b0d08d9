"""Back-office forms of the survey builder (``surveys.admin``): they only parse what staff type; the
services (``services.builder``) decide what is allowed and audit it.

Options and matrix rows are edited as one line each: ``key|日本語|English`` (the English may be left out).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Question, Survey


def lines_parse(text: str) -> list[dict[str, str]]:
    """``key|日本語|English`` lines to option dicts; raises ValidationError naming a malformed line."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3):
            raise forms.ValidationError(
                gettext("%(number)d行目は「キー|日本語|English」の形で入力してください。")
                % {"number": number}
            )
        items.append({"key": parts[0], "ja": parts[1], "en": parts[2] if len(parts) == 3 else ""})
    return items


def lines_format(items: list[dict[str, str]]) -> str:
    """Option dicts back to the lines staff edit."""
    return "\n".join(f"{i['key']}|{i.get('ja', '')}|{i.get('en', '')}".rstrip("|") for i in items or [])


class SurveyForm(forms.Form):
    title_ja = forms.CharField(label=_("タイトル(日本語)"), max_length=200)
    title_en = forms.CharField(label=_("タイトル(英語)"), max_length=200, required=False)
    intro_ja = forms.CharField(label=_("説明(日本語)"), widget=forms.Textarea, required=False)
    intro_en = forms.CharField(label=_("説明(英語)"), widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label=_("種類"), choices=Survey.Kind.choices)
    mode = forms.ChoiceField(label=_("回答の扱い"), choices=Survey.Mode.choices)
    attributes = forms.MultipleChoiceField(
        label=_("回答に残す属性"),
        choices=[
            ("level", _("段階")),
            ("prefecture", _("都道府県")),
            ("industry", _("業種")),
            ("size", _("従業員数")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("匿名の回答に残す属性です。何も選ばなければすべて残します。"),
    )
    closes_at = forms.DateTimeField(
        label=_("締切日時"),
        required=False,
        help_text=_("例: 2026-12-31 17:00。過ぎると回答を受け付けません。"),
    )

    @classmethod
    def initial_of(cls, survey: Survey) -> dict[str, Any]:
        return {name: getattr(survey, name) for name in cls.base_fields}


class QuestionForm(forms.Form):
    key = forms.SlugField(label=_("キー"), max_length=40, help_text=_("集計と書き出しで使う半角の名前です。"))
    kind = forms.ChoiceField(label=_("形式"), choices=Question.Kind.choices)
    text_ja = forms.CharField(label=_("質問文(日本語)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(
        label=_("質問文(英語)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    help_ja = forms.CharField(
        label=_("補足(日本語)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    help_en = forms.CharField(label=_("補足(英語)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    required = forms.BooleanField(label=_("回答必須"), required=False)
    options = forms.CharField(
        label=_("選択肢"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 70}),
        required=False,
        help_text=_(
            "1行に1つ、「キー|日本語|English」の形で入力します。5段階評価は空欄にすると標準の選択肢になります。"
        ),
    )
    rows = forms.CharField(
        label=_("マトリクスの行"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        required=False,
        help_text=_("マトリクスの質問だけ。書き方は選択肢と同じです。"),
    )
    max_choices = forms.IntegerField(label=_("選べる数の上限"), min_value=1, required=False)
    min_value = forms.IntegerField(label=_("最小値"), required=False)
    max_value = forms.IntegerField(label=_("最大値"), required=False)
    show_if = forms.ModelChoiceField(
        label=_("表示の条件にする質問"), queryset=Question.objects.none(), required=False
    )
    show_if_options = forms.CharField(
        label=_("表示の条件にする回答"),
        required=False,
        help_text=_("条件の質問の選択肢のキーを、カンマ区切りで入力します。"),
    )

    # The fields each kind uses; the others are left off the form so staff see only what applies.
    KIND_FIELDS: dict[str, tuple[str, ...]] = {
        "single": ("options",),
        "multiple": ("options", "max_choices"),
        "scale": ("options",),
        "matrix": ("options", "rows"),
        "number": ("min_value", "max_value"),
        "text": (),
    }

    def __init__(self, *args: Any, survey: Survey, before: Question | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = (self.data.get("kind") if self.is_bound else None) or self.initial.get("kind") or "single"
        for name in ("options", "rows", "max_choices", "min_value", "max_value"):
            if name not in self.KIND_FIELDS.get(str(kind), ()):
                del self.fields[name]
        earlier = survey.questions.filter(removed_at__isnull=True, kind__in=["single", "multiple", "scale"])
        if before is not None:
            earlier = earlier.filter(position__lt=before.position)
        self.fields["show_if"].queryset = earlier.order_by("position")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A field the kind does not use is emptied, so changing a draft question's kind clears it.
        for name, empty in (
            ("options", []),
            ("rows", []),
            ("max_choices", None),
            ("min_value", None),
            ("max_value", None),
        ):
            if name not in self.fields:
                data[name] = empty
        return data

    def clean_options(self) -> list[dict[str, str]]:  # only called when the kind has options
        return lines_parse(self.cleaned_data["options"])

    def clean_rows(self) -> list[dict[str, str]]:
        return lines_parse(self.cleaned_data["rows"])

    def clean_show_if_options(self) -> list[str]:
        return [k.strip() for k in self.cleaned_data["show_if_options"].split(",") if k.strip()]

    @staticmethod
    def initial_of(question: Question) -> dict[str, Any]:
        return {
            **{
                name: getattr(question, name)
                for name in ("key", "kind", "text_ja", "text_en", "help_ja", "help_en")
            },
            "required": question.required,
            "options": lines_format(question.options),
            "rows": lines_format(question.rows),
            "max_choices": question.max_choices,
            "min_value": question.min_value,
            "max_value": question.max_value,
            "show_if": question.show_if_id,
            "show_if_options": ", ".join(question.show_if_options or []),
        }


class ReopenForm(forms.Form):
    """Accepting answers again after closing, with a new deadline or none."""

    closes_at = forms.DateTimeField(
        label=_("新しい締切日時"),
        required=False,
        help_text=_("例: 2026-12-31 17:00。空欄なら締切を設けません。"),
    )
