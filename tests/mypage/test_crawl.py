"""Every internal link works, for everyone: no 404 and no 5xx, anonymously and as each kind of user.

The crawl follows links only (GET), breadth first from the home page (and My Page or
the back office), bounded to ``LIMIT`` pages per role. A failure names the URL and the
page that linked to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from secaction.accounts.models import User

from . import scenarios
from .crawler import crawl, internal_url

pytestmark = pytest.mark.django_db

LIMIT = 500


@dataclass(frozen=True)
class World:
    """Everyone the site knows about while it is crawled: public pages then have records to link to."""

    two_star_owner: User  # every stage done, policy published (public page), handbook sent
    supporter_owner: User  # an approved supporter with a published offer (public directory)
    staff: User  # with TOTP, as the back office requires


@pytest.fixture
def world() -> World:
    staff = scenarios.staff_with_totp()
    return World(scenarios.two_star_owner(), scenarios.supporter_owner(staff), staff)


ROLES: dict[str, Callable[[World], User | None]] = {
    "anonymous": lambda world: None,
    "new_owner": lambda world: scenarios.new_owner(),
    "one_star_owner": lambda world: scenarios.one_star_owner(),
    "two_star_owner": lambda world: world.two_star_owner,
    "member": lambda world: scenarios.member_of(world.two_star_owner),
    "supporter": lambda world: world.supporter_owner,
    "staff": lambda world: world.staff,
}


@pytest.mark.parametrize("role", list(ROLES))
def test_no_broken_links(client, world, role):
    user = ROLES[role](world)
    start = ["/"]
    if user is not None:
        client.force_login(user)
        start.append(reverse("mypage:index"))
        if user.is_staff:
            start.append("/" + settings.BACKOFFICE_PATH)
    result = crawl(client, start, limit=LIMIT)
    assert not result.problems, f"{role}: broken links\n" + "\n".join(str(p) for p in result.problems)
    assert len(result.fetched) > 20, result.fetched  # the crawl really went through the site
    # Everything reachable was checked; if the site outgrows LIMIT, raise it rather than check less.
    assert not result.capped, f"{role}: stopped at {LIMIT} pages with links left"


@pytest.mark.parametrize("role", ["one_star_owner", "two_star_owner", "member"])
def test_every_stage_link_opens_a_page(client, world, role):
    """Each stage of the path, done or not, and the next step open a page (200, after redirects) for owners and members."""
    client.force_login(ROLES[role](world))
    response = client.get(reverse("mypage:index"))
    panel = response.context["panels"][0].data
    urls = {stage.url for stage in panel.stages} | {panel.next.url}
    html = response.content.decode()
    for url in urls:
        assert f'href="{url}"' in html
        opened = client.get(url, follow=True)
        assert opened.status_code == 200, url
        # Not bounced back to My Page with a refusal (as /declarations/upgrade/ does for a ★★).
        assert opened.request["PATH_INFO"] != reverse("mypage:index"), url


def test_the_crawler_reports_a_broken_link_with_the_page_that_linked_to_it(client, settings, monkeypatch):
    """The crawler itself: a planted 404 is found, with its referrer (so a pass means something)."""
    import sys
    import types

    from django.http import HttpResponse
    from django.urls import include, path

    def planted(request):
        return HttpResponse(
            '<a href="/no-such-page/">x</a> <a href="mailto:a@example.jp">m</a> <a href="/faq/">f</a>'
        )

    urls = types.ModuleType("planted_urls")
    urls.urlpatterns = [path("", planted), path("", include("secaction.urls"))]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planted_urls", urls)
    settings.ROOT_URLCONF = "planted_urls"
    result = crawl(client, ["/"], limit=3)
    assert [(p.url, p.status, p.linked_from) for p in result.problems] == [("/no-such-page/", 404, "/")]
    assert result.fetched["/faq/"] == 200


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/registry/?q=a#top", "/registry/?q=a"),
        ("mailto:office@example.jp", None),
        ("https://www.ipa.go.jp/security/", None),
        ("http://testserver/faq/", "/faq/"),
        ("#main", None),
        ("relative/", "/org/relative/"),
    ],
)
def test_internal_url(href, expected):
    assert internal_url(href, "/org/mypage") == expected
