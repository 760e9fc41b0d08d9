"""Forms of the declaring wizard and the declarer's own actions. Validation rules live in rules.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level, PublicationMethod
from .rules import TwoStarInput, two_star_errors


class GoalForm(forms.Form):
    level = forms.ChoiceField(
        label=_("宣言する段階"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("一つ星か二つ星を選んでください。")},
    )


class PledgeForm(forms.Form):
    """One checkbox per principle; all five are required to declare."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, 6):
            self.fields[f"p{n}"] = forms.BooleanField(
                label=_("この項目に取り組みます"),
                required=True,
                error_messages={"required": _("取り組むことを宣言するには、チェックを入れてください。")},
            )

    def pledged(self) -> list[int]:
        return [n for n in range(1, 6) if self.cleaned_data.get(f"p{n}")]


class TwoStarForm(forms.Form):
    diagnosis_stated = forms.BooleanField(
        label=_("「5分でできる!情報セキュリティ自社診断」を実施しました(紙などで実施した場合)"),
        required=False,
    )
    policy_stated = forms.BooleanField(
        label=_("情報セキュリティ基本方針を定め、外部に公開しています"), required=False
    )
    publication_method = forms.ChoiceField(
        label=_("情報セキュリティ基本方針外部公開方法"),
        choices=PublicationMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("基本方針の外部公開方法を選んでください。")},
    )
    publication_url = forms.CharField(
        label=_("基本方針を掲載しているページのURL"),
        required=False,
        max_length=200,
        help_text=_(
            "「自社ウェブサイト」を選んだ場合は必須です。例: https://www.example.co.jp/security-policy"
        ),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    publication_note = forms.CharField(
        label=_("公開方法の説明"),
        required=False,
        max_length=300,
        help_text=_("「その他」を選んだ場合は必須です。例: 店頭に掲示し、求めに応じて書面でお渡ししています"),
    )
    privacy_ack = forms.BooleanField(
        label=_(
            "個人情報保護方針(プライバシーポリシー)だけでは、情報セキュリティ基本方針を公開したことにならないことを理解しました"
        ),
        required=True,
        error_messages={
            "required": _(
                "個人情報保護方針と情報セキュリティ基本方針の違いを確認して、チェックを入れてください。"
            )
        },
    )

    def __init__(self, *args: Any, diagnosis: Any = None, policy: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.diagnosis = diagnosis
        self.policy = policy

    def two_star_input(self) -> TwoStarInput:
        data = self.cleaned_data
        return TwoStarInput(
            publication_method=data.get("publication_method") or "",
            publication_url=(data.get("publication_url") or "").strip(),
            publication_note=(data.get("publication_note") or "").strip(),
            diagnosis_ref=self.diagnosis.id if self.diagnosis else None,
            diagnosis_total=self.diagnosis.total if self.diagnosis else None,
            policy_ref=self.policy.id if self.policy else None,
            diagnosis_stated=bool(data.get("diagnosis_stated")),
            policy_stated=bool(data.get("policy_stated")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in two_star_errors(self.two_star_input()).items():
            if field in ("diagnosis", "policy"):
                self.add_error(f"{field}_stated", message)
            elif field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


class TermsForm(forms.Form):
    agree = forms.BooleanField(
        label=_("ロゴマーク使用規約を読み、同意します"),
        required=True,
        error_messages={"required": _("申し込むには、ロゴマーク使用規約への同意が必要です。")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("理由を入力してください。")},
    )
