"""Forms for the supporters' pages: parsing only; the rules live in validation.py and the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from secaction.organizations.choices import PREFECTURE_CHOICES

from .models import NATIONWIDE, OfferAudience, OfferCategory, SupporterKind
from .validation import OfferInput, SupporterInput, contact_errors


class SupporterForm(forms.Form):
    kind = forms.ChoiceField(label=_("種別"), choices=SupporterKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("普及促進の取組み(公開)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("SECURITY ACTION の普及のために行っていることを、宣言事業者向けに書いてください。"),
    )
    website = forms.URLField(label=_("ウェブサイト"), required=False, assume_scheme="https")
    contact = forms.CharField(
        label=_("問合せ先(公開)"),
        max_length=300,
        help_text=_("支援策について問い合わせを受けるメールアドレスか、問合せページのURL。"),
    )

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        problem = contact_errors(contact)
        if problem:
            raise forms.ValidationError(problem)
        return contact

    def to_input(self) -> SupporterInput:
        d = self.cleaned_data
        return SupporterInput(
            kind=d["kind"], description=d["description"], contact=d["contact"], website=d.get("website") or ""
        )


class SupporterApplyForm(SupporterForm):
    agreed = forms.BooleanField(
        label=_("制度の趣旨に賛同し、普及促進に取り組みます"),
        required=True,
        error_messages={"required": _("制度の趣旨への賛同にチェックを入れてください。")},
    )


class OfferForm(forms.Form):
    title = forms.CharField(label=_("支援策の名称"), max_length=200)
    category = forms.ChoiceField(label=_("支援策の種類"), choices=OfferCategory.choices)
    description = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    audience = forms.ChoiceField(label=_("対象"), choices=OfferAudience.choices)
    prefecture = forms.ChoiceField(
        label=_("提供地域"), choices=[(NATIONWIDE, _("全国")), *PREFECTURE_CHOICES], required=False
    )
    url = forms.URLField(label=_("詳しい情報のURL"), required=False, assume_scheme="https")

    def to_input(self) -> OfferInput:
        d = self.cleaned_data
        return OfferInput(
            title=d["title"],
            category=d["category"],
            description=d["description"],
            audience=d["audience"],
            prefecture=d.get("prefecture") or NATIONWIDE,
            url=d.get("url") or "",
        )


class DirectoryFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("支援策の種類"), choices=[("", _("すべて")), *OfferCategory.choices], required=False
    )
    prefecture = forms.ChoiceField(
        label=_("都道府県"),
        choices=[("", _("すべて")), *PREFECTURE_CHOICES],
        required=False,
        help_text=_("全国で提供されている支援策は、どの都道府県を選んでも表示されます。"),
    )
    audience = forms.ChoiceField(
        label=_("対象"), choices=[("", _("すべて")), *OfferAudience.choices], required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由(任意)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
