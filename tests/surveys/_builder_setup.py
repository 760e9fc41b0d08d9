"""Shared set-up of the builder and answering tests (helper C's tests): a staff user, an open survey."""

from __future__ import annotations

from typing import Any

from secaction.surveys.models import Survey
from secaction.surveys.services import (
    InvitationSeed,
    invitations_create,
    question_add,
    survey_create,
    survey_open,
)
from secaction.surveys.tokens import invitation_token


def office() -> Any:
    from secaction.accounts.models import User

    return User.objects.get_or_create(email="office@example.jp", defaults={"is_staff": True})[0]


def opts(*keys: str) -> list[dict[str, str]]:
    return [{"key": k, "ja": f"選択肢{k}", "en": f"Option {k}"} for k in keys]


def open_survey(
    *, mode: str = Survey.Mode.ANONYMOUS, kind: str = Survey.Kind.INVITATION, **fields: Any
) -> Survey:
    """An open survey of three questions: ``uses`` (single, required), ``which`` (multiple, shown when
    ``uses`` is yes) and ``staff`` (number 1..1000, optional)."""
    staff = office()
    survey = survey_create(
        staff,
        title_ja="クラウド利用の調査",
        title_en="Cloud use survey",
        intro_ja="ご協力ください。",
        intro_en="Please help us.",
        mode=mode,
        kind=kind,
        **fields,
    )
    uses = question_add(
        staff,
        survey,
        key="uses",
        kind="single",
        text_ja="クラウドを使っていますか",
        text_en="Do you use cloud services?",
        required=True,
        options=[{"key": "yes", "ja": "はい", "en": "Yes"}, {"key": "no", "ja": "いいえ", "en": "No"}],
    )
    question_add(
        staff,
        survey,
        key="which",
        kind="multiple",
        text_ja="どのサービスですか",
        text_en="Which services?",
        options=opts("mail", "files", "accounting"),
        max_choices=2,
        show_if=uses,
        show_if_options=["yes"],
    )
    question_add(
        staff,
        survey,
        key="staff",
        kind="number",
        text_ja="従業員数",
        text_en="Employees",
        min_value=1,
        max_value=1000,
    )
    return survey_open(staff, survey)


def invite(
    survey: Survey, email: str = "taro@example.jp", *, organization_id: int | None = 42, language: str = "ja"
) -> str:
    """Invite one address; returns its personal token."""
    invitations_create(
        survey,
        [
            InvitationSeed(
                email=email,
                organization_id=organization_id,
                language=language,
                level="two_star",
                prefecture="13",
                industry="E",
                size="6-20",
            )
        ],
    )
    return invitation_token(survey.pk, email)
