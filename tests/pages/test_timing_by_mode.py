"""Timing texts on the home page and in the FAQ follow the office's review mode."""

import pytest
from django.urls import reverse
from django.utils import timezone

from secaction.core import programme
from secaction.declarations.models import ProgrammeSettings, ReviewMode, TermsVersion

pytestmark = pytest.mark.django_db

SEED_STEP3 = "STEP2 の後、1 週間程度で自己宣言 ID をお知らせするメールが届きます。"
SEED_STEP4 = "STEP3の後、1~2週間程度でロゴマークのダウンロード方法をお知らせするメールが届きます。"
SEED_FAQ = (
    "「自己宣言完了のお知らせ」メールをお送りしてから約1週間後に、「申込み受理のご連絡」メールにて"
    "ロゴマークの使用手順等をお知らせします。"
)
FAQ_QUESTION = "自己宣言の申込み受付から正式な受理通知までの所要日数はどのくらいですか。"
OWN_STEP3 = "このポータルでは、STEP2 の申込みを終えるとその場で自己宣言 ID が発行され、画面に表示されます。"
OWN_STEP4 = "マイページの「ロゴマーク」からロゴマークをダウンロードできます。"
OWN_FAQ = "このポータルでは、申込みはその場で受理されます。"


def _mode(mode):
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": mode})


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_the_seed_texts_are_quoted_verbatim():
    assert programme.LOGO_STEPS[2].description == SEED_STEP3
    assert programme.LOGO_STEPS[3].description == SEED_STEP4
    (entry,) = [e for e in programme.FAQ if e.key == "timing"]
    assert entry.question == FAQ_QUESTION and entry.answer == (SEED_FAQ,)


def test_home_in_immediate_mode_promises_no_wait(client):
    _mode(ReviewMode.IMMEDIATE)
    html = client.get(reverse("pages:home")).content.decode()
    assert SEED_STEP3 not in html and SEED_STEP4 not in html
    assert "週間" not in html
    assert OWN_STEP3 in html and OWN_STEP4 in html
    assert html.count("このポータルの手順") >= 2  # the two replaced steps are marked as the portal's


def test_home_by_default_is_immediate_and_writes_nothing(client):
    html = client.get(reverse("pages:home")).content.decode()
    assert OWN_STEP3 in html and SEED_STEP3 not in html
    assert not ProgrammeSettings.objects.exists()  # reading the mode creates no settings row


def test_home_in_reviewed_mode_quotes_the_seed(client):
    _mode(ReviewMode.REVIEWED)
    html = client.get(reverse("pages:home")).content.decode()
    assert SEED_STEP3 in html and SEED_STEP4 in html
    assert OWN_STEP3 not in html and "このポータルの手順" not in html
    assert "事務局が申込みを確認してから自己宣言 ID をお知らせします" in html


def test_home_in_english_follows_the_mode(client):
    _english(client)
    _mode(ReviewMode.IMMEDIATE)
    html = client.get(reverse("pages:home")).content.decode()
    assert "as soon as you finish STEP 2" in html and "This portal's procedure" in html
    assert programme.LOGO_STEPS[2].description_en not in html
    _mode(ReviewMode.REVIEWED)
    html = client.get(reverse("pages:home")).content.decode()
    assert programme.LOGO_STEPS[2].description_en in html
    assert programme.LOGO_STEPS[3].description_en in html


def test_faq_in_immediate_mode_answers_with_the_portal_procedure(client):
    _mode(ReviewMode.IMMEDIATE)
    html = client.get(reverse("pages:faq")).content.decode()
    assert FAQ_QUESTION in html  # the question stays the seed's
    assert SEED_FAQ not in html and "約1週間" not in html
    assert OWN_FAQ in html and "このポータルの手順" in html


def test_faq_in_reviewed_mode_quotes_the_seed(client):
    _mode(ReviewMode.REVIEWED)
    html = client.get(reverse("pages:faq")).content.decode()
    assert FAQ_QUESTION in html and SEED_FAQ in html
    assert OWN_FAQ not in html


def test_faq_in_english_follows_the_mode(client):
    _english(client)
    _mode(ReviewMode.IMMEDIATE)
    html = client.get(reverse("pages:faq")).content.decode()
    assert "an application is accepted on the spot" in html
    assert "About one week after" not in html
    _mode(ReviewMode.REVIEWED)
    html = client.get(reverse("pages:faq")).content.decode()
    assert "About one week after" in html


def test_faq_links_the_logo_rules_to_the_terms_in_force_here(client):
    TermsVersion.objects.update(is_current=False)  # whatever the migrations seeded is now an old version
    TermsVersion.objects.create(
        version="9", title="規約", body="…", published_at=timezone.now(), is_current=True
    )
    html = client.get(reverse("pages:faq")).content.decode()
    assert "ロゴマークの使用に際して、ルールがありますか。" in html
    assert f'href="{reverse("declarations:terms_public")}">ロゴマーク使用規約(第9版)</a>' in html
    assert "ipa.go.jp/security/security-action/mark" not in html
    _english(client)
    html = client.get(reverse("pages:faq")).content.decode()
    assert f'href="{reverse("declarations:terms_public")}">Logo mark terms of use (version 9)</a>' in html
