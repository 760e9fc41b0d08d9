"""Composing and scheduling a mail-out: the office's writes before the engine takes over.

Staff only (``staff_require``), audited. A mail-out is edited only while it is a draft; scheduling
checks the text once more, refuses an empty audience and queues the build task (now, or with
``run_after`` at the chosen time). See docs/mail-outs.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_queue, model_snapshot
from secaction.surveys.models import Survey

from ..filters import RecipientFilter
from ..models import SYSTEM_KINDS, Mailout
from ..rendering import mailout_message_render
from ..selectors.audience import mailout_recipients_count

RATE_MIN, RATE_MAX = 1, 500
SURVEY_URL = "{survey_url}"
AUDITED = [
    "kind",
    "status",
    "survey_id",
    "subject_ja",
    "subject_en",
    "body_ja",
    "body_en",
    "filters",
    "rate_per_second",
    "scheduled_at",
]


class MailoutContent(TypedDict):
    """What staff write and choose for a mail-out: the keyword arguments of ``mailout_create`` / ``_update``."""

    kind: str
    subject_ja: str
    subject_en: NotRequired[str]
    body_ja: str
    body_en: NotRequired[str]
    filters: dict[str, Any] | RecipientFilter
    rate_per_second: int
    survey: NotRequired[Survey | None]


CONTENT_DEFAULTS: dict[str, Any] = {"subject_en": "", "body_en": "", "survey": None}


def _validated(
    *,
    kind: str,
    subject_ja: str,
    subject_en: str,
    body_ja: str,
    body_en: str,
    filters: dict[str, Any] | RecipientFilter,
    rate_per_second: int,
    survey: Survey | None,
) -> dict[str, Any]:
    """The mail-out's fields, cleaned; ``ServiceError`` keyed by field with every problem at once."""
    errors: dict[str, list[str]] = {}
    subject_ja, subject_en = subject_ja.strip(), subject_en.strip()
    body_ja, body_en = body_ja.strip(), body_en.strip()
    if kind not in Mailout.Kind.values or kind in SYSTEM_KINDS:
        errors["kind"] = [_("メールの種類を選んでください。")]
    if not subject_ja:
        errors["subject_ja"] = [_("日本語の件名を入力してください。")]
    if not body_ja:
        errors["body_ja"] = [_("日本語の本文を入力してください。")]
    if bool(subject_en) != bool(body_en):
        target = "body_en" if subject_en else "subject_en"
        errors[target] = [_("英語版を送る場合は、英語の件名と本文の両方を入力してください。")]
    if kind in (Mailout.Kind.SURVEY_INVITATION, Mailout.Kind.SURVEY_REMINDER):
        if survey is None:
            errors["survey"] = [_("アンケートの依頼・督促には、対象のアンケートを選んでください。")]
        elif survey.kind != Survey.Kind.INVITATION:
            errors["survey"] = [_("このアンケートは招待メールで依頼する調査ではありません。")]
        for field, body in (("body_ja", body_ja), ("body_en", body_en)):
            if body and SURVEY_URL not in body and field not in errors:
                errors[field] = [_("本文に回答用リンクの差し込み {survey_url} を入れてください。")]
    elif kind == Mailout.Kind.NOTICE:
        if survey is not None:
            errors["survey"] = [_("お知らせにはアンケートを指定できません。")]
        for field, body in (("body_ja", body_ja), ("body_en", body_en)):
            if SURVEY_URL in body and field not in errors:
                errors[field] = [
                    _("お知らせでは {survey_url} は使えません。アンケートの依頼として作成してください。")
                ]
    if not isinstance(rate_per_second, int) or not RATE_MIN <= rate_per_second <= RATE_MAX:
        errors["rate_per_second"] = [
            _("送信速度は %(min)s〜%(max)s 通/秒の範囲で指定してください。")
            % {"min": RATE_MIN, "max": RATE_MAX}
        ]
    flt: RecipientFilter | None = None
    if isinstance(filters, RecipientFilter):
        flt = filters
    else:
        try:
            flt = RecipientFilter.from_dict(filters)
        except ServiceError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ServiceError(errors)
    assert flt is not None
    return {
        "kind": kind,
        "subject_ja": subject_ja,
        "subject_en": subject_en,
        "body_ja": body_ja,
        "body_en": body_en,
        "filters": flt.as_dict() if kind != Mailout.Kind.SURVEY_REMINDER else {},
        "rate_per_second": rate_per_second,
        "survey": survey,
    }


def mailout_create(
    actor: Any,
    **content: Unpack[MailoutContent],
) -> Mailout:
    """A new draft mail-out by staff. A reminder's recipients come from its survey, so its filter is not kept."""
    staff_require(actor)
    fields = _validated(**{**CONTENT_DEFAULTS, **content})
    with transaction.atomic():
        mailout = Mailout.objects.create(created_by=actor, **fields)
        audit_record(
            actor=actor, action="mailout.create", target=mailout, after=model_snapshot(mailout, AUDITED)
        )
    return mailout


def mailout_update(
    actor: Any,
    mailout: Mailout,
    **content: Unpack[MailoutContent],
) -> Mailout:
    """Change a draft; a scheduled or sent mail-out is not edited (cancel it and compose a new one)."""
    staff_require(actor)
    fields = _validated(**{**CONTENT_DEFAULTS, **content})
    with transaction.atomic():
        locked = Mailout.objects.select_for_update().get(pk=mailout.pk)
        if locked.status != Mailout.Status.DRAFT:
            raise ServiceError(
                _("作成中の一斉メールだけを変更できます。送信予約の後は中止して作り直してください。")
            )
        before = model_snapshot(locked, AUDITED)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action="mailout.update",
            target=locked,
            before=before,
            after=model_snapshot(locked, AUDITED),
        )
    return locked


def mailout_test_send(actor: Any, mailout: Mailout) -> int:
    """Queue the message to the staff member's own address, once per language the mail-out has.

    Rendered exactly as recipients get it (``mailout_message_render``) with a sample organisation name,
    the subject prefixed 「[テスト]」. Returns how many were queued.
    """
    staff_require(actor)
    email = getattr(actor, "email", "")
    if not email:
        raise ServiceError(_("テスト送信の宛先になるメールアドレスが、あなたのアカウントにありません。"))
    languages = ["ja", "en"] if mailout.subject_en and mailout.body_en else ["ja"]
    with transaction.atomic():
        for language in languages:
            message = mailout_message_render(mailout, email=email, name=_("(事業者名)"), language=language)
            mail_queue(
                to=email,
                subject=f"[テスト] {message.subject}",
                body_text=message.text,
                language=language,
                template="mailouts/test_send",
            )
        audit_record(
            actor=actor,
            action="mailout.test_send",
            target=mailout,
            after={"to": email, "languages": languages},
        )
    return len(languages)


def mailout_schedule(actor: Any, mailout: Mailout, *, at: dt.datetime | None) -> Mailout:
    """Send a draft now (``at`` None) or at ``at`` (aware, in the future): status BUILDING or SCHEDULED.

    The build task is queued after commit (with ``run_after`` for a later time). Refused with a clear
    message when nobody would receive it, when the survey is not accepting answers, or when the time has
    passed.
    """
    from ..tasks_build import mailout_build_task  # tasks_build imports this package

    staff_require(actor)
    now = timezone.now()
    if at is not None:
        if timezone.is_naive(at):
            raise ServiceError({"at": [_("送信日時にはタイムゾーンが必要です。")]})
        if at <= now:
            raise ServiceError(
                {
                    "at": [
                        _(
                            "送信予定日時は現在より後にしてください。すぐ送る場合は「今すぐ送信」を使ってください。"
                        )
                    ]
                }
            )
    with transaction.atomic():
        locked = Mailout.objects.select_for_update(of=("self",)).select_related("survey").get(pk=mailout.pk)
        if locked.status != Mailout.Status.DRAFT:
            raise ServiceError(_("この一斉メールは既に送信予約または送信済みです。"))
        if locked.kind != Mailout.Kind.NOTICE and (
            locked.survey is None or locked.survey.status != Survey.Status.OPEN
        ):
            raise ServiceError(
                _("アンケートが回答受付中ではありません。アンケートを公開してから送信してください。")
            )
        count = mailout_recipients_count(locked)
        if count == 0:
            raise ServiceError(_("条件に合う宛先が0件です。宛先の条件を見直してください。"))
        before = model_snapshot(locked, AUDITED)
        locked.status = Mailout.Status.SCHEDULED if at is not None else Mailout.Status.BUILDING
        locked.scheduled_at = at or now
        locked.save(update_fields=["status", "scheduled_at"])
        audit_record(
            actor=actor,
            action="mailout.schedule",
            target=locked,
            before=before,
            after=model_snapshot(locked, AUDITED),
            message=_("宛先数(予約時点): %(count)s") % {"count": count},
        )
        task = mailout_build_task.using(run_after=at) if at is not None else mailout_build_task
        pk = locked.pk
        transaction.on_commit(lambda: task.enqueue(pk))
    return locked
