"""Forms of the claim pages: they only parse what was typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationIdForm(forms.Form):
    declaration_id = forms.CharField(
        label=_("宣言ID(11桁の数字)"),
        max_length=40,
        help_text=_("以前の申込みシステムで宣言したときにお知らせした、4から始まる11桁の番号です。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ClaimCodeForm(forms.Form):
    code = forms.CharField(
        label=_("確認コード(6桁の数字)"),
        max_length=20,
        help_text=_("登録されている連絡先メールアドレスに届いた6桁の数字を入力してください。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ClaimRequestForm(forms.Form):
    declaration_id = DeclarationIdForm.base_fields["declaration_id"]
    message = forms.CharField(
        label=_("事務局へのメッセージ"),
        max_length=2000,
        help_text=_(
            "どなたか(会社名・部署・お名前)、登録されている連絡先メールアドレスが使えない理由(担当者の異動、"
            "アドレスの変更など)、宣言した会社との関係を書いてください。"
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact_name = forms.CharField(label=_("お名前"), max_length=100)
    contact_phone = forms.CharField(
        label=_("電話番号"),
        max_length=20,
        required=False,
        help_text=_("事務局から確認の電話をすることがあります。"),
    )


class DecisionForm(forms.Form):
    """The back office's accept / reject form: the reason is audited and mailed to the requester."""

    reason = forms.CharField(
        label=_("理由・申請者への連絡(監査ログに残り、申請者にメールで届きます)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )
