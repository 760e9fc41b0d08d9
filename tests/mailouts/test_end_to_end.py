"""A mail-out from compose to DONE through a real ``manage.py db_worker`` process and an SMTP sink (issue 13).

Everything as production runs it: a file SQLite database migrated by ``manage.py migrate`` (which also starts
the mail-out sweeper), the office's own services (``mailout_create``, ``mailout_schedule`` as staff) run in a
``manage.py shell``, a ``db_worker --queue-name mailout`` process doing the build and the batches, the SMTP
backend talking to an aiosmtpd sink. The harness (database, environment, workers) is
``tests/tasks/mailout_kill.py``; the sink that keeps whole messages is ``tests/mailouts/delivery_sink.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.mailouts.delivery_sink import Sink
from tests.tasks.mailout_kill import Portal, sink_started
from tests.tasks.portal import ROOT

SENDER = {
    "MAILOUT_SENDER_NAME": "SECURITY ACTION 事務局(試験)",
    "MAILOUT_SENDER_ADDRESS": "東京都文京区本駒込2-28-8",
    "MAILOUT_SENDER_CONTACT": "03-0000-0000",
}

COMPOSE = """
import json
from secaction.accounts.models import User
from secaction.mailouts.models import Suppression
from secaction.mailouts.services import mailout_create, mailout_schedule, suppression_add
from secaction.mailouts.unsubscribe import unsubscribe_url
from tests.mailouts.factories import declarer
from tests.surveys._builder_setup import open_survey

staff = User.objects.create_user(email="office-e2e@example.jp", password="pw-12345678!", is_staff=True)
organizations = [declarer(owner_language="en" if i == 0 else None) for i in range(6)]
suppressed = organizations[-1].contact_email
suppression_add(suppressed, reason=Suppression.Reason.UNSUBSCRIBED)
survey = open_survey()
notice = mailout_create(staff, kind="notice", subject_ja="お知らせ", body_ja="{name} 御中\\n制度改定のお知らせです。",
    filters={}, rate_per_second=200)
invitation = mailout_create(staff, kind="invitation", subject_ja="アンケートのお願い",
    body_ja="{name} 御中\\n回答はこちら: {survey_url}", filters={}, rate_per_second=200, survey=survey)
mailout_schedule(staff, notice, at=None)
mailout_schedule(staff, invitation, at=None)
print(json.dumps({"notice": notice.pk, "invitation": invitation.pk, "suppressed": suppressed,
    "names": {o.contact_email: o.name for o in organizations},
    "unsubscribe": {o.contact_email: unsubscribe_url(o.contact_email) for o in organizations}}))
"""

OPEN = """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
page = Client().get({path!r})
text = page.content.decode()
print(page.status_code, "クラウド利用の調査" in text or "Cloud use survey" in text, 'name="q.uses"' in text)
"""


def test_a_notice_and_an_invitation_go_from_compose_to_done_through_a_real_worker(tmp_path: Path) -> None:
    started = time.monotonic()
    sink = Sink()
    with sink_started(sink) as port:  # type: ignore[arg-type]  # any aiosmtpd handler will do
        portal = Portal(f"sqlite:///{tmp_path / 'db.sqlite3'}", port, claim_timeout=30, batch=3)
        portal.env.update(SENDER)
        portal.env["PYTHONPATH"] += f":{ROOT}"  # the shell composes with the tests' builders
        try:
            portal.manage("migrate", "-v0")
            # migrate started the sweeper (the post_migrate receiver), waiting on the mail-out queue.
            assert portal.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'secaction.mailouts.tasks_sweep.mailouts_sweep' AND status = 'READY'"
            ) == [(1,)]
            seeded = json.loads(portal.python(COMPOSE).strip().splitlines()[-1])
            portal.worker()
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline:
                states = portal.query(
                    f"SELECT status FROM mailouts_mailout WHERE id IN ({seeded['notice']}, {seeded['invitation']})"
                )
                if {s for (s,) in states} == {"done"}:
                    break
                time.sleep(0.2)
            recipients = portal.query("SELECT mailout_id, email, message_id, status FROM mailouts_recipient")
            invitations = portal.query("SELECT email FROM surveys_invitation")
            assert {s for (s,) in states} == {"done"}, states
            time.sleep(0.3)  # the last message's reply to the final dot reaches the sink's list
        finally:
            portal.stop()

        suppressed = seeded["suppressed"]
        expected = {email for email in seeded["names"] if email != suppressed}
        # Built: one row per address for each mail-out, the suppressed address left out; all sent.
        assert {(m, e) for m, e, _, _ in recipients} == {
            (m, e) for m in (seeded["notice"], seeded["invitation"]) for e in expected
        }
        assert {s for *_, s in recipients} == {"sent"}
        assert {e for (e,) in invitations} == expected

        # Received: each recipient's message once, with its own Message-ID; nothing to the suppressed address.
        received = sink.message_ids()
        assert sorted(received) == sorted(mid for _, _, mid, _ in recipients)
        assert all(suppressed not in str(m["To"]) for m in sink.messages)
        for message in sink.messages:
            to = str(message["To"])
            # The link is signed with a timestamp: the same address, not the same characters, as the portal's.
            link = str(message["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")
            assert _signed_value(link) == _signed_value(seeded["unsubscribe"][to])
            assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
            body = message.get_content()
            assert f"{seeded['names'][to]} 御中" in body
            assert all(value in body for value in SENDER.values())  # the legal footer
            assert link in body

        # The invitation's {survey_url} opens the survey's answering page (in the invitee's language).
        invitation_bodies = [
            m.get_content() for m in sink.messages if "アンケートのお願い" in str(m["Subject"])
        ]
        assert len(invitation_bodies) == len(expected)
        link = invitation_bodies[0].split("回答はこちら: ", 1)[1].split()[0]
        assert link.startswith("http://127.0.0.1:8000/")
        opened = portal.python(OPEN.format(path=urlsplit(link).path)).split()
        assert opened == ["200", "True", "True"]
    assert time.monotonic() - started < 75


def _signed_value(link: str) -> str:
    """The signed part of an unsubscribe link (the address), without its timestamp and signature."""
    return link.rstrip("/").rsplit("/", 1)[1].split(":", 1)[0]
