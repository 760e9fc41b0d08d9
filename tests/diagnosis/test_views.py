import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from secaction.core.models import AuditEvent
from secaction.core.programme import FIVE_PRINCIPLES
from secaction.diagnosis import bank
from secaction.diagnosis.models import Assessment
from secaction.diagnosis.services import assessment_save
from secaction.diagnosis.views import SESSION_KEY

from .factories import answers_all, member_make, organization_make, post_data

pytestmark = pytest.mark.django_db


def test_questionnaire_shows_every_item_footnote_and_answer(client):
    html = client.get("/diagnosis/").content.decode()
    for item in bank.items():
        assert item.text in html
        for value in ("yes", "partial", "no", "unknown"):
            assert f'name="q{item.number}" value="{value}"' in html
    assert html.count('type="radio"') == 100
    for footnote in bank.edition().footnotes:
        assert footnote.text in html
    for title in ("基本的対策", "従業員としての対策", "組織としての対策"):
        assert title in html
    assert "美施" not in html
    # every radio sits inside its label, and every item is a fieldset with a legend
    assert html.count('<label class="dg-choice"><input type="radio"') == 100
    assert html.count('<legend id="q') == 25


def test_incomplete_answers_keep_choices_and_name_missing_items(client):
    answers = answers_all("yes")
    del answers[4]
    del answers[22]
    answers[9] = "partial"
    response = client.post("/diagnosis/", post_data(answers))
    assert response.status_code == 400
    html = response.content.decode()
    assert "No.4 の回答がありません" in html and "No.22 の回答がありません" in html
    assert 'name="q9" value="partial" checked' in html
    assert 'name="q1" value="yes" checked' in html
    assert SESSION_KEY not in client.session


def test_anonymous_result_from_session_weakest_first(client):
    answers = answers_all("yes")
    answers.update({3: "partial", 11: "no", 24: "unknown"})
    response = client.post("/diagnosis/", post_data(answers))
    assert response.status_code == 302 and response["Location"] == "/diagnosis/result/"
    html = client.get("/diagnosis/result/").content.decode()
    assert ">89<" in html  # 100 - 2 - 4 - 5
    assert "おおむねできています" in html
    assert html.count("<svg") == 1
    order = [int(n) for n in re.findall(r'id="todo-(\d+)"', html)]
    assert order == [24, 11, 3]
    assert bank.edition().item(24).advice[0] in html
    assert "/accounts/login/?next=/diagnosis/save/" in html


def test_result_without_answers_goes_back_to_the_form(client):
    response = client.get("/diagnosis/result/")
    assert response.status_code == 302 and response["Location"] == "/diagnosis/"
    session = client.session
    session[SESSION_KEY] = {"edition": "2024", "answers": {"1": "yes"}}
    session.save()
    assert client.get("/diagnosis/result/").status_code == 302


def test_save_after_login_keeps_the_anonymous_answers(client):
    org = organization_make()
    user = member_make(org, password="pw-Secure-12345")
    client.post("/diagnosis/", post_data(answers_all("partial")))
    response = client.get("/diagnosis/save/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    login = client.post(
        "/accounts/login/?next=/diagnosis/save/", {"login": user.email, "password": "pw-Secure-12345"}
    )
    assert login.status_code == 302 and login["Location"] == "/diagnosis/save/"
    page = client.get("/diagnosis/save/").content.decode()
    assert org.name in page
    response = client.post("/diagnosis/save/", {"organization": org.pk, "unit_name": "  大阪  支店 "})
    saved = Assessment.objects.get()
    assert response["Location"] == f"/diagnosis/{saved.pk}/"
    assert (saved.organization, saved.total, saved.edition, saved.unit_name) == (org, 50, "2024", "大阪 支店")
    assert saved.taken_by == user and saved.band == "fair"
    assert saved.answers == {str(n): "partial" for n in range(1, 26)}
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.get(action="diagnosis.assessment_save")
    assert event.object_id == str(saved.pk) and event.actor == user


def test_save_without_organisation_explains_what_to_do(client):
    user = member_make(None)
    client.force_login(user)
    client.post("/diagnosis/", post_data(answers_all("yes")))
    html = client.get("/diagnosis/save/").content.decode()
    assert "事業者を登録" in html
    assert client.post("/diagnosis/save/", {}).status_code == 200
    assert Assessment.objects.count() == 0


def test_cannot_save_to_someone_elses_organisation(client):
    mine, theirs = organization_make("自社"), organization_make("他社")
    client.post("/diagnosis/", post_data(answers_all("yes")))
    client.force_login(member_make(mine))
    assert client.post("/diagnosis/save/", {"organization": theirs.pk}).status_code == 403
    assert Assessment.objects.count() == 0


def test_member_saves_directly_and_sees_comparison_history_and_chart(client):
    org = organization_make()
    client.force_login(member_make(org))
    first = answers_all("partial")
    client.post("/diagnosis/", post_data(first))
    second = dict(first)
    second.update({1: "yes", 2: "no"})
    response = client.post("/diagnosis/", post_data(second, organization=org.pk))
    latest = Assessment.objects.order_by("-id").first()
    assert Assessment.objects.count() == 2
    assert response["Location"] == f"/diagnosis/{latest.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "前回との比較" in html
    improved = re.findall(r'class="dg-up-item">No\.(\d+)', html)
    worsened = re.findall(r'class="dg-down-item">No\.(\d+)', html)
    assert (improved, worsened) == (["1"], ["2"])
    history = client.get("/diagnosis/history/").content.decode()
    assert history.count(f"/diagnosis/{latest.pk}/") == 1 and "<svg" in history and "<polyline" in history


def test_other_organisations_results_are_not_found(client):
    a = assessment_save(
        organization=(org := organization_make()), user=member_make(org), answers=answers_all("yes")
    )
    client.force_login(member_make(organization_make("別")))
    assert client.get(f"/diagnosis/{a.pk}/").status_code == 404
    assert client.get(f"/diagnosis/{a.pk}/pdf/").status_code == 404


def test_combined_uses_weakest_answer_per_item_and_average(client):
    org = organization_make()
    user = member_make(org)
    tokyo = answers_all("yes")
    tokyo[1] = "no"
    osaka = answers_all("partial")
    assessment_save(
        organization=org,
        user=user,
        answers=answers_all("no"),
        unit_name="東京",
        taken_at=timezone.now() - timezone.timedelta(days=30),
    )
    assessment_save(organization=org, user=user, answers=tokyo, unit_name="東京")
    assessment_save(organization=org, user=user, answers=osaka, unit_name="大阪")
    client.force_login(user)
    html = client.get("/diagnosis/combined/").content.decode()
    assert "東京" in html and "大阪" in html
    assert "73.0" in html  # (96 + 50) / 2
    assert ">48<" in html  # weakest per item: item 1 "no" (0), the rest "partial" (24 x 2)


def test_mypage_panel_shows_latest_and_history():
    from secaction.diagnosis.selectors import diagnosis_panel_get

    org = organization_make()
    user = member_make(org)
    request = RequestFactory().get("/org/mypage/")
    request.session = {}
    request.user = user
    empty = render_to_string(
        "diagnosis/_mypage_panel.html",
        {"organization": org, "panel": diagnosis_panel_get(org)},
        request=request,
    )
    assert "自社診断をする" in empty
    assessment_save(
        organization=org,
        user=user,
        answers=answers_all("partial"),
        taken_at=timezone.now() - timezone.timedelta(days=1),
    )
    latest = assessment_save(organization=org, user=user, answers=answers_all("yes"))
    html = render_to_string(
        "diagnosis/_mypage_panel.html",
        {"organization": org, "panel": diagnosis_panel_get(org)},
        request=request,
    )
    assert "100点" in html and "すべての対策ができています" in html
    assert f"/diagnosis/{latest.pk}/" in html and "/diagnosis/history/" in html
    assert "50点" in html  # the earlier one in the history list
    request.session = {SESSION_KEY: {"edition": "2024"}}
    assert "/diagnosis/save/" in render_to_string(
        "diagnosis/_mypage_panel.html",
        {"organization": org, "panel": diagnosis_panel_get(org)},
        request=request,
    )


def test_principles_pages_quote_the_seed_and_give_platform_steps(client):
    index = client.get("/diagnosis/principles/").content.decode()
    for p in FIVE_PRINCIPLES:
        assert p.title in index and f"/diagnosis/principles/{p.number}/" in index
    for p in FIVE_PRINCIPLES:
        html = client.get(f"/diagnosis/principles/{p.number}/").content.decode()
        assert p.risk in html and p.measure in html
        for example in p.examples:
            assert example in html
        for platform in ("Windows", "macOS", "Android", "iOS"):
            assert platform in html
    assert client.get("/diagnosis/principles/6/").status_code == 404
    assert client.get("/diagnosis/principles/0/").status_code == 404
    checklist = client.get("/diagnosis/principles/checklist/").content.decode()
    assert checklist.count('class="checklist"') == 5 and "@media print" not in checklist


def test_principle_urls_have_the_agreed_names():
    from django.urls import reverse

    assert reverse("diagnosis:principles") == "/diagnosis/principles/"
    assert reverse("diagnosis:principle", args=[3]) == "/diagnosis/principles/3/"


def test_english_page_shows_project_translations(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/diagnosis/").content.decode()
    assert bank.edition().item(1).text_en in html
    assert "Partly done" in html
    assert "English translation of the questions is this portal" in html
    assert "See the result" in html  # from the app's English catalogue (built by `make messages`)
    client.post("/diagnosis/", post_data(answers_all("partial")))
    result = client.get("/diagnosis/result/").content.decode()
    assert "Some measures are missing" in result and bank.edition().item(1).advice_en[0] in result


def test_bad_input_never_crashes(client):
    assert (
        client.post("/diagnosis/", {"q1": "<script>", "q99": "yes", "unit_name": "x" * 500}).status_code
        == 400
    )
    session = client.session
    for garbage in (
        "garbage",
        {"edition": "2024", "answers": ["yes"] * 25},
        {"edition": "1999", "answers": {}},
    ):
        session[SESSION_KEY] = garbage
        session.save()
        assert client.get("/diagnosis/result/").status_code == 302
    assert client.get("/diagnosis/result/pdf/").status_code == 302


def test_backoffice_lists_assessments_read_only(admin_client):
    org = organization_make()
    assessment_save(organization=org, user=member_make(org), answers=answers_all("yes"), unit_name="本社")
    from django.test import override_settings

    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        html = admin_client.get("/backoffice/diagnosis/assessment/").content.decode()
    assert "本社" in html


def test_history_and_combined_belong_to_the_members_own_organisation(client):
    from django.urls import reverse

    mine, theirs = organization_make("自社"), organization_make("他社")
    client.force_login(member_make(mine))
    for name in ("diagnosis:history", "diagnosis:combined"):
        url = reverse(name)
        assert client.get(url).status_code == 200
        assert client.get(url, {"org": mine.pk}).status_code == 200
        assert client.get(url, {"org": theirs.pk}).status_code == 404, name  # not revealed


def test_results_pages_send_someone_without_an_organisation_to_my_page(client):
    from django.urls import reverse

    client.force_login(member_make(None))
    for name in ("diagnosis:history", "diagnosis:combined"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("mypage:index"), name


def test_bad_answers_are_a_service_error_keyed_answers():
    from secaction.core.errors import ServiceError

    org = organization_make()
    answers = answers_all("yes")
    del answers[3]
    with pytest.raises(ServiceError) as exc:
        assessment_save(organization=org, user=member_make(org), answers=answers)
    assert list(exc.value.message_dict) == ["answers"] and "No.3" in exc.value.message_dict["answers"][0]
    assert not Assessment.objects.exists()
