"""The declarer's pages over HTTP: the wizard, permissions, downloads, certificate and My Page panel."""

from __future__ import annotations

import io
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from secaction.declarations import services
from secaction.declarations.models import Declaration, LogoDownload, Status

from .conftest import GOOD_TWO_STAR, add_member, make_org, make_user

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]


def declare(client, level="one_star", two_star=None):
    assert client.post("/declarations/new/", {"level": level}).status_code == 302
    r = client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL})
    assert r.status_code == 302, r.content.decode()[:2000]
    if level == "two_star":
        r = client.post("/declarations/new/two-star/", two_star)
        assert r.status_code == 302, r.content.decode()
    assert client.post("/declarations/new/terms/", {"agree": "on"}).status_code == 302
    return client.post("/declarations/new/confirm/", {"public_ok": "1"})


def test_anonymous_is_sent_to_login(client):
    r = client.get("/declarations/new/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_user_without_organisation_is_sent_to_my_page_with_the_reason(client):
    client.force_login(make_user())
    for page in (
        "/declarations/new/",
        "/declarations/upgrade/",
        "/declarations/withdraw/",
        "/declarations/logo/",
        "/declarations/logo/one_star.svg",
        "/declarations/declaration.pdf",
        "/declarations/terms/accept/",
    ):
        r = client.get(page, follow=True)
        assert r.redirect_chain[-1][0] == reverse("mypage:index"), page
        assert "事業者の登録が必要です" in r.content.decode(), page


def test_member_declares_one_star_through_the_wizard(client, org, member):
    client.force_login(member)
    page = client.get("/declarations/new/principles/")
    assert page.status_code == 302 and page["Location"] == "/declarations/new/"  # steps in order
    html = client.get("/declarations/new/").content.decode()
    assert "一つ星" in html and "二つ星" in html
    client.post("/declarations/new/", {"level": "one_star"})
    html = client.get("/declarations/new/principles/").content.decode()
    assert "OSやソフトウェアは常に最新の状態にしよう" in html
    assert "/diagnosis/principles/3/" in html
    r = client.post("/declarations/new/principles/", {"p1": "on", "p2": "on"})
    assert r.status_code == 200 and "取り組むことを宣言するには" in r.content.decode()
    r = declare(client)
    decl = Declaration.objects.get()
    assert r["Location"] == f"/declarations/done/{decl.pk}/"
    html = client.get(r["Location"]).content.decode()
    assert decl.declaration_id in html and "一つ星を宣言しました" in html
    assert decl.submitted_by == member and decl.status == Status.ACTIVE


def test_second_declaration_is_refused_with_a_clear_message(client, org, owner, member, terms):
    services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    client.force_login(member)
    html = client.get("/declarations/new/").content.decode()
    assert "自己宣言は1つの事業者につき1件です" in html
    assert "/declarations/upgrade/" in html


def test_two_star_wizard_requires_publication_details_and_warns_about_privacy_policy(client, org, owner):
    client.force_login(owner)
    client.post("/declarations/new/", {"level": "two_star"})
    client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL})
    html = client.get("/declarations/new/two-star/").content.decode()
    assert "個人情報保護方針(プライバシーポリシー)だけでは二つ星になりません" in html
    assert "何点でも構いません" in html
    r = client.post(
        "/declarations/new/two-star/",
        {"publication_method": "website", "diagnosis_stated": "on", "policy_stated": "on"},
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "URLを入力してください" in body and "違いを確認して" in body
    r = client.post(
        "/declarations/new/two-star/",
        {"publication_method": "other", "diagnosis_stated": "on", "policy_stated": "on", "privacy_ack": "on"},
    )
    assert "公開方法を具体的に" in r.content.decode()
    r = client.post(
        "/declarations/new/two-star/",
        {
            "publication_method": "pamphlet",
            "diagnosis_stated": "on",
            "policy_stated": "on",
            "privacy_ack": "on",
        },
    )
    assert r.status_code == 302
    client.post("/declarations/new/terms/", {"agree": "on"})
    html = client.get("/declarations/new/confirm/").content.decode()
    assert "パンフレット" in html
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    decl = Declaration.objects.get()
    assert decl.level == "two_star" and decl.publication_method == "pamphlet" and decl.diagnosis_stated


def test_terms_must_be_ticked(client, org, owner):
    client.force_login(owner)
    client.post("/declarations/new/", {"level": "one_star"})
    client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL})
    html = client.get("/declarations/new/terms/").content.decode()
    assert "SECURITY ACTION Portal ロゴマーク使用規約" in html and "認定" in html
    r = client.post("/declarations/new/terms/", {})
    assert r.status_code == 200 and "同意が必要です" in r.content.decode()
    assert client.get("/declarations/new/confirm/")["Location"] == "/declarations/new/terms/"


def test_upgrade_keeps_id_via_the_wizard(client, org, owner, terms):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    client.force_login(owner)
    assert client.get("/declarations/upgrade/")["Location"] == "/declarations/new/two-star/"
    client.post(
        "/declarations/new/two-star/",
        {
            "publication_method": "website",
            "publication_url": "https://midori.example.jp/p",
            "diagnosis_stated": "on",
            "policy_stated": "on",
            "privacy_ack": "on",
        },
    )
    client.post("/declarations/new/terms/", {"agree": "on"})
    r = client.post("/declarations/new/confirm/", {"public_ok": "1"})
    assert r.status_code == 302
    decl.refresh_from_db()
    assert decl.level == "two_star" and Declaration.objects.count() == 1


def test_only_owner_withdraws_or_downgrades(client, org, owner, member, terms):
    services.declaration_submit(
        organization=org,
        user=owner,
        level="two_star",
        pledged_principles=ALL,
        terms_version=terms,
        two_star=GOOD_TWO_STAR,
    )
    client.force_login(member)
    assert client.get("/declarations/withdraw/").status_code == 403
    assert client.post("/declarations/withdraw/", {"reason": "x"}).status_code == 403
    assert client.post("/declarations/downgrade/", {"reason": "x"}).status_code == 403
    client.force_login(owner)
    for page in ("/declarations/withdraw/", "/declarations/downgrade/"):
        html = client.get(page).content.decode()
        assert re.search(r"理由 <span class=\"badge req\">必須</span></label>", html), (
            page
        )  # said before submitting
    r = client.post("/declarations/withdraw/", {"reason": ""})
    assert r.status_code == 200 and "理由を入力してください" in r.content.decode()
    assert client.post("/declarations/downgrade/", {"reason": "方針の公開をやめた"}).status_code == 302
    assert client.post("/declarations/withdraw/", {"reason": "廃業"}).status_code == 302
    decl = Declaration.objects.get()
    assert decl.status == Status.WITHDRAWN and decl.level == "one_star"


# --- downloads --------------------------------------------------------------------------------------


def test_logo_downloads_at_the_declared_level_only(client, org, member, owner, terms):
    services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    client.force_login(member)
    assert "ロゴマーク" in client.get("/declarations/logo/").content.decode()
    r = client.get("/declarations/logo/one_star.svg")
    assert r.status_code == 200 and r["Content-Type"] == "image/svg+xml"
    assert "SECURITY" in r.content.decode() and "一つ星" in r.content.decode()
    r = client.get("/declarations/logo/one_star-240.png")
    image = Image.open(io.BytesIO(r.content))
    assert image.size == (240, 120)
    assert client.get("/declarations/logo/two_star.svg").status_code == 403
    assert client.get("/declarations/logo/two_star-240.png").status_code == 403
    assert client.get("/declarations/logo/one_star-241.png").status_code == 404
    assert client.get("/declarations/logo/gold.svg").status_code == 404
    assert list(LogoDownload.objects.values_list("file_format", flat=True).order_by("id")) == [
        "svg",
        "png-240",
    ]
    assert client.get("/declarations/guideline/").status_code == 200


@pytest.mark.parametrize("end", ["withdraw", "cancel"])
def test_no_downloads_once_ended(client, org, owner, staff, terms, end):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    if end == "withdraw":
        services.declaration_withdraw(declaration=decl, user=owner, reason="r")
    else:
        services.declaration_cancel(declaration=decl, staff=staff, reason="r")
    client.force_login(owner)
    for url in (
        "/declarations/logo/",
        "/declarations/logo/one_star.svg",
        "/declarations/logo/one_star-120.png",
        "/declarations/guideline/",
        "/declarations/declaration.pdf",
    ):
        assert client.get(url).status_code == 403, url
    assert not LogoDownload.objects.exists()


def test_no_downloads_while_pending_or_for_other_organisations(client, org, owner, terms, reviewed_mode):
    services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    client.force_login(owner)
    assert client.get("/declarations/logo/one_star.svg").status_code == 403
    stranger = add_member(make_org("株式会社べつ"), role="owner")
    client.force_login(stranger)
    assert client.get("/declarations/guideline/").status_code == 403


def test_certificate_pdf_text(client, org, owner, terms, settings):
    settings.SITE_URL = "https://portal.example.jp"
    decl = services.declaration_submit(
        organization=org,
        user=owner,
        level="two_star",
        pledged_principles=ALL,
        terms_version=terms,
        two_star=GOOD_TWO_STAR,
    )
    client.force_login(owner)
    r = client.get("/declarations/declaration.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    assert len(reader.pages) == 1  # one printable sheet
    text = "".join(p.extract_text() for p in reader.pages)
    flat = "".join(text.split())
    assert "株式会社みどり商店" in flat
    assert decl.declaration_id in flat
    assert "二つ星" in flat
    assert decl.declared_at.strftime("%Y-") in flat
    assert f"https://portal.example.jp/registry/verify/{decl.declaration_id}/" in flat
    assert "自己宣言の制度" in flat and "認定・認証を示すものではありません" in flat
    assert LogoDownload.objects.filter(file_format="certificate-pdf").count() == 1


# --- My Page panel ---------------------------------------------------------------------------------


def render_panel(org, membership, rf):
    """The panel as My Page renders it: the app's selector, then its template with ``panel``."""
    from secaction.declarations.selectors import declarations_panel_get
    from secaction.diagnosis.selectors import diagnosis_panel_get
    from secaction.policies.selectors import policies_panel_get

    panel = declarations_panel_get(
        org, membership, diagnosis=diagnosis_panel_get(org), policies=policies_panel_get(org)
    )
    return Template('{% include "declarations/_mypage_panel.html" %}').render(
        Context({"panel": panel, "organization": org, "membership": membership, "request": rf.get("/")})
    )


def test_panel_without_declaration_invites_to_declare(org, owner, rf):
    html = render_panel(org, owner.memberships.get(), rf)
    assert "まだ自己宣言をしていません" in html and "/declarations/new/" in html


def test_panel_shows_id_next_step_and_history(org, owner, member, terms, rf):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    html = render_panel(org, owner.memberships.get(), rf)
    assert decl.declaration_id in html
    assert "/diagnosis/" in html  # next: take the self-diagnosis
    assert "/declarations/upgrade/" in html and "/declarations/withdraw/" in html
    assert f"/registry/verify/{decl.declaration_id}/" in html
    member_html = render_panel(org, member.memberships.get(), rf)
    assert "/declarations/withdraw/" not in member_html  # owner only
    services.declaration_withdraw(declaration=decl, user=owner, reason="いったんやめる")
    html = render_panel(org, owner.memberships.get(), rf)
    assert "取り下げ" in html and "いったんやめる" in html


def test_panel_shows_cancel_reason_and_returned_message(org, owner, staff, terms, rf, reviewed_mode):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    html = render_panel(org, owner.memberships.get(), rf)
    assert "受付中" in html and "約7日" in html
    services.declaration_return(declaration=decl, staff=staff, message="住所を番地まで入力してください")
    html = render_panel(org, owner.memberships.get(), rf)
    assert "住所を番地まで入力してください" in html and "再申込み" in html
    decl.refresh_from_db()
    services.declaration_withdraw(declaration=decl, user=owner, reason="r")
    decl2 = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    services.declaration_cancel(declaration=decl2, staff=staff, reason="ロゴマークを改変して使用")
    html = render_panel(org, owner.memberships.get(), rf)
    assert "ロゴマークを改変して使用" in html


def test_returned_item_is_corrected_and_resubmitted_through_the_wizard(
    client, org, owner, staff, terms, reviewed_mode
):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    services.declaration_return(declaration=decl, staff=staff, message="二つ星で申し込み直してください")
    client.force_login(owner)
    html = client.get("/declarations/new/").content.decode()
    assert "二つ星で申し込み直してください" in html
    declare(
        client,
        "two_star",
        {
            "publication_method": "brochure",
            "diagnosis_stated": "on",
            "policy_stated": "on",
            "privacy_ack": "on",
        },
    )
    decl.refresh_from_db()
    assert decl.status == Status.PENDING and decl.level == "two_star"
    assert Declaration.objects.count() == 1


def test_two_star_links_the_stored_diagnosis_and_policy(client, org, owner, monkeypatch):
    import datetime as dt

    from secaction.declarations import views_wizard as views
    from secaction.declarations.links import DiagnosisLink, PolicyLink

    monkeypatch.setattr(
        views, "diagnosis_latest", lambda o: DiagnosisLink(41, 62, dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    )
    monkeypatch.setattr(
        views, "policy_published", lambda o: PolicyLink(9, "https://portal.example.jp/policy/p/midori/")
    )
    client.force_login(owner)
    client.post("/declarations/new/", {"level": "two_star"})
    client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL})
    html = client.get("/declarations/new/two-star/").content.decode()
    assert "62点" in html and "https://portal.example.jp/policy/p/midori/" in html
    assert 'name="diagnosis_stated"' not in html  # no statement needed when linked
    # the portal-hosted policy page is 「その他」, prefilled with its URL
    assert re.search(r'value="other"[^>]*checked', html)
    assert (
        "SECURITY ACTION Portal の公開ページで公開しています: https://portal.example.jp/policy/p/midori/"
        in html
    )
    r = client.post(
        "/declarations/new/two-star/",
        {
            "publication_method": "website",
            "publication_url": "https://portal.example.jp/policy/p/midori/",
            "privacy_ack": "on",
        },
    )
    assert r.status_code == 302
    client.post("/declarations/new/terms/", {"agree": "on"})
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    decl = Declaration.objects.get()
    assert (decl.diagnosis_ref, decl.diagnosis_total, decl.policy_ref) == (41, 62, 9)
    assert not decl.diagnosis_stated and not decl.policy_stated


def test_imported_declaration_agrees_to_terms_before_downloading(client, org, owner, member, terms):
    from secaction.core.models import AuditEvent

    decl = Declaration.objects.create(
        organization=org, level="one_star", status="active", declaration_id="40000000001", imported=True
    )
    client.force_login(member)
    r = client.get("/declarations/logo/one_star.svg")
    assert (
        r.status_code == 302
        and r["Location"] == "/declarations/terms/accept/?next=/declarations/logo/one_star.svg"
    )
    assert not LogoDownload.objects.exists()
    html = client.get(r["Location"]).content.decode()
    assert "40000000001" in html and terms.title in html
    assert (
        client.post("/declarations/terms/accept/?next=https://evil.example/", {}).status_code == 200
    )  # unticked
    r = client.post("/declarations/terms/accept/?next=https://evil.example/", {"agree": "on"})
    assert r["Location"] == "/declarations/logo/"  # no open redirect
    decl.refresh_from_db()
    assert decl.terms_version == terms and decl.terms_accepted_by == member
    assert AuditEvent.objects.filter(action="declaration.terms_accept").exists()
    assert client.get("/declarations/logo/one_star.svg").status_code == 200


def test_terms_are_public(client, terms):
    html = client.get("/declarations/terms/").content.decode()
    assert terms.title in html and "第1条(ロゴマークの意味)" in html


def test_two_star_step_quotes_the_faq(client, org, owner):
    from secaction.core import programme

    client.force_login(owner)
    client.post("/declarations/new/", {"level": "two_star"})
    client.post("/declarations/new/principles/", {f"p{n}": "on" for n in ALL})
    html = client.get("/declarations/new/two-star/").content.decode()
    two_star = [entry for entry in programme.FAQ if "二つ星" in entry.question]
    assert two_star  # otherwise the loop below would check nothing
    for entry in two_star:
        assert entry.question in html
        assert entry.answer[0] in html


def test_my_page_shows_the_declaration_panel(client, org, owner, terms):
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    client.force_login(owner)
    html = client.get("/org/mypage/").content.decode()
    assert 'id="declaration-panel"' in html
    assert decl.declaration_id in html and "/declarations/logo/" in html


def test_two_star_links_a_real_diagnosis_and_the_next_step_moves_on(client, org, owner, terms, rf):
    from secaction.diagnosis.services import assessment_save

    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    html = render_panel(org, owner.memberships.get(), rf)
    assert "自社診断」で状況を確かめましょう" in html
    assessment = assessment_save(organization=org, user=owner, answers={n: "yes" for n in range(1, 26)})
    html = render_panel(org, owner.memberships.get(), rf)
    assert "基本方針を作って公開しましょう" in html  # diagnosis done: next is the policy
    client.force_login(owner)
    client.get("/declarations/upgrade/")
    page = client.get("/declarations/new/two-star/").content.decode()
    assert f"{assessment.total}点" in page
    client.post(
        "/declarations/new/two-star/",
        {"publication_method": "brochure", "policy_stated": "on", "privacy_ack": "on"},
    )
    client.post("/declarations/new/terms/", {"agree": "on"})
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    decl.refresh_from_db()
    assert decl.level == "two_star"
    assert (decl.diagnosis_ref, decl.diagnosis_total) == (assessment.pk, assessment.total)


def test_published_policy_is_linked_and_prefills_the_website(client, org, owner, terms, rf, settings):
    from secaction.diagnosis.services import assessment_save
    from secaction.policies.services import policy_publish, policy_version_create
    from secaction.policies.suggest import policy_suggest

    settings.SITE_URL = "https://portal.example.jp"
    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    assessment_save(organization=org, user=owner, answers={n: "partial" for n in range(1, 26)})
    data = policy_suggest(industry=org.industry, employees_band=org.employees, organization_name=org.name)
    data.update(
        established_on="2026-04-01",
        organization_name=org.name,
        representative_title="代表取締役",
        representative_name="緑川 一郎",
    )
    version = policy_version_create(organization=org, actor=owner, data=data)
    policy_publish(version=version, actor=owner)
    html = render_panel(org, owner.memberships.get(), rf)
    assert "二つ星を宣言しましょう" in html and "/declarations/upgrade/" in html
    client.force_login(owner)
    client.get("/declarations/upgrade/")
    page = client.get("/declarations/new/two-star/").content.decode()
    assert 'value="https://portal.example.jp/policy/' in page  # the public policy page, prefilled
    assert 'name="policy_stated"' not in page
    url = re.search(r'value="(https://portal\.example\.jp/policy/[^"]+)"', page).group(1)
    client.post(
        "/declarations/new/two-star/",
        {"publication_method": "website", "publication_url": url, "privacy_ack": "on"},
    )
    client.post("/declarations/new/terms/", {"agree": "on"})
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    decl.refresh_from_db()
    assert decl.level == "two_star" and decl.policy_ref == version.pk and decl.publication_url == url
    assert "ハンドブック" in render_panel(
        org, owner.memberships.get(), rf
    )  # next: handbook and staff education


def test_certificate_title_is_letter_spaced_only_in_japanese(org, owner, terms):
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    decl = services.declaration_submit(
        organization=org, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )

    def title_letter_spacing(language):
        with translation.override(language):
            html = render_to_string(
                "declarations/certificate.html", {"declaration": decl, "organization": org}
            )
        page_box = HTML(string=html).render().pages[0]._page_box

        def walk(box):
            yield box
            for child in getattr(box, "children", []):
                yield from walk(child)

        h1 = next(b for b in walk(page_box) if getattr(b, "element_tag", None) == "h1")
        return h1.style["letter_spacing"]

    assert title_letter_spacing("en") == "normal"  # spaced Latin letters read as "D e c l a r a t i o n"
    assert title_letter_spacing("ja") != "normal"
