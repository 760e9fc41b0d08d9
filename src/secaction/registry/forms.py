"""Forms of the public registry pages. Each cleans input into what the selectors expect."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secaction.core.text import number_compact
from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.organizations.choices import INDUSTRY_CHOICES, PREFECTURE_CHOICES
from secaction.organizations.validation import corporate_number_normalize

from .history import AsOfError, as_of_parse, today_japan
from .models import PublicLevel

MAX_BATCH = 100


def _declaration_id(value: str) -> str:
    try:
        return declaration_id_normalize(value)
    except DeclarationIdError as exc:
        raise forms.ValidationError(str(exc), code=exc.code) from exc


class RegistrySearchForm(forms.Form):
    name = forms.CharField(label=_("事業者名(一部でも可、漢字・かな・カナ)"), required=False, max_length=100)
    declaration_id = forms.CharField(label=_("宣言ID(11桁)"), required=False, max_length=30)
    corporate_number = forms.CharField(label=_("法人番号(13桁)"), required=False, max_length=30)
    prefecture = forms.ChoiceField(
        label=_("都道府県"), required=False, choices=[("", _("すべて")), *PREFECTURE_CHOICES]
    )
    industry = forms.ChoiceField(
        label=_("業種"), required=False, choices=[("", _("すべて")), *INDUSTRY_CHOICES]
    )
    level = forms.ChoiceField(
        label=_("段階"), required=False, choices=[("", _("すべて")), *PublicLevel.choices]
    )

    def clean_declaration_id(self) -> str:
        value = self.cleaned_data["declaration_id"].strip()
        return _declaration_id(value) if value else ""

    def clean_corporate_number(self) -> str:
        value = self.cleaned_data["corporate_number"].strip()
        if not value:
            return ""
        try:
            return corporate_number_normalize(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


def as_of_clean(value: str) -> dt.date | None:
    """A typed "as of" date (``YYYY-MM-DD``, up to today in Japan), None when empty; a form error otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return as_of_parse(value, today_japan(timezone.now()))
    except AsOfError as exc:
        raise forms.ValidationError(str(exc), code=exc.code) from exc


class VerifyForm(forms.Form):
    """One declaration ID (11 digits) or 法人番号 (13 digits) in the same box, and an optional date.

    ``cleaned_data``: ``declaration_id`` (normalised, or "") and ``corporate_number`` (normalised, or "")
    — exactly one of them — and ``as_of`` (a date or None).
    """

    declaration_id = forms.CharField(label=_("宣言ID(11桁)または法人番号(13桁)"), max_length=30)
    as_of = forms.CharField(label=_("確認する日付(省略すると現在)"), required=False, max_length=20)

    def clean_declaration_id(self) -> str:
        value = self.cleaned_data["declaration_id"]
        digits = number_compact(value)
        if len(digits) == 13 and digits.isdigit():
            try:
                self.cleaned_data["corporate_number"] = corporate_number_normalize(value)
            except ValueError as exc:
                raise forms.ValidationError(str(exc), code="corporate_number") from exc
            return ""
        self.cleaned_data["corporate_number"] = ""
        return _declaration_id(value)

    def clean_as_of(self) -> dt.date | None:
        return as_of_clean(self.cleaned_data["as_of"])


class BatchVerifyForm(forms.Form):
    """Up to 100 lines, each a declaration ID or a 法人番号 (13 digits), and an optional date for all of them."""

    ids = forms.CharField(
        label=_("宣言IDまたは法人番号(1行に1件、100件まで)"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
        max_length=5000,
    )

    def clean_ids(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["ids"].splitlines()]
        ids = [line for line in lines if line]
        if not ids:
            raise forms.ValidationError(_("宣言IDを1行に1件ずつ入力してください。"))
        if len(ids) > MAX_BATCH:
            raise forms.ValidationError(
                _("一度に確認できるのは%(max)d件までです(入力は%(count)d件)。分けて確認してください。")
                % {"max": MAX_BATCH, "count": len(ids)}
            )
        return ids

    as_of = forms.CharField(label=_("確認する日付(省略すると現在)"), required=False, max_length=20)

    def clean_as_of(self) -> dt.date | None:
        return as_of_clean(self.cleaned_data["as_of"])


class ExpressionForm(forms.Form):
    text = forms.CharField(
        label=_("確認したい文章"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("ウェブサイト、名刺、パンフレットなどに載せる文章を貼り付けてください。"),
    )
