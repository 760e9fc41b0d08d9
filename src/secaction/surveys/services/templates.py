"""Creating a draft survey from a shipped template (``secaction.surveys.templates_2024``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record

from ..models import Question, Survey
from ..templates_2024 import TEMPLATES


@transaction.atomic
def survey_from_template(actor: Any, key: str = "2024") -> Survey:
    """A new DRAFT survey with the template's questions, options and reference figures (staff only, audited).

    Anonymous mode, the template's kind (an invitation survey for ``"2024"``, a wizard survey for
    ``"wizard"``) and ``template_key=key``; the office edits and opens it like any other survey.
    ``ServiceError`` for an unknown key.
    """
    staff_require(actor)
    template = TEMPLATES.get(key)
    if template is None:
        raise ServiceError(_("そのテンプレートはありません。"))
    survey = Survey.objects.create(
        kind=template.kind,
        mode=Survey.Mode.ANONYMOUS,
        status=Survey.Status.DRAFT,
        title_ja=template.title_ja,
        title_en=template.title_en,
        intro_ja=template.intro_ja,
        intro_en=template.intro_en,
        attributes=list(template.attributes),
        template_key=template.key,
        created_by=actor,
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=position,
            key=q.key,
            kind=q.kind,
            text_ja=q.text_ja,
            text_en=q.text_en,
            options=[o.as_option() for o in q.options],
            reference=q.reference,
        )
        for position, q in enumerate(template.questions, start=1)
    )
    audit_record(
        actor=actor,
        action="survey.created_from_template",
        target=survey,
        after={"template_key": key, "kind": survey.kind, "questions": len(template.questions)},
        message=survey.title_ja,
    )
    return survey
