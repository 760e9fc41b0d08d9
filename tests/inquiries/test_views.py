"""The contact pages: public form, logged-in pre-fill, My Page threads and replies, the signed reply link,
the back office's queue, and English pages without Japanese left."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from secaction.core.models import OutgoingMail
from secaction.inquiries.models import Inquiry, Status
from secaction.inquiries.services import inquiry_reply
from tests.i18n.japanese import japanese_left
from tests.inquiries.conftest import add_member, make_org, make_user, submit

pytestmark = pytest.mark.django_db

FORM = {
    "category": "api",
    "subject": "APIの鍵",
    "body": "鍵の発行方法を教えてください。",
    "name": "佐藤 花子",
    "email": "hanako@example.jp",
    "homepage": "",
}


def test_anonymous_inquiry_through_the_form(client):
    page = client.get(reverse("inquiries:contact")).content.decode()
    assert "ファイルの添付は受け付けていません" in page and 'name="homepage"' in page
    response = client.post(reverse("inquiries:contact"), FORM, follow=True)
    inquiry = Inquiry.objects.get()
    assert inquiry.reference in response.content.decode()
    assert inquiry.user is None and inquiry.category == "api"
    assert OutgoingMail.objects.filter(to="hanako@example.jp", subject__contains=inquiry.reference).exists()


def test_honeypot_shows_thanks_but_files_nothing(client):
    response = client.post(reverse("inquiries:contact"), {**FORM, "homepage": "http://spam"}, follow=True)
    assert response.status_code == 200 and "受け付けました" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_rate_limited_form_shows_the_message(client, settings):
    settings.INQUIRY_LIMIT_PER_IP = 1
    client.post(reverse("inquiries:contact"), FORM)
    response = client.post(reverse("inquiries:contact"), {**FORM, "email": "other@example.jp"})
    assert response.status_code == 200 and "しばらく" in response.content.decode()
    assert Inquiry.objects.count() == 1


def test_logged_in_form_is_prefilled_and_linked(client, org, owner):
    client.force_login(owner)
    page = client.get(reverse("inquiries:contact")).content.decode()
    assert 'value="owner@example.jp"' in page and org.name in page
    client.post(reverse("inquiries:contact"), {**FORM, "email": owner.email})
    inquiry = Inquiry.objects.get()
    assert inquiry.user == owner and inquiry.organization == org


def test_mypage_links_to_the_threads_and_a_member_replies(client, org, owner, member, staff):
    inquiry = submit(owner, email=owner.email)
    inquiry_reply(staff, inquiry, "こちらの手順でどうぞ。")
    client.force_login(member)
    assert reverse("inquiries:mine") in client.get(reverse("mypage:index")).content.decode()
    listing = client.get(reverse("inquiries:mine")).content.decode()
    assert inquiry.reference in listing
    thread_url = reverse("inquiries:mine_thread", args=[inquiry.pk])
    assert "こちらの手順でどうぞ。" in client.get(thread_url).content.decode()
    response = client.post(thread_url, {"body": "できました。"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (
        inquiry.status == Status.OPEN and inquiry.messages.filter(body="できました。", author=member).exists()
    )


def test_stranger_gets_403_on_a_thread(client, owner):
    inquiry = submit(owner, email=owner.email)
    stranger = add_member(make_org("株式会社よそ"), make_user("stranger@example.jp"))
    client.force_login(stranger)
    assert client.get(reverse("inquiries:mine_thread", args=[inquiry.pk])).status_code == 403
    assert client.post(reverse("inquiries:mine_thread", args=[inquiry.pk]), {"body": "x"}).status_code == 403


def test_anonymous_inquirer_replies_through_the_mailed_link(client, staff):
    inquiry = submit(None)
    inquiry_reply(staff, inquiry, "確認させてください。", waiting=True)
    mail = OutgoingMail.objects.filter(to=inquiry.email).latest("pk")
    link = re.search(r"https?://\S+/contact/reply/\S+/", mail.send_text)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    url = "/" + path
    assert "確認させてください。" in client.get(url).content.decode()
    client.post(url, {"body": "追加の情報です。"})
    assert inquiry.messages.filter(body="追加の情報です。").exists()
    assert client.get("/contact/reply/forged-token/").status_code == 404


def test_faq_links_to_the_form(client):
    assert reverse("inquiries:contact") in client.get(reverse("pages:faq")).content.decode()


def test_admin_queue_reply_note_assign_status(staff_client, staff):
    inquiry = submit(None, subject="検索される件名")
    changelist = reverse("admin:inquiries_inquiry_changelist")
    assert inquiry.reference in staff_client.get(changelist, {"q": "色を変えて"}).content.decode()
    assert inquiry.reference not in staff_client.get(changelist, {"q": "無関係"}).content.decode()
    assert staff_client.get(changelist, {"status__exact": "new"}).status_code == 200
    change = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    assert "色を変えて" in staff_client.get(change).content.decode()
    staff_client.post(reverse("admin:inquiries_inquiry_reply", args=[inquiry.pk]), {"body": "回答します。"})
    staff_client.post(reverse("admin:inquiries_inquiry_note", args=[inquiry.pk]), {"body": "メモです。"})
    staff_client.post(reverse("admin:inquiries_inquiry_assign", args=[inquiry.pk]), {"assignee": staff.pk})
    staff_client.post(reverse("admin:inquiries_inquiry_status", args=[inquiry.pk]), {"status": "closed"})
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CLOSED and inquiry.assignee == staff
    assert list(inquiry.messages.values_list("body", flat=True)) == [
        "ロゴマークの色を変えてもよいですか。",
        "回答します。",
        "メモです。",
    ]
    assert OutgoingMail.objects.filter(to=inquiry.email, body_text__contains="回答します。").exists()


def test_admin_bad_ids_are_404(staff_client):
    assert staff_client.get("/admin/inquiries/inquiry/abc/change/").status_code == 404
    assert staff_client.get(reverse("admin:inquiries_inquiry_change", args=[999])).status_code == 404


def test_non_staff_cannot_act_in_the_admin(client, owner):
    inquiry = submit(owner, email=owner.email)
    client.force_login(owner)
    response = client.post(reverse("admin:inquiries_inquiry_reply", args=[inquiry.pk]), {"body": "x"})
    assert response.status_code in (302, 403)
    assert inquiry.messages.count() == 1


def test_english_pages_have_no_japanese_left(client, org, owner, staff):
    inquiry = submit(owner, email=owner.email)
    inquiry_reply(staff, inquiry, "Answer.")
    client.force_login(owner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    urls = [
        reverse("inquiries:contact"),
        reverse("inquiries:mine"),
        reverse("inquiries:mine_thread", args=[inquiry.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        # The organisation's own data (its name, the subject and message it wrote) stays as written.
        allowed = (org.name, inquiry.subject, "ロゴマークの色を変えてもよいですか。", "山田 太郎")
        assert japanese_left(html, allowed) == [], url
