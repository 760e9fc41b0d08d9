"""Two members submitting at the same moment: exactly one declaration (PostgreSQL only: row locks)."""

import threading

import pytest
from django.db import connection, connections

from secaction.core.errors import ServiceError
from secaction.declarations import services
from secaction.declarations.models import Declaration, TermsVersion

from .conftest import add_member, make_org, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real row locks (run with DATABASE_URL=postgres://…)"
)
def test_simultaneous_submissions_make_one_declaration():
    from django.utils import timezone

    terms = TermsVersion.objects.filter(is_current=True).first() or TermsVersion.objects.create(
        version="1.0", title="t", body="b", published_at=timezone.now(), is_current=True
    )
    org = make_org()
    users = [add_member(org, make_user(), role="member") for _ in range(4)]
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def submit(user):
        try:
            barrier.wait()
            services.declaration_submit(
                organization=org,
                user=user,
                level="one_star",
                pledged_principles=[1, 2, 3, 4, 5],
                terms_version=terms,
            )
            outcomes.append("ok")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already_open"] * 3 + ["ok"]
    assert Declaration.objects.filter(organization=org).count() == 1
