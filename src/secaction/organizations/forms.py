"""Forms: parse and normalise input with the pure validators; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secaction.accounts.gbiz import GbizClaims
from secaction.core.public_text import PublicTextValidator
from secaction.core.text import name_fold

from .choices import PREFECTURE_NAMES_JA, EntityType
from .models import Organization
from .services import corporate_number_holder_problem
from .validation import (
    ORGANIZATION_FIELDS,
    PDF_TEXT_FIELDS,
    PUBLIC_TEXT_FIELDS,
    corporate_number_for_entity,
    corporate_number_normalize,
    katakana_normalize,
    phone_normalize,
    postal_code_normalize,
)

# Groups of fields shown as numbered steps on the page: (title, introduction, fields).
ORGANIZATION_FIELDSETS = [
    (
        _("事業者の種類と名前"),
        _("まず、どのような事業者か、正式な名前を教えてください。"),
        ["entity_type", "name", "name_kana", "corporate_number"],
    ),
    (
        _("代表者"),
        _("事業の代表者(社長や代表理事、個人事業主ご本人など)です。"),
        ["representative_name", "representative_title"],
    ),
    (_("所在地"), _("本社や主な事業所の住所です。"), ["postal_code", "prefecture", "address"]),
    (
        _("事業の内容と規模"),
        _("おおよそで構いません。支援策のご案内や統計に使います。"),
        ["industry", "employees", "capital", "website"],
    ),
    (
        _("ご担当者の連絡先"),
        _("この登録について事務局から連絡するときの窓口です。"),
        ["contact_name", "contact_email", "contact_phone"],
    ),
]


class OrganizationForm(forms.ModelForm):
    """The organisation profile. Uniqueness of the 法人番号 is checked here (for a
    friendly message) and again by the service (for races)."""

    website = forms.URLField(
        label=Organization._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        widgets = {
            "entity_type": forms.RadioSelect,
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "name_kana": forms.TextInput(attrs={"autocomplete": "off"}),
            "corporate_number": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "1234567890123"}
            ),
            "representative_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "representative_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "placeholder": "100-0001"}
            ),
            "prefecture": forms.Select(attrs={"autocomplete": "address-level1"}),
            "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "placeholder": "03-1234-5678"}
            ),
        }
        help_texts = {
            "entity_type": _(
                "株式会社・合同会社・NPO法人などは「法人」、個人で事業をしている方は「個人事業主」、"
                "それ以外(任意団体など)は「その他の団体」を選んでください。"
            ),
            "name": _(
                "登記などに使っている正式な名前です(例:株式会社サンプル商事)。個人事業主の方は屋号か氏名です。"
            ),
            "name_kana": _(
                "名前の読み方をカタカナで入力してください。ひらがなや半角カナで入力しても、自動で全角カタカナに直します。"
            ),
            "corporate_number": _(
                "法人ごとに国が割り当てた13桁の番号です。国税庁の「法人番号公表サイト」で調べられます。"
                "ハイフン・空白・全角数字が入っていても大丈夫です。法人の場合は必須、個人事業主の方は空欄のままにしてください。"
            ),
            "representative_name": _("例:山田 太郎"),
            "representative_title": _("例:代表取締役。個人事業主の方は空欄で構いません。"),
            "postal_code": _("7桁の数字です(例:100-0001)。ハイフンはあってもなくても構いません。"),
            "address": _("市区町村から後の住所です(例:千代田区霞が関1-2-3 サンプルビル5階)。"),
            "industry": _("主な事業に一番近いものを選んでください(日本標準産業分類の大分類)。"),
            "employees": _("パート・アルバイトを含めた、おおよその人数で構いません。"),
            "capital": _("個人事業主の方は「資本金なし」を選んでください。"),
            "contact_name": _("事務局からの連絡を受ける方の氏名です。"),
            "contact_email": _("事務局からの連絡が届くメールアドレスです。"),
            "contact_phone": _("例:03-1234-5678。ハイフンはあってもなくても構いません。"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model allows a blank 法人番号 (個人事業主); whether it is needed depends on the entity type.
        self.fields["website"].help_text = _(
            "お持ちであれば入力してください(例:https://example.jp/)。なければ空欄で構いません。"
        )
        self.fields["corporate_number"].required = False
        self.fields["corporate_number"].required_note = _("法人は必須")  # type: ignore[attr-defined]
        # Separators and full-width digits make raw input longer than the stored form;
        # the normalisers check the length and say what is wrong.
        for name in ("corporate_number", "postal_code", "contact_phone"):
            field = self.fields[name]
            field.max_length = None  # type: ignore[attr-defined]
            field.validators = []
            field.widget.attrs.pop("maxlength", None)
        # The service refuses the same (organization_data_clean); here the error shows with the other field errors.
        for name in PUBLIC_TEXT_FIELDS:
            self.fields[name].validators.append(PublicTextValidator(pdf=name in PDF_TEXT_FIELDS))
        if self.instance.pk and self.instance.is_identity_verified:
            # The service refuses a change too; shown read-only so the owner sees why it cannot change.
            number = self.fields["corporate_number"]
            number.disabled = True
            number.help_text = _(
                "GビズIDで確認済みの法人番号です。変更できません。"
                "法人番号が変わった場合は、プログラム事務局にお問い合わせください。"
            )
            number.verified_note = _("GビズIDで確認済み")  # type: ignore[attr-defined]
        entity_type = self.fields["entity_type"]
        assert isinstance(entity_type, forms.ChoiceField)
        entity_type.choices = EntityType.choices  # radio buttons need no empty choice
        # Django's "---------" means nothing to most people; say what to do instead.
        for name in ("prefecture", "industry", "employees", "capital"):
            choice_field = self.fields[name]
            assert isinstance(choice_field, forms.ChoiceField)
            choice_field.choices = [("", _("選んでください")), *list(choice_field.choices)[1:]]  # type: ignore[arg-type]

    def fieldsets(self) -> list[tuple[int, Any, Any, list[forms.BoundField]]]:
        return [
            (number, title, intro, [self[name] for name in names])
            for number, (title, intro, names) in enumerate(ORGANIZATION_FIELDSETS, start=1)
        ]

    def _normalized(self, name: str, normalize: Any) -> str:
        value = self.cleaned_data.get(name, "")
        try:
            return str(normalize(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_name_kana(self) -> str:
        return self._normalized("name_kana", katakana_normalize)

    def clean_postal_code(self) -> str:
        return self._normalized("postal_code", postal_code_normalize)

    def clean_corporate_number(self) -> str:
        # Format first, whatever the entity type; whether a number is needed is decided in clean().
        value = (self.cleaned_data.get("corporate_number") or "").strip()
        return self._normalized("corporate_number", corporate_number_normalize) if value else ""

    def clean_contact_phone(self) -> str:
        return self._normalized("contact_phone", phone_normalize)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        entity_type = cleaned.get("entity_type")
        if entity_type is not None and "corporate_number" in cleaned:
            try:
                number = corporate_number_for_entity(entity_type, cleaned["corporate_number"])
            except ValueError as exc:
                self.add_error("corporate_number", str(exc))
            else:
                cleaned["corporate_number"] = number
                # Only a new number is checked: a verified organisation may share its number with an
                # unverified holder until staff resolve the conflict (docs/identity.md).
                unchanged = bool(self.instance.pk) and number == self.instance.corporate_number
                problem = (
                    None
                    if unchanged
                    else corporate_number_holder_problem(
                        number,
                        organization=self.instance if self.instance.pk else None,
                        verified=self.instance.is_identity_verified,
                    )
                )
                if problem is not None:
                    self.add_error("corporate_number", forms.ValidationError(problem, code="duplicate"))
        return cleaned

    def validate_unique(self) -> None:
        # The conditional unique constraint is checked in clean() with a field-specific
        # message, and by the service against races; Django's generic check would repeat it.
        return None


def organization_verified_initial(claims: GbizClaims) -> dict[str, Any]:
    """The registration form's initial values taken from GビズID's claims (pure; no database).

    The person completes the rest (industry, size, phone, …) and may correct the address and contact.
    """
    prefecture = name_fold(claims.prefecture_name)
    try:
        postal_code = postal_code_normalize(claims.postal_code)
    except ValueError:
        postal_code = claims.postal_code  # shown as sent; the form says what is wrong with it
    initial: dict[str, Any] = {
        "entity_type": EntityType.CORPORATION if claims.corporate_number else EntityType.SOLE_PROPRIETOR,
        "name": name_fold(claims.legal_name),
        "name_kana": claims.legal_name_kana,
        "corporate_number": claims.corporate_number,
        "postal_code": postal_code,
        "prefecture": next((code for code, ja in PREFECTURE_NAMES_JA.items() if ja == prefecture), ""),
        "address": claims.address,
        "representative_name": claims.person_name,
        "contact_name": claims.person_name,
        "contact_email": claims.email,
    }
    return {k: v for k, v in initial.items() if v}


# Taken from GビズID and shown read-only on the verified registration form.
VERIFIED_FIELDS = ("entity_type", "name", "corporate_number")


class VerifiedOrganizationForm(OrganizationForm):
    """Registration pre-filled from GビズID: the entity type, legal name and 法人番号 cannot be edited.

    The fields are disabled, so Django ignores whatever a browser posts for them; the service
    (``organization_register_verified``) re-reads them from the claims in any case. Whether a
    verified organisation already holds the 法人番号 is the service's check (an unverified holder
    does not block a verified registration).
    """

    def __init__(self, *args: Any, claims: GbizClaims, **kwargs: Any) -> None:
        kwargs["initial"] = {**organization_verified_initial(claims), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for name in VERIFIED_FIELDS:
            field = self.fields[name]
            field.disabled = True
            field.required = False
            field.verified = True  # type: ignore[attr-defined]
            field.required_note = None  # type: ignore[attr-defined]
            field.help_text = _("GビズIDで確認済みの内容です。ここでは変更できません。")

    def clean(self) -> dict[str, Any]:
        # Skip OrganizationForm.clean: its duplicate check would refuse any holder of the 法人番号.
        return forms.ModelForm.clean(self) or {}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("招待する方のメールアドレス"),
        help_text=_("招待のリンクをこのアドレスに送ります。リンクの有効期限は7日間です。"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
