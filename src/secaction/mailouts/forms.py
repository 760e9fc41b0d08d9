"""Back-office forms of the mail-outs: composing (text and recipient filter), sending, cancelling.

Forms only collect input; the services (``mailouts.services``) validate the rules and refuse with a
message next to the field (the form's field names are the services' keyword and filter names).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from secaction.organizations.choices import EMPLOYEE_BAND_CHOICES, INDUSTRY_CHOICES, PREFECTURE_CHOICES
from secaction.registry.models import PublicLevel, PublicStatus
from secaction.surveys.models import Survey

from .filters import RecipientFilter
from .models import SYSTEM_KINDS, Mailout

TRISTATE_CHOICES = [("any", _("指定しない")), ("yes", _("はい")), ("no", _("いいえ"))]
LANGUAGE_CHOICES = [("all", _("すべて")), ("ja", _("日本語")), ("en", _("英語"))]


class MailoutComposeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("種類"), choices=[c for c in Mailout.Kind.choices if c[0] not in SYSTEM_KINDS]
    )
    survey = forms.ModelChoiceField(
        label=_("対象のアンケート"),
        queryset=Survey.objects.filter(kind=Survey.Kind.INVITATION),
        required=False,
        help_text=_("アンケートの依頼・督促のときだけ選びます。"),
    )
    subject_ja = forms.CharField(label=_("件名(日本語)"), max_length=200, required=False)
    body_ja = forms.CharField(
        label=_("本文(日本語)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_("{name} は事業者名に、{survey_url} は回答用リンクに置き換わります。"),
    )
    subject_en = forms.CharField(label=_("件名(英語)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("本文(英語)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_("空欄なら、英語を選んだ宛先にも日本語版を送ります。"),
    )
    rate_per_second = forms.IntegerField(
        label=_("送信速度(通/秒)"), min_value=1, max_value=500, initial=settings.MAILOUT_DEFAULT_RATE
    )
    levels = forms.MultipleChoiceField(
        label=_("段階"), choices=PublicLevel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    statuses = forms.MultipleChoiceField(
        label=_("宣言の状態"),
        choices=PublicStatus.choices,
        required=False,
        initial=[PublicStatus.ACTIVE.value],
        widget=forms.CheckboxSelectMultiple,
    )
    prefectures = forms.MultipleChoiceField(
        label=_("都道府県"),
        choices=PREFECTURE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    industries = forms.MultipleChoiceField(
        label=_("業種"),
        choices=INDUSTRY_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    sizes = forms.MultipleChoiceField(
        label=_("従業員数"),
        choices=EMPLOYEE_BAND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    declared_from = forms.DateField(
        label=_("宣言日(から)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    declared_to = forms.DateField(
        label=_("宣言日(まで)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    identity_verified = forms.ChoiceField(
        label=_("GビズIDで確認済み"), choices=TRISTATE_CHOICES, initial="any"
    )
    supporter = forms.ChoiceField(label=_("普及賛同企業等(掲載中)"), choices=TRISTATE_CHOICES, initial="any")
    language = forms.ChoiceField(label=_("メールの言語"), choices=LANGUAGE_CHOICES, initial="all")

    TEXT_FIELDS = ("kind", "survey", "subject_ja", "subject_en", "body_ja", "body_en", "rate_per_second")
    FILTER_FIELDS = (
        "levels",
        "statuses",
        "prefectures",
        "industries",
        "sizes",
        "declared_from",
        "declared_to",
        "identity_verified",
        "supporter",
        "language",
    )

    def recipient_filter(self) -> dict[str, Any]:
        """The filter as ``RecipientFilter.from_dict`` takes it (dates as ISO strings)."""
        data = self.cleaned_data
        return {
            name: (data[name].isoformat() if name.startswith("declared_") and data[name] else data[name])
            for name in self.FILTER_FIELDS
        }

    def service_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``mailout_create`` / ``mailout_update``."""
        kwargs = {name: self.cleaned_data[name] for name in self.TEXT_FIELDS}
        return {**kwargs, "filters": self.recipient_filter()}

    @classmethod
    def initial_for(cls, mailout: Mailout | None, params: Any) -> dict[str, Any]:
        """Initial values: a draft's own, or ``?kind=invitation&survey=<id>`` from the survey's page."""
        if mailout is None:
            initial: dict[str, Any] = {}
            if params.get("kind") in Mailout.Kind.values:
                initial["kind"] = params["kind"]
            if str(params.get("survey", "")).isdigit():
                initial["survey"] = int(params["survey"])
            if initial.get("kind") in (Mailout.Kind.SURVEY_INVITATION, Mailout.Kind.SURVEY_REMINDER):
                initial["body_ja"] = "{name} 御中\n\n\n{survey_url}\n"
            return initial
        flt = RecipientFilter.from_dict(mailout.filters)
        return {
            **{name: getattr(mailout, name) for name in cls.TEXT_FIELDS if name != "survey"},
            "survey": mailout.survey_id,
            **{name: list(value) if isinstance(value, tuple) else value for name, value in vars(flt).items()},
        }


class MailoutSendForm(forms.Form):
    WHEN = [("now", _("今すぐ送信")), ("later", _("日時を指定して送信予約"))]

    when = forms.ChoiceField(
        label=_("送信のタイミング"), choices=WHEN, initial="now", widget=forms.RadioSelect
    )
    at = forms.DateTimeField(
        label=_("送信予定日時"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == "later" and not data.get("at"):
            self.add_error("at", _("送信予定日時を入力してください。"))
        return data

    def scheduled_at(self) -> Any:
        return self.cleaned_data["at"] if self.cleaned_data["when"] == "later" else None


class MailoutCancelForm(forms.Form):
    reason = forms.CharField(label=_("中止の理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class SuppressionAddForm(forms.Form):
    email = forms.EmailField(label=_("メールアドレス"))
    detail = forms.CharField(
        label=_("経緯"),
        max_length=500,
        required=False,
        help_text=_("例: 電話で配信停止の依頼を受けた(日付と担当者)。"),
    )
