"""Versioning, publication, the public page and access rules, over HTTP."""

import pytest
from django.urls import reverse

from secaction.core.errors import ServiceError
from secaction.core.models import AuditEvent
from secaction.policies.models import PolicySite, PolicyVersion
from secaction.policies.selectors import policy_published_for_organization
from secaction.policies.services import policy_publish, policy_version_create
from secaction.policies.suggest import policy_suggest

from .factories import member_make, organization_make

pytestmark = pytest.mark.django_db


def _form(org, **over):
    data = policy_suggest(industry=org.industry, employees_band=org.employees, organization_name=org.name)
    data.update(
        established_on="2026-04-01",
        organization_name=org.name,
        representative_title="代表取締役",
        representative_name="山田 太郎",
    )
    data.update(over)
    return data


@pytest.fixture
def org():
    return organization_make()


@pytest.fixture
def owner(org):
    return member_make(org, role="owner")


def test_edit_page_offers_suggested_text_for_the_organisation(client, org, owner):
    client.force_login(owner)
    response = client.get(reverse("policies:policy_edit", args=[org.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "顧客情報" in body  # industry I
    assert org.name in body
    assert "経営者の責任" in body and "違反及び事故への対応" in body


def test_every_save_makes_a_new_version_and_old_ones_stay(client, org, owner):
    client.force_login(owner)
    url = reverse("policies:policy_edit", args=[org.pk])
    r1 = client.post(url, _form(org, purpose="最初の版の目的。情報セキュリティに取り組みます。"))
    assert r1.status_code == 302
    r2 = client.post(url, _form(org, purpose="二つ目の版の目的。情報セキュリティに取り組みます。"))
    assert r2.status_code == 302
    versions = list(PolicyVersion.objects.filter(organization=org).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].purpose.startswith("最初の版")
    old = client.get(reverse("policies:policy_version", args=[org.pk, 1]))
    assert "最初の版の目的" in old.content.decode()
    assert AuditEvent.objects.filter(action="policy.version_create").count() == 2
    # editing starts from the latest version
    assert "二つ目の版の目的" in client.get(url).content.decode()


def test_warnings_are_shown_before_saving_and_need_confirmation(client, org, owner):
    client.force_login(owner)
    url = reverse("policies:policy_edit", args=[org.pk])
    privacy = "当社は個人情報を利用目的の範囲で扱い、第三者に提供しません。開示請求に応じます。"
    data = _form(
        org, **{k: privacy for k in ("purpose", "management", "structure", "staff", "compliance", "incident")}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "プライバシーポリシー" in response.content.decode()
    assert not PolicyVersion.objects.exists()
    response = client.post(url, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert PolicyVersion.objects.count() == 1


def test_empty_parts_warned_and_publication_refused(client, org, owner):
    client.force_login(owner)
    url = reverse("policies:policy_edit", args=[org.pk])
    response = client.post(url, _form(org, incident=""))
    assert "「5. 違反及び事故への対応」が空です" in response.content.decode()
    client.post(url, {**_form(org, incident=""), "confirm_warnings": "on"})
    version = PolicyVersion.objects.get()
    response = client.post(reverse("policies:policy_publish", args=[org.pk, version.number]), follow=True)
    assert "公開できません" in response.content.decode()
    assert policy_published_for_organization(org) is None
    with pytest.raises(ServiceError):
        policy_publish(version=version, actor=owner)


def test_bad_input_does_not_crash(client, org, owner):
    client.force_login(owner)
    url = reverse("policies:policy_edit", args=[org.pk])
    response = client.post(url, _form(org, established_on="2026-13-45", purpose="x" * 5000))
    assert response.status_code == 200
    body = response.content.decode()
    assert "日付は" in body
    assert not PolicyVersion.objects.exists()
    assert client.get(reverse("policies:policy_version", args=[org.pk, 99])).status_code == 404
    assert client.post(reverse("policies:policy_publish", args=[org.pk, 99])).status_code == 404
    assert client.post(reverse("policies:policy_unpublish", args=[org.pk]), follow=True).status_code == 200


def test_publish_unpublish_and_stable_public_url(client, org, owner):
    client.force_login(owner)
    v1 = policy_version_create(
        organization=org, actor=owner, data=_form(org, purpose="第一版です。情報セキュリティに取り組みます。")
    )
    response = client.post(reverse("policies:policy_publish", args=[org.pk, 1]))
    assert response.status_code == 302
    published = policy_published_for_organization(org)
    assert published is not None and published.id == v1.id
    url = published.public_url
    site = PolicySite.objects.get(organization=org)
    assert url == f"/policy/p/{site.public_slug}/"
    assert len(site.public_slug) >= 16
    client.logout()
    page = client.get(url)
    assert page.status_code == 200
    assert "第一版です" in page.content.decode()

    client.force_login(owner)
    policy_version_create(
        organization=org, actor=owner, data=_form(org, purpose="第二版です。情報セキュリティに取り組みます。")
    )
    assert "第一版です" in client.get(url).content.decode()  # saving does not publish
    client.post(reverse("policies:policy_publish", args=[org.pk, 2]))
    assert policy_published_for_organization(org).public_url == url  # the URL never changes
    assert "第二版です" in client.get(url).content.decode()

    client.post(reverse("policies:policy_unpublish", args=[org.pk]))
    assert policy_published_for_organization(org) is None
    assert client.get(url).status_code == 404
    actions = list(AuditEvent.objects.filter(action__startswith="policy.").values_list("action", flat=True))
    assert actions.count("policy.publish") == 2 and actions.count("policy.unpublish") == 1
    assert PolicyVersion.objects.filter(organization=org).count() == 2  # nothing deleted


def test_public_page_of_unknown_slug_is_404(client):
    assert client.get("/policy/p/does-not-exist/").status_code == 404


def test_only_members_see_and_only_owners_publish(client, org, owner):
    version = policy_version_create(organization=org, actor=owner, data=_form(org))
    other_org = organization_make()
    outsider = member_make(other_org)
    member = member_make(org, role="member")
    urls = [
        reverse("policies:policy_home", args=[org.pk]),
        reverse("policies:policy_edit", args=[org.pk]),
        reverse("policies:policy_version", args=[org.pk, 1]),
        reverse("policies:policy_pdf", args=[org.pk, 1]),
        reverse("policies:policy_docx", args=[org.pk, 1]),
        reverse("policies:handbook_home", args=[org.pk]),
    ]
    assert client.get(urls[0]).status_code == 302  # anonymous → login
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(member)
    assert client.get(urls[2]).status_code == 200
    assert client.post(urls[1], _form(org)).status_code == 302  # members may write versions
    assert client.post(reverse("policies:policy_publish", args=[org.pk, version.number])).status_code == 403
    assert policy_published_for_organization(org) is None


def test_public_url_with_the_site_url_is_shown_to_copy(client, org, owner, settings):
    settings.SITE_URL = "https://portal.example.jp"
    client.force_login(owner)
    policy_version_create(organization=org, actor=owner, data=_form(org))
    client.post(reverse("policies:policy_publish", args=[org.pk, 1]))
    body = client.get(reverse("policies:policy_home", args=[org.pk])).content.decode()
    slug = PolicySite.objects.get(organization=org).public_slug
    assert f'value="https://portal.example.jp/policy/p/{slug}/"' in body


def test_mypage_panel_shows_policy_and_handbook_status(org, owner):
    from django.template.loader import render_to_string

    from secaction.policies.selectors import policies_panel_get

    html = render_to_string(
        "policies/_mypage_panel.html", {"organization": org, "panel": policies_panel_get(org)}
    )
    assert "未作成" in html
    policy_version_create(organization=org, actor=owner, data=_form(org))
    html = render_to_string(
        "policies/_mypage_panel.html", {"organization": org, "panel": policies_panel_get(org)}
    )
    assert "下書き" in html
    policy_publish(version=PolicyVersion.objects.get(), actor=owner)
    html = render_to_string(
        "policies/_mypage_panel.html", {"organization": org, "panel": policies_panel_get(org)}
    )
    assert "公開中" in html and PolicySite.objects.get().public_url in html


def test_publishing_a_privacy_only_text_needs_an_explicit_confirmation(client, org, owner):
    privacy = "当社は個人情報を利用目的の範囲で扱い、第三者に提供しません。開示請求に応じます。"
    keys = ("purpose", "management", "structure", "staff", "compliance", "incident")
    version = policy_version_create(
        organization=org, actor=owner, data=_form(org, **{k: privacy for k in keys})
    )
    client.force_login(owner)
    page = client.get(reverse("policies:policy_version", args=[org.pk, version.number])).content.decode()
    assert "プライバシーポリシー" in page and 'name="confirm_warnings"' in page
    publish = reverse("policies:policy_publish", args=[org.pk, version.number])
    response = client.post(publish, follow=True)
    assert "チェックを入れてから公開" in response.content.decode()
    assert policy_published_for_organization(org) is None
    client.post(publish, {"confirm_warnings": "on"})
    assert policy_published_for_organization(org) == version


def test_pages_follow_the_chosen_language(client, org, owner):
    client.force_login(owner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(reverse("policies:policy_home", args=[org.pk])).content.decode()
    assert "Create the basic policy" in body
    body = client.get(reverse("policies:handbook_home", args=[org.pk])).content.decode()
    assert "Build the handbook from the diagnosis" in body
