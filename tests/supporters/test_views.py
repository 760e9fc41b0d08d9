"""Public directory and detail pages, member pages, in Japanese and English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secaction.supporters import services
from secaction.supporters.models import Supporter, SupporterStatus, SupportOffer

from .conftest import add_member, approved_supporter, declare, make_org, make_user, offer

pytestmark = pytest.mark.django_db
DIRECTORY = "/supporters/"


def titles(response) -> set[str]:
    return {o.title for s in response.context["supporters"] for o in s.public_offers}


def names(response) -> set[str]:
    return {s.organization.name for s in response.context["supporters"]}


def test_directory_lists_only_approved_supporters_and_published_offers(client, supporter, owner, staff):
    offer(supporter, owner, title="公開中の相談")
    offer(supporter, owner, title="下書きの相談", publish=False)
    pending_org = make_org("株式会社まだ確認中")
    declare(pending_org)
    services.supporter_apply(
        organization=pending_org,
        user=add_member(pending_org, role="owner"),
        data=services.SupporterInput(kind="company", description="準備中", contact="a@example.jp"),
        agreed=True,
    )
    response = client.get(DIRECTORY)
    html = response.content.decode()
    assert names(response) == {"株式会社ささえる"}
    assert "公開中の相談" in html and "下書きの相談" not in html
    assert "登録している普及賛同企業等: 1社" in html
    assert "事務局が提供・保証するものではありません" in html
    assert "認定・認証の制度ではありません" in html


def test_suspended_supporter_disappears_everywhere(client, supporter, owner, staff):
    offer(supporter, owner, title="公開中の相談")
    services.supporter_suspend(supporter=supporter, staff=staff, reason="不正利用")
    html = client.get(DIRECTORY).content.decode()
    assert "公開中の相談" not in html and "登録している普及賛同企業等: 0社" in html
    assert client.get(f"/supporters/{supporter.pk}/").status_code == 404
    assert SupportOffer.objects.filter(title="公開中の相談", is_published=True).exists()  # kept, just hidden
    services.supporter_reinstate(supporter=supporter, staff=staff, message="確認が済みました")
    html = client.get(DIRECTORY).content.decode()
    assert "公開中の相談" in html and "登録している普及賛同企業等: 1社" in html


def test_withdrawn_supporter_is_hidden_but_kept(client, supporter, owner):
    offer(supporter, owner)
    services.supporter_withdraw(supporter=supporter, user=owner)
    assert client.get(f"/supporters/{supporter.pk}/").status_code == 404
    assert names(client.get(DIRECTORY)) == set()
    assert Supporter.objects.filter(pk=supporter.pk, status=SupporterStatus.WITHDRAWN).exists()


def test_filters_category_audience_and_prefecture_with_nationwide(client, supporter, owner, staff):
    offer(supporter, owner, title="全国の情報提供", category="information", prefecture="")
    offer(
        supporter,
        owner,
        title="大阪の体制支援",
        category="organisation",
        prefecture="27",
        audience="two_star",
    )
    other = approved_supporter(staff=staff)
    offer(other, other.agreed_by, title="東京の優遇", category="preferential", prefecture="13",
          audience="considering")  # fmt: skip
    everything = {"全国の情報提供", "大阪の体制支援", "東京の優遇"}
    assert titles(client.get(DIRECTORY)) == everything
    assert titles(client.get(DIRECTORY, {"category": "organisation"})) == {"大阪の体制支援"}
    assert names(client.get(DIRECTORY, {"category": "organisation"})) == {"株式会社ささえる"}
    assert titles(client.get(DIRECTORY, {"prefecture": "27"})) == {"全国の情報提供", "大阪の体制支援"}
    assert titles(client.get(DIRECTORY, {"prefecture": "13"})) == {"全国の情報提供", "東京の優遇"}
    assert titles(client.get(DIRECTORY, {"prefecture": "01"})) == {"全国の情報提供"}
    assert titles(client.get(DIRECTORY, {"audience": "considering"})) == {"東京の優遇"}
    assert titles(client.get(DIRECTORY, {"audience": "two_star", "prefecture": "13"})) == set()
    html = client.get(DIRECTORY, {"audience": "two_star", "prefecture": "13"}).content.decode()
    assert "条件に合う支援策は見つかりませんでした" in html
    assert titles(client.get(DIRECTORY, {"category": "nonsense"})) == everything  # bad input is ignored


def test_pagination_is_20_per_page_with_constant_queries(client, staff, django_assert_max_num_queries):
    for n in range(45):
        sup = approved_supporter(make_org(f"支援会社{n:02d}", name_kana=f"シエン{n:02d}"), staff=staff)
        offer(sup, sup.agreed_by, title=f"支援策{n}-a")
        offer(sup, sup.agreed_by, title=f"支援策{n}-b", prefecture="13")
    # session/user lookups are absent for an anonymous visitor: count, page, offers, total
    with django_assert_max_num_queries(5):
        first = client.get(DIRECTORY)
    assert len(first.context["supporters"]) == 20 and len(titles(first)) == 40
    with django_assert_max_num_queries(5):
        third = client.get(DIRECTORY, {"page": 3, "prefecture": "13"})
    assert len(third.context["supporters"]) == 5
    html = third.content.decode()
    assert "前の20社" in html and "prefecture=13&amp;page=2" in html and "次の20社" not in html


def test_detail_page(client, supporter, owner):
    offer(supporter, owner, title="セキュリティ勉強会", url="https://support.example.jp/seminar")
    html = client.get(f"/supporters/{supporter.pk}/").content.decode()
    assert "株式会社ささえる" in html and "セキュリティ勉強会" in html
    assert 'href="mailto:support@example.jp"' in html and "https://support.example.jp/seminar" in html


def test_pages_in_english(supporter, owner):
    offer(supporter, owner)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(DIRECTORY).content.decode()
    assert 'lang="en"' in html and "Supporting organisations" in html
    assert "Information about security" in html  # the category label
    assert "not a certification" in html
    assert client.get(f"/supporters/{supporter.pk}/").status_code == 200


# --- member pages ---------------------------------------------------------------------------------


FORM = {
    "kind": "association",
    "description": "地域の商工会として、会員に宣言を呼びかけています。",
    "website": "https://shokokai.example.jp/",
    "contact": "info@shokokai.example.jp",
}


def test_owner_applies_from_my_page(client, org, owner):
    client.force_login(owner)
    mypage = client.get("/org/mypage/").content.decode()
    assert "支援策を探す" in mypage and "/supporters/mine/" in mypage
    assert "普及賛同企業等に申請する" in client.get("/supporters/mine/").content.decode()
    response = client.post("/supporters/mine/apply/", FORM)
    assert (
        response.status_code == 200
        and "制度の趣旨への賛同にチェックを入れてください" in response.content.decode()
    )
    assert not Supporter.objects.exists()
    response = client.post("/supporters/mine/apply/", {**FORM, "agreed": "on"})
    assert response.status_code == 302
    assert Supporter.objects.get().status == SupporterStatus.PENDING
    assert "事務局が申請内容を確認しています" in client.get("/supporters/mine/").content.decode()


def test_member_cannot_apply(client, org, member):
    client.force_login(member)
    response = client.post("/supporters/mine/apply/", {**FORM, "agreed": "on"}, follow=True)
    assert "管理者(オーナー)だけ" in response.content.decode()
    assert not Supporter.objects.exists()


def test_returned_application_shows_message_and_resubmits(client, org, owner, staff):
    client.force_login(owner)
    client.post("/supporters/mine/apply/", {**FORM, "agreed": "on"})
    services.supporter_return(
        supporter=Supporter.objects.get(), staff=staff, message="問合せ先をご確認ください。"
    )
    assert "問合せ先をご確認ください。" in client.get("/supporters/mine/").content.decode()
    page = client.get("/supporters/mine/apply/").content.decode()
    assert "再申請" in page and "問合せ先をご確認ください。" in page
    client.post(
        "/supporters/mine/apply/", {**FORM, "contact": "https://shokokai.example.jp/contact", "agreed": "on"}
    )
    sup = Supporter.objects.get()
    assert sup.status == SupporterStatus.PENDING and sup.contact == "https://shokokai.example.jp/contact"


def test_member_manages_offers_once_approved(client, org, owner, member, staff):
    sup = services.supporter_apply(organization=org, user=owner, data=services.SupporterInput(
        kind="company", description="勉強会", contact="a@example.jp"), agreed=True)  # fmt: skip
    client.force_login(member)
    assert client.get("/supporters/mine/offers/new/").status_code == 403
    services.supporter_approve(supporter=sup, staff=staff)
    data = {"title": "初回相談無料", "category": "information", "description": "宣言事業者は初回無料。",
            "audience": "declarers", "prefecture": "", "url": ""}  # fmt: skip
    assert client.post("/supporters/mine/offers/new/", data).status_code == 302
    o = SupportOffer.objects.get()
    assert not o.is_published
    client.post(f"/supporters/mine/offers/{o.pk}/publish/")
    o.refresh_from_db()
    assert o.is_published
    client.post(f"/supporters/mine/offers/{o.pk}/edit/", {**data, "title": "初回相談無料(オンライン)"})
    client.post(f"/supporters/mine/offers/{o.pk}/unpublish/")
    o.refresh_from_db()
    assert (o.title, o.is_published) == ("初回相談無料(オンライン)", False)
    page = client.get("/supporters/mine/").content.decode()
    assert "初回相談無料(オンライン)" in page and "非公開" in page


def test_other_organisations_offer_is_not_reachable(client, supporter, owner, staff):
    o = offer(supporter, owner)
    other = approved_supporter(staff=staff)
    client.force_login(other.agreed_by)
    assert client.post(f"/supporters/mine/offers/{o.pk}/unpublish/").status_code == 404
    assert client.get(f"/supporters/mine/offers/{o.pk}/edit/").status_code == 404


def test_owner_withdraws(client, supporter, owner):
    client.force_login(owner)
    assert client.get("/supporters/mine/withdraw/").status_code == 200
    assert client.post("/supporters/mine/withdraw/", {"reason": ""}).status_code == 302
    supporter.refresh_from_db()
    assert supporter.status == SupporterStatus.WITHDRAWN


def test_member_pages_need_login(client):
    assert client.get("/supporters/mine/").status_code == 302
    user = make_user()
    client.force_login(user)
    assert client.get("/supporters/mine/").status_code == 302  # no organisation yet: to My Page


def test_home_footer_and_my_page_link_to_the_directory(client, org, owner):
    home = client.get("/").content.decode()
    assert home.count('href="/supporters/"') >= 2  # the home page's section and the footer
    client.force_login(owner)
    assert "支援策を探す" in client.get("/org/mypage/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Offers from supporting organisations" in client.get("/").content.decode()


# --- only a declarer may apply (issue 9) ----------------------------------------------------------


def test_directory_says_supporters_are_not_certified_and_not_needed_for_subsidies(client):
    html = client.get(DIRECTORY).content.decode()
    assert "誰かに認定・認証されたものではなく" in html
    assert "自己宣言の制度です" in html
    assert "補助金の申請に、普及賛同企業等は必要ありません" in html
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = english.get(DIRECTORY).content.decode()
    assert "Nobody has certified or accredited them" in html
    assert "You do not need a supporting organisation to apply for a subsidy" in html


def test_undeclared_owner_is_sent_to_declare_instead_of_the_form(client):
    org = make_org("株式会社まだ宣言していない")
    owner = add_member(org, make_user("new-owner@example.jp"), role="owner")
    client.force_login(owner)
    declare_url = reverse("declarations:start")
    mine = client.get(reverse("supporters:mine")).content.decode()
    assert f'href="{declare_url}"' in mine and "先に自己宣言をしてください" in mine
    assert reverse("supporters:apply") not in mine
    page = client.get(reverse("supporters:apply"))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["form"] is None
    assert "先に SECURITY ACTION の自己宣言が必要です" in html and f'href="{declare_url}"' in html
    assert 'name="agreed"' not in html
    client.post(reverse("supporters:apply"), {**FORM, "agreed": "on"})
    assert not Supporter.objects.exists()
    declare(org)  # once declared, the form is there and the application goes through
    assert 'name="agreed"' in client.get(reverse("supporters:apply")).content.decode()
    assert client.post(reverse("supporters:apply"), {**FORM, "agreed": "on"}).status_code == 302
    assert Supporter.objects.get(organization=org).status == SupporterStatus.PENDING
