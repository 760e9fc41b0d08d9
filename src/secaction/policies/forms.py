"""Forms of the policies app: parsing only; the rules live in checks, validation and services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from secaction.core.public_text import PublicTextValidator

from .handbook import ITEM_NUMBERS, STATUS_LABELS, HandbookRule, rules_data
from .suggest import SECTIONS
from .validation import MAX_ADDRESSES_PER_SEND, emails_parse

SECTION_MAX_LENGTH = 3000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

SECTION_HELP = {
    "purpose": _("なぜ情報セキュリティに取り組むのかを、最初に短く書きます。"),
    "management": _("経営者が責任を持って取り組むこと(人・時間・費用の確保、見直し)を書きます。"),
    "structure": _("誰が担当し、ルールをどう決めて共有するかを書きます。"),
    "staff": _("働く人が守ること、会社が教育などで支えることを書きます。"),
    "compliance": _("守る法令や、取引先との契約上の約束について書きます。"),
    "incident": _("事故やルール違反が起きたときの報告と対応、再発防止について書きます。"),
}


def clean_text(value: str) -> str:
    """Strip control characters that no output format can hold, and normalise newlines."""
    return _CONTROL.sub("", value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class PolicyForm(forms.Form):
    organization_name = forms.CharField(label=_("事業者名"), max_length=200, required=False)
    representative_title = forms.CharField(label=_("代表者役職"), max_length=100, required=False)
    representative_name = forms.CharField(label=_("代表者氏名"), max_length=100, required=False)
    established_on = forms.DateField(
        label=_("制定日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日付は 2025-04-01 のように入力してください。")},
    )
    confirm_warnings = forms.BooleanField(
        label=_("注意の内容を確認しました。このまま保存します。"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, heading in SECTIONS:
            self.fields[key] = forms.CharField(
                label=_(heading),
                required=False,
                max_length=SECTION_MAX_LENGTH,
                help_text=SECTION_HELP[key],
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        order = [key for key, _heading in SECTIONS] + [
            "established_on",
            "organization_name",
            "representative_title",
            "representative_name",
            "confirm_warnings",
        ]
        self.order_fields(order)
        # The published page and the PDF show these: the service refuses the same characters.
        for key, field in self.fields.items():
            if isinstance(field, forms.CharField):
                field.validators.append(PublicTextValidator(multiline=key in dict(SECTIONS), pdf=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean_text(value)
        return data


class PolicyPublishForm(forms.Form):
    confirm_warnings = forms.BooleanField(
        label=_("注意の内容を確認しました。このまま公開します。"), required=False
    )


class HandbookForm(forms.Form):
    title = forms.CharField(label=_("表題"), max_length=200)
    intro = forms.CharField(
        label=_("はじめに"),
        required=False,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = forms.CharField(
        label=_("相談先・報告先"),
        required=False,
        max_length=1000,
        help_text=_("事故や困りごとを誰に報告・相談するか(氏名・電話番号など)を書きます。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assessment_ref = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = rules_data()
        for number in ITEM_NUMBERS:
            self.fields[f"rule_{number}_included"] = forms.BooleanField(
                label=_("このルールを載せる"), required=False
            )
            self.fields[f"rule_{number}_text"] = forms.CharField(
                label=f"{number}. {data[number]['title']}",
                required=False,
                max_length=SECTION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[f"rule_{number}_status"] = forms.ChoiceField(
                choices=[(k, k) for k in STATUS_LABELS], widget=forms.HiddenInput
            )
            self.fields[f"rule_{number}_answer"] = forms.ChoiceField(
                choices=[(k, k) for k in ("", "yes", "partial", "no", "unknown")],
                required=False,
                widget=forms.HiddenInput,
            )

    @staticmethod
    def initial_from(
        *, title: str, intro: str, contact: str, rules: list[HandbookRule], assessment_ref: int | None
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": title,
            "intro": intro,
            "contact": contact,
            "assessment_ref": assessment_ref,
        }
        for rule in rules:
            n = rule["number"]
            initial[f"rule_{n}_included"] = rule.get("included", True)
            initial[f"rule_{n}_text"] = rule["text"]
            initial[f"rule_{n}_status"] = rule["status"]
            initial[f"rule_{n}_answer"] = rule.get("answer", "")
        return initial

    def rule_rows(self) -> list[dict[str, Any]]:
        """Bound fields grouped per rule, for the template."""
        data = rules_data()
        rows = []
        for number in ITEM_NUMBERS:
            status = self[f"rule_{number}_status"].value() or "none"
            rows.append(
                {
                    "number": number,
                    "part": data[number]["part"],
                    "theme": data[number]["theme"],
                    "status": status,
                    "status_label": gettext(STATUS_LABELS[str(status)])
                    if str(status) in STATUS_LABELS
                    else "",
                    "included": self[f"rule_{number}_included"],
                    "text": self[f"rule_{number}_text"],
                    "hidden": [self[f"rule_{number}_status"], self[f"rule_{number}_answer"]],
                }
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = clean_text(value)
        for number in ITEM_NUMBERS:
            if cleaned.get(f"rule_{number}_included") and not cleaned.get(f"rule_{number}_text"):
                self.add_error(f"rule_{number}_text", _("載せるルールの本文が空です。"))
        return cleaned

    def rules(self) -> list[HandbookRule]:
        data = rules_data()
        cleaned = self.cleaned_data
        return [
            HandbookRule(
                number=n,
                part=data[n]["part"],
                theme=data[n]["theme"],
                title=data[n]["title"],
                status=cleaned.get(f"rule_{n}_status") or "none",
                answer=cleaned.get(f"rule_{n}_answer") or "",
                text=cleaned.get(f"rule_{n}_text") or "",
                included=bool(cleaned.get(f"rule_{n}_included")),
            )
            for n in ITEM_NUMBERS
        ]


class RecipientsForm(forms.Form):
    emails = forms.CharField(
        label=_("送り先のメールアドレス"),
        help_text=_("複数のアドレスは、改行・カンマ・スペースで区切って入力できます。重複は自動で除きます。"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        max_length=20000,
    )

    def clean_emails(self) -> list[str]:
        valid, invalid = emails_parse(self.cleaned_data["emails"])
        if invalid:
            raise forms.ValidationError(
                _("メールアドレスとして正しくないものがあります: %(list)s"),
                params={"list": "、".join(invalid[:10])},
            )
        if not valid:
            raise forms.ValidationError(_("メールアドレスを入力してください。"))
        if len(valid) > MAX_ADDRESSES_PER_SEND:
            raise forms.ValidationError(
                _("一度に送れるのは %(max)d 件までです。"), params={"max": MAX_ADDRESSES_PER_SEND}
            )
        return valid
