"""Pure rules of the declaration lifecycle: input checks, review flags, the next step and the stages.

Nothing here touches the database (URLs are only reversed), so every rule is tested exhaustively
without HTTP (tests/declarations/test_rules.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Level, PublicationMethod, ReviewMode, Status

PRINCIPLE_NUMBERS = frozenset({1, 2, 3, 4, 5})


@dataclass(frozen=True)
class TwoStarInput:
    """What a ★★ declaration adds to ★. ``*_ref`` are ids of records stored on this portal."""

    publication_method: str = ""
    publication_url: str = ""
    publication_note: str = ""
    diagnosis_ref: int | None = None
    diagnosis_total: int | None = None
    policy_ref: int | None = None
    diagnosis_stated: bool = False
    policy_stated: bool = False


def pledge_errors(pledged: Iterable[int]) -> list[str]:
    """A declaration pledges all five principles; returns the messages for what is missing."""
    given = set(pledged)
    missing = sorted(PRINCIPLE_NUMBERS - given)
    if missing:
        return [
            _("5か条のすべてに取り組むことを宣言してください(未チェック: %(numbers)s)。")
            % {"numbers": "、".join(str(n) for n in missing)}
        ]
    return []


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and "." in parts.netloc


def two_star_errors(data: TwoStarInput) -> dict[str, str]:
    """Field → message for everything a ★★ declaration lacks; empty when it is complete.

    Any diagnosis score is accepted (FAQ: 何点でも構いません). The website needs
    its URL and その他 a description, as the programme's form asks.
    """
    errors: dict[str, str] = {}
    if data.diagnosis_ref is None and not data.diagnosis_stated:
        errors["diagnosis"] = _(
            "「5分でできる!情報セキュリティ自社診断」を実施してください(紙で実施した場合はその旨をチェック)。"
        )
    if data.policy_ref is None and not data.policy_stated:
        errors["policy"] = _("情報セキュリティ基本方針を定めて公開していることを確認してください。")
    if data.publication_method not in PublicationMethod.values:
        errors["publication_method"] = _("基本方針の外部公開方法を選んでください。")
    elif data.publication_method == PublicationMethod.WEBSITE:
        url = data.publication_url.strip()
        if not url:
            errors["publication_url"] = _("基本方針を掲載しているページのURLを入力してください。")
        elif not _is_web_url(url):
            errors["publication_url"] = _(
                "URLは https:// または http:// で始まるウェブページのアドレスを入力してください。"
            )
    elif data.publication_method == PublicationMethod.OTHER and not data.publication_note.strip():
        errors["publication_note"] = _("「その他」を選んだ場合は、公開方法を具体的に書いてください。")
    return errors


def programme_settings_errors(
    *, review_mode: str, review_target_days: object, logo_mail_delay_days: object | None
) -> dict[str, str]:
    """Field → message for programme settings the office may not choose; empty when all are valid.

    ``logo_mail_delay_days`` None means "keep the current value" and is not checked.
    """
    errors: dict[str, str] = {}
    if review_mode not in ReviewMode.values:
        errors["review_mode"] = _("受付方式を選んでください。")
    if not _int_between(review_target_days, 1, 60):
        errors["review_target_days"] = _("確認の目標日数は1〜60日で入力してください。")
    if logo_mail_delay_days is not None and not _int_between(logo_mail_delay_days, 0, 60):
        errors["logo_mail_delay_days"] = _(
            "ロゴマークのご案内メールを送るまでの日数は0〜60日で入力してください。"
        )
    return errors


def _int_between(value: object, low: int, high: int) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return False
    return low <= number <= high


# --- automatic checks for the staff review queue ------------------------------------

_PLACEHOLDER_WORDS = (
    "test",
    "テスト",
    "てすと",
    "dummy",
    "ダミー",
    "だみー",
    "asdf",
    "qwerty",
    "sample",
    "サンプル",
    "example",
    "hoge",
    "ほげ",
    "ホゲ",
    "fuga",
    "xxx",
    "あああ",
)
_CORPORATE_FORMS = re.compile(
    r"(株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|特定非営利活動法人|"
    r"\(株\)|\(有\)|\(同\)|㈱|㈲)"
)


def name_suspicion(name: str) -> str | None:
    """Why an organisation name looks like a test or a placeholder, or None when it looks real."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    bare = _CORPORATE_FORMS.sub("", text).replace(" ", "").replace("\u3000", "")
    lowered = bare.lower()
    if not bare:
        return _("名称が法人格だけ、または空です。")
    for word in _PLACEHOLDER_WORDS:
        if word in lowered:
            return _("名称に「%(word)s」が含まれています(テスト用の登録の可能性)。") % {"word": word}
    if len(bare) >= 2 and len(set(lowered)) == 1:
        return _("名称が同じ文字の繰り返しです。")
    if bare.isdigit():
        return _("名称が数字だけです。")
    if len(bare) == 1:
        return _("名称が1文字です。")
    return None


ORGANIZATION_REQUIRED = (
    ("name", gettext_lazy("事業者名")),
    ("name_kana", gettext_lazy("フリガナ")),
    ("representative_name", gettext_lazy("代表者氏名")),
    ("postal_code", gettext_lazy("郵便番号")),
    ("prefecture", gettext_lazy("都道府県")),
    ("address", gettext_lazy("住所")),
    ("industry", gettext_lazy("業種")),
    ("contact_name", gettext_lazy("担当者氏名")),
    ("contact_email", gettext_lazy("担当者メールアドレス")),
    ("contact_phone", gettext_lazy("担当者電話番号")),
)


def missing_fields(organization: Mapping[str, object], declaration: Mapping[str, object]) -> list[str]:
    """Labels of required values that are empty, in the organisation and in the declaration."""
    missing = [str(label) for key, label in ORGANIZATION_REQUIRED if not organization.get(key)]
    if organization.get("entity_type") == "corporation" and not organization.get("corporate_number"):
        missing.append(str(_("法人番号")))
    if not declaration.get("terms_version_id"):
        missing.append(str(_("ロゴマーク使用規約への同意")))
    if set(declaration.get("pledged_principles") or []) != PRINCIPLE_NUMBERS:  # type: ignore[call-overload]
        missing.append(str(_("5か条への取組み宣言")))
    if declaration.get("level") == Level.TWO_STAR:
        two_star = TwoStarInput(
            publication_method=str(declaration.get("publication_method") or ""),
            publication_url=str(declaration.get("publication_url") or ""),
            publication_note=str(declaration.get("publication_note") or ""),
            diagnosis_ref=declaration.get("diagnosis_ref"),  # type: ignore[arg-type]
            policy_ref=declaration.get("policy_ref"),  # type: ignore[arg-type]
            diagnosis_stated=bool(declaration.get("diagnosis_stated")),
            policy_stated=bool(declaration.get("policy_stated")),
        )
        labels = {
            "diagnosis": _("自社診断"),
            "policy": _("情報セキュリティ基本方針"),
            "publication_method": _("基本方針の公開方法"),
            "publication_url": _("基本方針のURL"),
            "publication_note": _("公開方法の説明"),
        }
        missing.extend(str(labels[key]) for key in two_star_errors(two_star))
    return missing


# --- what to do next (My Page) ----------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """The one thing to do next: ``url`` is where to do it ("" when there is nothing to do but wait)."""

    key: str
    title: str
    url: str


@dataclass(frozen=True)
class Stage:
    """One stage of the path on My Page; ``url`` always works, whether the stage is done or not."""

    key: str
    label: str
    url: str
    done: bool
    current: bool


STAGE_KEYS = ("one_star", "diagnosis", "policy", "two_star", "handbook")

# Which stage each next step belongs to; "complete" belongs to none.
_STAGE_OF_STEP = {
    "declare": "one_star",
    "resubmit": "one_star",
    "wait": "one_star",
    "diagnosis": "diagnosis",
    "policy": "policy",
    "upgrade": "two_star",
    "handbook": "handbook",
}


def next_step(
    *,
    status: str | None,
    level: str | None,
    has_diagnosis: bool,
    has_policy: bool,
    handbook_sent: bool,
    organization_id: int,
) -> NextStep:
    """The one thing to do next on the path ★ → diagnosis → policy → ★★ → handbook and staff education.

    ``status``/``level`` describe the organisation's open declaration, or its last one
    (None when it never declared). ``handbook_sent``: a handbook version is adopted and
    was sent to at least one staff member. Every URL is reversed here, so a renamed
    URL fails loudly; the path ends with the key "complete" once the handbook is sent.
    """
    if status is None or status in (Status.WITHDRAWN, Status.CANCELLED):
        return NextStep("declare", _("一つ星から自己宣言を始めましょう"), reverse("declarations:start"))
    if status == Status.RETURNED:
        return NextStep(
            "resubmit",
            _("事務局からの連絡を読んで、申込みを修正してください"),
            reverse("declarations:start"),
        )
    if status == Status.PENDING:
        return NextStep("wait", _("事務局が申込みを確認しています。確認が済むとメールでお知らせします。"), "")
    if level == Level.ONE_STAR:
        if not has_diagnosis:
            return NextStep(
                "diagnosis",
                _("「5分でできる!情報セキュリティ自社診断」で状況を確かめましょう"),
                reverse("diagnosis:take"),
            )
        if not has_policy:
            return NextStep(
                "policy",
                _("情報セキュリティ基本方針を作って公開しましょう"),
                reverse("policies:policy_home", args=[organization_id]),
            )
        return NextStep("upgrade", _("二つ星を宣言しましょう"), reverse("declarations:upgrade"))
    if not handbook_sent:
        return NextStep(
            "handbook",
            _("情報セキュリティハンドブックで社内ルールを作り、従業員に伝えましょう"),
            reverse("policies:handbook_home", args=[organization_id]),
        )
    return NextStep(
        "complete",
        _("5つの段階をすべて終えました。従業員の確認状況を見て、年に一度は自社診断とルールを見直しましょう"),
        reverse("policies:handbook_home", args=[organization_id]),
    )


def stages(
    *,
    status: str | None,
    level: str | None,
    has_diagnosis: bool,
    has_policy: bool,
    handbook_sent: bool,
    organization_id: int,
) -> tuple[NextStep, list[Stage]]:
    """The next step and the five stages of the path, each done or not, with a working link.

    A stage is done when its result exists, whatever the order it was reached in; an
    active ★★ counts the diagnosis and the policy as done (the declarer may have done
    them on paper). The current stage is the one the next step belongs to.
    """
    step = next_step(
        status=status,
        level=level,
        has_diagnosis=has_diagnosis,
        has_policy=has_policy,
        handbook_sent=handbook_sent,
        organization_id=organization_id,
    )
    active = status == Status.ACTIVE
    two_star = active and level == Level.TWO_STAR
    done = {
        "one_star": active,
        "diagnosis": has_diagnosis or two_star,
        "policy": has_policy or two_star,
        "two_star": two_star,
        "handbook": handbook_sent,
    }
    labels = {
        "one_star": _("一つ星を宣言"),
        "diagnosis": _("自社診断"),
        "policy": _("基本方針を作って公開"),
        "two_star": _("二つ星を宣言"),
        "handbook": _("ハンドブックで社内ルール・従業員教育"),
    }
    # Where each stage is worked on. The ★★ stage is the upgrade of an active ★; otherwise the
    # declaration start page, which shows an open declaration or lets a new one choose ★★.
    urls = {
        "one_star": reverse("declarations:start"),
        "diagnosis": reverse("diagnosis:take"),
        "policy": reverse("policies:policy_home", args=[organization_id]),
        "two_star": reverse(
            "declarations:upgrade" if active and level == Level.ONE_STAR else "declarations:start"
        ),
        "handbook": reverse("policies:handbook_home", args=[organization_id]),
    }
    current = _STAGE_OF_STEP.get(step.key)
    path = [
        Stage(key=key, label=labels[key], url=urls[key], done=done[key], current=key == current)
        for key in STAGE_KEYS
    ]
    return step, path
