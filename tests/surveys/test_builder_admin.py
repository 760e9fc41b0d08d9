"""The builder in the back office: every button goes through the services."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from secaction.core.models import AuditEvent
from secaction.surveys.models import Question, Survey

from ._builder_setup import office, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    # The back office asks staff for a second factor (TOTP) before any page.
    user = office()
    user.is_superuser = True  # the office's staff hold the model permissions (through their group)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ")
    client.force_login(user)
    return client


def test_outsiders_cannot_reach_the_builder(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="someone@example.jp"))
    assert client.get(reverse("admin:surveys_survey_add")).status_code == 302  # to the admin log-in


def test_create_a_survey_add_questions_and_open_it(staff_client):
    page = staff_client.post(
        reverse("admin:surveys_survey_add"),
        {"title_ja": "テスト調査", "kind": "invitation", "mode": "anonymous", "attributes": ["level"]},
    )
    survey = Survey.objects.get(title_ja="テスト調査")
    assert page.status_code == 302 and page["Location"] == reverse(
        "admin:surveys_survey_change", args=[survey.pk]
    )
    add = reverse("admin:surveys_survey_question_add", args=[survey.pk])
    staff_client.post(
        add,
        {
            "key": "uses",
            "kind": "single",
            "text_ja": "使っていますか",
            "options": "yes|はい|Yes\nno|いいえ|No",
        },
    )
    uses = Question.objects.get(survey=survey, key="uses")
    staff_client.post(
        add,
        {
            "key": "which",
            "kind": "multiple",
            "text_ja": "どれですか",
            "options": "a|A\nb|B",
            "show_if": uses.pk,
            "show_if_options": "yes",
        },
    )
    which = Question.objects.get(survey=survey, key="which")
    assert which.show_if_id == uses.pk and which.options == [
        {"key": "a", "ja": "A", "en": ""},
        {"key": "b", "ja": "B", "en": ""},
    ]
    bad = staff_client.post(add, {"key": "x", "kind": "single", "text_ja": "X", "options": "only-a-key"})
    assert "「キー|日本語|English」の形" in bad.content.decode()
    change = staff_client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).content.decode()
    assert "使っていますか" in change and "どれですか" in change
    assert f"?kind=invitation&amp;survey={survey.pk}" in change or "招待メールを作成" not in change
    preview = staff_client.get(reverse("admin:surveys_survey_preview", args=[survey.pk])).content.decode()
    assert 'name="q.uses"' in preview and "問1で「はい」と答えた方だけお答えください。" in preview
    staff_client.post(reverse("admin:surveys_survey_open", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert AuditEvent.objects.filter(action="survey.open", object_id=str(survey.pk)).exists()


def test_a_refused_edit_is_shown_on_the_form(staff_client):
    survey = open_survey()
    which = survey.questions.get(key="which")
    url = reverse("admin:surveys_survey_question_edit", args=[survey.pk, which.pk])
    data = {
        "key": "which",
        "kind": "single",
        "text_ja": "どれ",
        "options": "mail|M\nfiles|F\naccounting|A",
        "show_if": which.show_if_id,
        "show_if_options": "yes",
    }
    page = staff_client.post(url, data)
    assert page.status_code == 200 and "質問の形式を変更できません" in page.content.decode()
    which.refresh_from_db()
    assert which.kind == "multiple"


def test_buttons_move_hide_and_close(staff_client):
    survey = open_survey()
    staff_q = survey.questions.get(key="staff")
    staff_client.post(
        reverse("admin:surveys_survey_question_move", args=[survey.pk, staff_q.pk]), {"direction": "up"}
    )
    assert list(survey.questions.order_by("position").values_list("key", flat=True)) == [
        "uses",
        "staff",
        "which",
    ]
    refused = staff_client.post(
        reverse("admin:surveys_survey_question_hide", args=[survey.pk, survey.questions.get(key="uses").pk]),
        follow=True,
    )
    assert "非表示にできません" in refused.content.decode()
    staff_client.post(reverse("admin:surveys_survey_question_hide", args=[survey.pk, staff_q.pk]))
    staff_q.refresh_from_db()
    assert staff_q.removed_at is not None
    assert staff_client.get(reverse("admin:surveys_survey_close", args=[survey.pk])).status_code == 405
    staff_client.post(reverse("admin:surveys_survey_close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_the_list_shows_response_counts(staff_client):
    open_survey()
    page = staff_client.get(reverse("admin:surveys_survey_changelist")).content.decode()
    assert "クラウド利用の調査" in page and "回答数" in page


def test_edit_the_survey_settings(staff_client):
    survey = open_survey()
    url = reverse("admin:surveys_survey_edit", args=[survey.pk])
    form = staff_client.get(url).content.decode()
    assert 'value="クラウド利用の調査"' in form
    data = {"title_ja": "クラウド利用の調査(改)", "kind": "invitation", "mode": "anonymous", "closes_at": ""}
    assert staff_client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.title_ja == "クラウド利用の調査(改)"
    refused = staff_client.post(url, {**data, "mode": "identified"})
    assert "匿名・記名、種類、回答に残す属性を変更できません" in refused.content.decode()


def test_the_question_form_shows_the_fields_of_its_kind(staff_client):
    survey = open_survey()
    add = reverse("admin:surveys_survey_question_add", args=[survey.pk])
    number_form = staff_client.get(add + "?kind=number").content.decode()
    assert 'name="min_value"' in number_form and 'name="options"' not in number_form
    choice_form = staff_client.get(add + "?kind=multiple").content.decode()
    assert (
        'name="options"' in choice_form
        and 'name="max_choices"' in choice_form
        and 'name="rows"' not in choice_form
    )
    staff_client.post(add, {"key": "sites", "kind": "number", "text_ja": "拠点の数", "min_value": "1"})
    sites = survey.questions.get(key="sites")
    assert (sites.kind, sites.min_value, sites.options) == ("number", 1, [])


def test_a_draft_question_may_change_kind(staff_client):
    survey = Survey.objects.create(title_ja="下書き", created_by=office())
    staff_client.post(
        reverse("admin:surveys_survey_question_add", args=[survey.pk]),
        {"key": "q", "kind": "single", "text_ja": "Q", "options": "a|A\nb|B"},
    )
    question = survey.questions.get()
    edit = reverse("admin:surveys_survey_question_edit", args=[survey.pk, question.pk])
    assert staff_client.post(edit, {"key": "q", "kind": "text", "text_ja": "Q"}).status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.options) == ("text", [])


def test_a_closed_survey_is_reopened_with_a_new_deadline(staff_client):
    survey = open_survey()
    staff_client.post(reverse("admin:surveys_survey_close", args=[survey.pk]))
    page = staff_client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).content.decode()
    assert "回答の受付を再開する" in page and "回答の受付を始める" not in page

    refused = staff_client.post(
        reverse("admin:surveys_survey_reopen", args=[survey.pk]), {"closes_at": "いつか"}, follow=True
    )
    assert "日時を正しく入力してください。" in refused.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED

    done = staff_client.post(
        reverse("admin:surveys_survey_reopen", args=[survey.pk]),
        {"closes_at": "2099-12-31 17:00"},
        follow=True,
    )
    assert "回答の受付を再開しました。" in done.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.closes_at is not None
    assert AuditEvent.objects.filter(action="survey.reopen", object_id=str(survey.pk)).exists()
