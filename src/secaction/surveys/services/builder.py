"""Building a survey in the back office: the survey, its questions, opening and closing (staff only, audited).

Question definitions are checked by ``validation.question_definition_errors``; once a survey is in the
field (open, closed, or with responses) ``versions`` decides which edits keep the collected answers
meaningful, and every allowed change raises ``Survey.version``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record

from .. import validation, versions
from ..models import Question, Survey

SURVEY_FIELDS = ("title_ja", "title_en", "intro_ja", "intro_en", "mode", "kind", "attributes", "closes_at")


def _survey_snapshot(survey: Survey) -> dict[str, Any]:
    snap = {name: getattr(survey, name) for name in (*SURVEY_FIELDS, "status", "version")}
    snap["closes_at"] = survey.closes_at.isoformat() if survey.closes_at else None
    return snap


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _in_field(survey: Survey) -> bool:
    return versions.is_in_field(survey.status, survey.responses.exists())


def _check_survey_fields(title_ja: str, mode: str, kind: str, attributes: list[str]) -> None:
    errors: dict[str, list[str]] = {}
    if not title_ja.strip():
        errors["title_ja"] = [_("タイトル(日本語)を入力してください。")]
    if mode not in Survey.Mode.values:
        errors["mode"] = [_("回答の扱い(匿名・記名)を選んでください。")]
    if kind not in Survey.Kind.values:
        errors["kind"] = [_("アンケートの種類を選んでください。")]
    if not set(attributes) <= set(Survey.ATTRIBUTES):
        errors["attributes"] = [_("回答に残す属性の選び方が正しくありません。")]
    if errors:
        raise ServiceError(errors)


def survey_create(
    actor: Any,
    *,
    title_ja: str,
    title_en: str = "",
    intro_ja: str = "",
    intro_en: str = "",
    mode: str = Survey.Mode.ANONYMOUS,
    kind: str = Survey.Kind.INVITATION,
    attributes: list[str] | None = None,
    closes_at: datetime.datetime | None = None,
) -> Survey:
    """A new draft survey. ``attributes``: what an anonymous response keeps (all when empty)."""
    staff_require(actor)
    attributes = list(attributes or [])
    _check_survey_fields(title_ja, mode, kind, attributes)
    survey = Survey.objects.create(
        title_ja=title_ja.strip(),
        title_en=title_en.strip(),
        intro_ja=intro_ja,
        intro_en=intro_en,
        mode=mode,
        kind=kind,
        attributes=attributes,
        closes_at=closes_at,
        created_by=actor,
    )
    audit_record(actor=actor, action="survey.create", target=survey, after=_survey_snapshot(survey))
    return survey


def survey_update(actor: Any, survey: Survey, **fields: Any) -> Survey:
    """Change a survey's titles, introductions and closing time; its mode, kind and kept attributes only
    while it is a draft without responses (they decide what each response stores)."""
    staff_require(actor)
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise TypeError(f"survey_update: unknown fields {sorted(unknown)}")
    with transaction.atomic():
        survey = _locked(survey)
        before = _survey_snapshot(survey)
        if "attributes" in fields:
            fields["attributes"] = list(fields["attributes"] or [])
        if _in_field(survey):
            fixed = [
                name
                for name in ("mode", "kind", "attributes")
                if name in fields and fields[name] != getattr(survey, name)
            ]
            if fixed:
                raise ServiceError(
                    _("回答の受付を始めた後は、匿名・記名、種類、回答に残す属性を変更できません。")
                )
        for name, value in fields.items():
            setattr(survey, name, value.strip() if name in ("title_ja", "title_en") else value)
        _check_survey_fields(survey.title_ja, survey.mode, survey.kind, survey.attributes)
        survey.save()
        audit_record(
            actor=actor, action="survey.update", target=survey, before=before, after=_survey_snapshot(survey)
        )
    return survey


def _definition(survey: Survey, base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - {*versions.FIELDS, "show_if"} - {"show_if_id"}
    if unknown:
        raise TypeError(f"unknown question fields {sorted(unknown)}")
    definition = {**base, **changes}
    show_if = changes.get("show_if", base.get("show_if"))
    definition["show_if"] = show_if
    definition["show_if_id"] = show_if.pk if show_if is not None else None
    if show_if is not None and show_if.survey_id != survey.pk:
        raise ServiceError({"show_if": [_("表示の条件にできるのは、同じアンケートの質問だけです。")]})
    for name in ("options", "rows", "show_if_options"):
        definition[name] = list(definition.get(name) or [])
    if definition.get("kind") == "scale" and not definition["options"]:
        definition["options"] = validation.scale_options()
    for name in ("key", "text_ja", "text_en", "help_ja", "help_en"):
        definition[name] = str(definition.get(name) or "").strip()
    definition["required"] = bool(definition.get("required"))
    return definition


def _check_definition(
    survey: Survey, definition: dict[str, Any], *, position: int, exclude: int | None
) -> None:
    others = survey.questions.exclude(pk=exclude) if exclude else survey.questions.all()
    earlier = [q for q in others if q.removed_at is None and q.position < position]
    errors = validation.question_definition_errors(
        definition, earlier=earlier, taken_keys=[q.key for q in others]
    )
    if errors:
        raise ServiceError(errors)


def _apply(question: Question, definition: dict[str, Any]) -> None:
    for name in versions.FIELDS:
        if name != "show_if_id":
            setattr(question, name, definition[name])
    question.show_if = definition["show_if"]


def _bump(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT or survey.responses.exists():
        survey.version += 1
        survey.save(update_fields=["version", "updated_at"])


def question_add(actor: Any, survey: Survey, **definition: Any) -> Question:
    """Append a question (fields as ``Question``'s; ``show_if`` a question of the same survey).

    In the field, only optional questions may be added; the survey's version goes up."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(survey)
        position = (survey.questions.aggregate(top=Max("position"))["top"] or 0) + 1
        base = {name: None for name in versions.FIELDS}
        full = _definition(survey, base, definition)
        if _in_field(survey) and (refusals := versions.question_addition_refusals(full)):
            raise ServiceError(refusals)
        _check_definition(survey, full, position=position, exclude=None)
        question = Question(survey=survey, position=position)
        _apply(question, full)
        question.save()
        _bump(survey)
        audit_record(
            actor=actor, action="survey.question_add", target=survey, after=versions.definition_of(question)
        )
    return question


def question_update(actor: Any, question: Question, **changes: Any) -> Question:
    """Change a question; in the field only the edits ``versions.question_change_refusals`` allows."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(question.survey)
        question = Question.objects.select_related("show_if").get(pk=question.pk)
        if question.removed_at is not None:
            raise ServiceError(_("非表示にした質問は変更できません。"))
        before = versions.definition_of(question)
        full = _definition(survey, {**before, "show_if": question.show_if}, changes)
        # In the field, say first what may not change at all, then what is wrong with the new wording.
        if _in_field(survey) and (refusals := versions.question_change_refusals(before, full)):
            raise ServiceError(refusals)
        _check_definition(survey, full, position=question.position, exclude=question.pk)
        if not versions.is_change(before, full):
            return question
        _apply(question, full)
        question.save()
        _bump(survey)
        audit_record(
            actor=actor,
            action="survey.question_update",
            target=survey,
            before=before,
            after=versions.definition_of(question),
        )
    return question


def question_move(actor: Any, question: Question, *, up: bool) -> Question:
    """Swap a question with the shown question before (``up``) or after it; a question never moves
    before the question its condition looks at."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(question.survey)
        shown = list(survey.questions.filter(removed_at__isnull=True).order_by("position", "id"))
        index = next((i for i, q in enumerate(shown) if q.pk == question.pk), None)
        if index is None:
            raise ServiceError(_("非表示にした質問は移動できません。"))
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(shown):
            return shown[index]
        current, other = shown[index], shown[other_index]
        first, second = (other, current) if up else (current, other)
        if second.show_if_id == first.pk:
            raise ServiceError(_("表示の条件にしている質問より前には移動できません。"))
        # Renumber the whole list so equal positions (from older data) cannot make the swap a no-op.
        shown[index], shown[other_index] = other, current
        for number, row in enumerate(shown, start=1):
            if row.position != number:
                row.position = number
                row.save(update_fields=["position"])
        _bump(survey)
        audit_record(
            actor=actor, action="survey.question_move", target=survey, after={"order": [q.key for q in shown]}
        )
    return current


def question_remove(actor: Any, question: Question) -> Question:
    """Hide a question (``removed_at``): it is no longer asked, its collected answers stay."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(question.survey)
        question = Question.objects.get(pk=question.pk)
        if question.removed_at is not None:
            return question
        if survey.questions.filter(show_if=question, removed_at__isnull=True).exists():
            raise ServiceError(_("この質問を表示の条件にしている質問があるため、非表示にできません。"))
        question.removed_at = timezone.now()
        question.save(update_fields=["removed_at"])
        _bump(survey)
        audit_record(
            actor=actor, action="survey.question_remove", target=survey, after={"removed": question.key}
        )
    return question


def survey_open(actor: Any, survey: Survey) -> Survey:
    """Start accepting answers: the survey needs a question; only one wizard survey is open at a time."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.status == Survey.Status.OPEN:
            return survey
        if not survey.questions.filter(removed_at__isnull=True).exists():
            raise ServiceError(_("質問が1つもないアンケートは、回答の受付を始められません。"))
        now = timezone.now()
        if survey.closes_at is not None and survey.closes_at <= now:
            raise ServiceError(_("締切日時が過ぎています。締切日時を先に延ばしてから受付を始めてください。"))
        if survey.kind == Survey.Kind.WIZARD:
            # Lock the other wizard surveys too, so two staff opening two of them at once cannot both win.
            others = Survey.objects.select_for_update().filter(
                kind=Survey.Kind.WIZARD, status=Survey.Status.OPEN
            )
            if others.exclude(pk=survey.pk).exists():
                raise ServiceError(
                    _(
                        "宣言の申込み時に尋ねる質問は、同時に1つしか受け付けられません。先に受付中のものを締め切ってください。"
                    )
                )
        before = _survey_snapshot(survey)
        survey.status = Survey.Status.OPEN
        survey.opens_at = survey.opens_at or now
        survey.closed_at = None
        survey.save()
        audit_record(
            actor=actor, action="survey.open", target=survey, before=before, after=_survey_snapshot(survey)
        )
    return survey


def survey_close(actor: Any, survey: Survey) -> Survey:
    """Stop accepting answers now (a survey whose ``closes_at`` has passed already accepts none)."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.status != Survey.Status.OPEN:
            raise ServiceError(_("受付中のアンケートだけを締め切れます。"))
        before = _survey_snapshot(survey)
        survey.status = Survey.Status.CLOSED
        survey.closed_at = timezone.now()
        survey.save()
        audit_record(
            actor=actor, action="survey.close", target=survey, before=before, after=_survey_snapshot(survey)
        )
    return survey


def survey_reopen(actor: Any, survey: Survey, *, closes_at: datetime.datetime | None = None) -> Survey:
    """Accept answers again after closing (e.g. an extended deadline); ``closes_at`` replaces the deadline."""
    staff_require(actor)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.status != Survey.Status.CLOSED:
            raise ServiceError(_("締め切ったアンケートだけを再開できます。"))
        before = _survey_snapshot(survey)
        survey.closes_at = closes_at
        survey.status = Survey.Status.DRAFT  # survey_open re-checks the deadline and the one-wizard rule
        survey.save(update_fields=["closes_at", "status"])
        survey = survey_open(actor, survey)
        audit_record(
            actor=actor, action="survey.reopen", target=survey, before=before, after=_survey_snapshot(survey)
        )
        return survey
