"""Forms of the contact pages and of the office's inquiry page. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Category, Status
from .services import BODY_MAX, SUBJECT_MAX


class InquiryForm(forms.Form):
    category = forms.ChoiceField(label=_("お問い合わせの種類"), choices=Category.choices)
    subject = forms.CharField(label=_("件名"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("お問い合わせ内容"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("ファイルの添付は受け付けていません。画面の内容などは文章で書いてください。"),
    )
    name = forms.CharField(label=_("お名前"), max_length=100)
    email = forms.EmailField(
        label=_("メールアドレス"), help_text=_("受付番号と事務局からの回答をこのアドレスに送ります。")
    )
    # The honeypot: hidden from people (CSS class, not in the tab order), filled in by naive bots.
    homepage = forms.CharField(
        label=_("この欄は空のままにしてください"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    visible_fields_names = ("category", "subject", "body", "name", "email")


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("返信"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("ファイルの添付は受け付けていません。"),
    )


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label=_("回答(お問い合わせ者にメールで届きます)"), widget=forms.Textarea(attrs={"rows": 8})
    )
    waiting = forms.BooleanField(label=_("お問い合わせ者の返信を待つ(質問を返すとき)"), required=False)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("内部メモ(事務局だけが見ます)"), widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("担当スタッフ"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("(なし)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("email")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状態"), choices=Status.choices)
