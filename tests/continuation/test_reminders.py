"""The daily reminder mail-out: who is due, one mail-out per day, ★ / ★★ text, suppression, per-recipient links."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from secaction.continuation.models import Reminder, ReminderDay
from secaction.continuation.selectors import declarations_due
from secaction.continuation.services import continuation_reminders_send
from secaction.mailouts.models import Mailout, Recipient, Suppression
from secaction.mailouts.rendering import mailout_message_render

from .factories import NOW, confirmed

pytestmark = pytest.mark.django_db
YEAR = dt.timedelta(days=365)
SECOND = dt.timedelta(seconds=1)


def _send(capture: Any, now: dt.datetime = NOW) -> int:
    with capture(execute=True):
        return continuation_reminders_send(now=now)


def test_due_is_a_year_without_confirmation_and_without_a_reminder_within_the_year() -> None:
    exactly = confirmed(YEAR)
    older = confirmed(YEAR * 2)
    almost = confirmed(YEAR - SECOND)  # a second short of a year: not yet
    suspended = confirmed(YEAR * 2)
    suspended.suspended_at = NOW
    suspended.save()
    withdrawn = confirmed(YEAR * 2)
    withdrawn.status = "withdrawn"
    withdrawn.save()
    assert set(declarations_due(NOW)) == {exactly, older}

    # A reminder exactly a year ago is no longer "within the year"; one a second later still is.
    Reminder.objects.create(
        declaration=older,
        organization_id=older.organization_id,
        mailout=Mailout.objects.create(kind="continuation", subject_ja="s", body_ja="b"),
        email="x@example.jp",
        created_at=NOW - YEAR + SECOND,
    )
    assert set(declarations_due(NOW)) == {exactly}
    assert set(declarations_due(NOW + SECOND)) == {exactly, older, almost}


def test_one_mailout_a_day_and_a_second_run_sends_nothing(django_capture_on_commit_callbacks: Any) -> None:
    a, b = confirmed(YEAR * 2), confirmed(YEAR + dt.timedelta(days=3))
    assert _send(django_capture_on_commit_callbacks) == 2
    assert _send(django_capture_on_commit_callbacks) == 0  # the same day again: nothing more
    [mailout] = Mailout.objects.all()
    assert mailout.kind == "continuation" and mailout.created_by is None and mailout.status == "done"
    assert set(Reminder.objects.values_list("declaration_id", flat=True)) == {a.pk, b.pk}
    assert ReminderDay.objects.get().mailout == mailout
    assert len(mail.outbox) == 2

    # The next day they were reminded within the year: still nothing, and no empty mail-out.
    assert _send(django_capture_on_commit_callbacks, NOW + dt.timedelta(days=1)) == 0
    assert Mailout.objects.count() == 1 and ReminderDay.objects.count() == 2


def test_the_daily_cap_takes_the_longest_unconfirmed_first(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.CONTINUATION_REMIND_MAX_PER_DAY = 1
    confirmed(YEAR * 2)
    oldest = confirmed(YEAR * 5)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert Reminder.objects.get().declaration == oldest


def test_suppressed_addresses_are_not_mailed_nor_reminded(django_capture_on_commit_callbacks: Any) -> None:
    kept = confirmed(YEAR * 2)
    gone = confirmed(YEAR * 2, contact_email="Bounced@Example.jp")
    Suppression.objects.create(email="bounced@example.jp", reason=Suppression.Reason.BOUNCED)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[kept.organization.contact_email]]
    assert not Reminder.objects.filter(declaration=gone).exists()


def test_one_message_per_address_the_other_declaration_waits_a_day(
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = confirmed(YEAR * 3, contact_email="shared@example.jp")
    second = confirmed(YEAR * 2, contact_email="shared@example.jp")
    assert _send(django_capture_on_commit_callbacks) == 1
    assert Reminder.objects.get().declaration == first
    assert _send(django_capture_on_commit_callbacks, NOW + dt.timedelta(days=1)) == 1
    assert Reminder.objects.latest("pk").declaration == second


def _link(body: str) -> str:
    prefix = reverse("continuation:confirm", args=["T"]).removesuffix("T/")
    [url] = re.findall(rf"https?://\S+{re.escape(prefix)}\S+/", body)
    return url


def test_one_and_two_star_texts_and_a_personal_link_in_each_message(
    django_capture_on_commit_callbacks: Any,
) -> None:
    one = confirmed(YEAR * 2, level="one_star", contact_email="one@example.jp")
    two = confirmed(YEAR * 2, level="two_star", contact_email="two@example.jp", language="en")
    _send(django_capture_on_commit_callbacks)
    sent = {m.to[0]: m for m in mail.outbox}
    ja, en = sent["one@example.jp"].body, sent["two@example.jp"].body
    upgrade = reverse("declarations:upgrade")
    policy = reverse("policies:policy_home", args=[two.organization_id])
    assert one.organization.name in ja and "★★(二つ星)への移行" in ja and upgrade in ja
    assert "25項目" in ja and "失効" in ja  # optional; the declaration does not expire
    assert "self-diagnosis" in en and "basic information security policy" in en and "does not expire" in en
    assert upgrade not in en and policy in en and reverse("diagnosis:take") in en
    # No Japanese left in the English text but the organisation's own name (the footer is the engine's).
    text = en.split("\n--\n")[0].replace(two.organization.name, "")
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)
    assert _link(ja) != _link(en)
    assert "List-Unsubscribe" in sent["one@example.jp"].extra_headers  # a mail-out: unsubscribable


def test_the_staff_preview_has_a_sample_instead_of_a_link() -> None:
    mailout = Mailout.objects.create(
        kind="continuation", subject_ja="件名", body_ja="{level_text}\n{confirm_url}"
    )
    message = mailout_message_render(mailout, email="x@example.jp", name="(事業者名)", language="ja")
    assert "(ここに確認用のリンクが入ります)" in message.text and "自社診断" in message.text


def test_staff_cannot_compose_a_system_mailout(django_user_model: Any) -> None:
    from secaction.core.errors import ServiceError
    from secaction.mailouts.services import mailout_create

    office = django_user_model.objects.create_user(email="office-c@example.jp", is_staff=True)
    with pytest.raises(ServiceError) as err:
        mailout_create(
            office, kind="continuation", subject_ja="s", body_ja="b", filters={}, rate_per_second=10
        )
    assert "kind" in err.value.message_dict


def test_a_system_kind_without_its_builder_fails_loudly(monkeypatch: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from secaction.mailouts import links

    monkeypatch.setattr(links, "_builders", {})
    mailout = Mailout.objects.create(kind="continuation", subject_ja="s", body_ja="b")
    with pytest.raises(ImproperlyConfigured):
        mailout_message_render(mailout, email="x@example.jp", name="n", language="ja")
    assert Recipient.objects.count() == 0


def test_the_build_step_never_builds_a_system_mailout_from_a_filter() -> None:
    from secaction.mailouts.services import mailout_build

    confirmed(YEAR * 2)  # someone a filter of "everyone" would reach
    mailout = Mailout.objects.create(kind="continuation", status="building", subject_ja="s", body_ja="b")
    assert mailout_build(mailout.pk) == 0
    assert not Recipient.objects.filter(mailout=mailout).exists()
