"""Forms of the privacy pages and of the back office's decisions on requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import CORRECTION_MAX_CHARS


class CorrectionForm(forms.Form):
    body = forms.CharField(
        label=_("訂正してほしい内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=CORRECTION_MAX_CHARS,
        help_text=_("どの情報を、どのように直してほしいかを書いてください。"),
    )


class DeletionForm(forms.Form):
    password = forms.CharField(label=_("パスワード(確認のため)"), widget=forms.PasswordInput, required=False)


class StopForm(forms.Form):
    reason = forms.CharField(
        label=_("中止の理由(本人にメールで届きます)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("対応の内容"), widget=forms.Textarea(attrs={"rows": 4}))
