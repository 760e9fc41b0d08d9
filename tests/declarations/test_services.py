"""The lifecycle services, without HTTP: every transition, the forbidden ones, mails and audit rows."""

from __future__ import annotations

import datetime as dt
import itertools
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase

from secaction.core.errors import AccessDenied
from secaction.core.errors import ServiceError as DeclarationError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.declarations import services
from secaction.declarations.ids import (
    damm_check_digit,
    damm_valid,
    declaration_id_generate,
    declaration_id_normalize,
)
from secaction.declarations.models import (
    Declaration,
    EventKind,
    LogoDownload,
    ProgrammeSettings,
    Status,
    TermsVersion,
)
from secaction.declarations.rules import TwoStarInput
from secaction.declarations.services import _shared as shared_services
from secaction.declarations.services import review as review_services

from .conftest import GOOD_TWO_STAR, add_member, error_codes, make_org, make_user

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]


def submit(org, user, terms, level="one_star", two_star=None, **kw):
    return services.declaration_submit(
        organization=org,
        user=user,
        level=level,
        pledged_principles=kw.get("pledges", ALL),
        terms_version=terms,
        two_star=two_star,
    )


def subjects_to(address):
    return [m.subject for m in mail.outbox if address in m.to]


def actions(decl):
    return list(
        AuditEvent.objects.filter(object_type="declarations.declaration", object_id=str(decl.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- submit -----------------------------------------------------------------------------------


def test_immediate_mode_issues_a_valid_id_at_once(org, owner, terms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(org, owner, terms)
    assert decl.status == Status.ACTIVE
    assert declaration_id_normalize(decl.declaration_id) == decl.declaration_id
    assert decl.declaration_id.startswith("4") and damm_valid(decl.declaration_id)
    assert decl.declared_at and decl.submitted_at and decl.terms_accepted_at
    assert decl.terms_version == terms and decl.terms_accepted_by == owner
    assert decl.pledged_principles == ALL
    assert [e.kind for e in decl.events.all()] == [EventKind.SUBMITTED, EventKind.ISSUED]
    assert actions(decl) == ["declaration.submit"]
    [subject] = subjects_to("owner@example.jp")
    assert "自己宣言完了のお知らせ" in subject and decl.declaration_id in subject
    body = mail.outbox[0].body
    assert f"/registry/verify/{decl.declaration_id}/" in body
    assert "認定・認証の制度ではありません" in body


def test_member_can_declare_and_both_member_and_owner_are_told(
    org, owner, member, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(org, member, terms)
    assert decl.submitted_by == member
    assert len(subjects_to("owner@example.jp")) == 1
    assert len(subjects_to("member@example.jp")) == 1


def test_mail_follows_the_recipients_language(org, terms, django_capture_on_commit_callbacks):
    english = add_member(org, make_user("en@example.jp", language="en"), role="owner")
    with django_capture_on_commit_callbacks(execute=True):
        submit(org, english, terms)
    row = OutgoingMail.objects.get(to="en@example.jp")
    assert row.language == "en"
    assert row.template == "declarations/email/issued"
    assert row.subject.startswith("Self-declaration complete (declaration ID: 4")
    assert "We have declared one star" in row.body_text
    assert "自己宣言" not in row.body_text.replace("SECURITY ACTION", "")


def test_outsider_cannot_declare(org, terms):
    outsider = make_user()
    with pytest.raises(AccessDenied):
        submit(org, outsider, terms)
    other_org = make_org("株式会社よそ")
    stranger = add_member(other_org, role="owner")
    with pytest.raises(AccessDenied):
        submit(org, stranger, terms)
    assert not Declaration.objects.exists()


def test_inactive_membership_cannot_declare(org, owner, terms):
    owner.memberships.update(is_active=False)
    with pytest.raises(AccessDenied):
        submit(org, owner, terms)


def test_only_one_open_declaration_per_organisation(org, owner, member, terms):
    submit(org, owner, terms)
    with pytest.raises(DeclarationError) as err:
        submit(org, member, terms, level="two_star", two_star=GOOD_TWO_STAR)
    assert err.value.code == "already_open"
    assert "すでにあります" in str(err.value)
    assert Declaration.objects.count() == 1


@pytest.mark.parametrize("pledges", [[], [1, 2, 3, 4], [2, 3, 4, 5]])
def test_every_principle_must_be_pledged(org, owner, terms, pledges):
    with pytest.raises(DeclarationError) as err:
        submit(org, owner, terms, pledges=pledges)
    assert err.value.code == "pledges"


def test_terms_must_be_the_current_version(org, owner, terms, staff):
    with pytest.raises(DeclarationError) as err:
        submit(org, owner, None)
    assert err.value.code == "terms_changed"
    newer = TermsVersion.objects.create(version="2.0", title="t", body="b", published_at=terms.published_at)
    services.terms_publish(staff=staff, terms=newer)
    with pytest.raises(DeclarationError) as err:
        submit(org, owner, terms)  # agreed to the old version in a stale form
    assert err.value.code == "terms_changed"
    decl = submit(org, owner, newer)
    assert decl.terms_version == newer
    assert AuditEvent.objects.filter(action="terms.publish").exists()


def test_two_star_needs_its_extra_information(org, owner, terms):
    with pytest.raises(DeclarationError) as err:
        submit(org, owner, terms, level="two_star", two_star=TwoStarInput(publication_method="website"))
    assert "two_star_invalid" in error_codes(err.value)
    assert set(err.value.error_dict) == {"diagnosis", "policy", "publication_url"}
    with pytest.raises(DeclarationError):
        submit(org, owner, terms, level="two_star", two_star=None)


def test_two_star_stores_links_and_statements(org, owner, terms):
    linked = TwoStarInput(publication_method="brochure", diagnosis_ref=12, diagnosis_total=37, policy_ref=4)
    decl = submit(org, owner, terms, level="two_star", two_star=linked)
    assert (decl.diagnosis_ref, decl.diagnosis_total, decl.policy_ref) == (12, 37, 4)
    assert not decl.diagnosis_stated and not decl.policy_stated
    assert decl.publication_method == "brochure" and decl.publication_url == ""


def test_one_star_ignores_two_star_fields(org, owner, terms):
    decl = submit(org, owner, terms, two_star=GOOD_TWO_STAR)
    assert decl.publication_method == "" and not decl.diagnosis_stated


def test_id_issuance_retries_on_collision(org, owner, terms, monkeypatch):
    first = submit(org, owner, terms)
    other = make_org("株式会社あおい")
    other_owner = add_member(other, role="owner")
    # A scripted random source: twice the digits of the first ID (two collisions), then fresh ones.
    taken = [int(d) for d in first.declaration_id[1:10]]
    fresh = [(d + 1) % 10 for d in taken]
    draws = iter(taken + taken + fresh)
    monkeypatch.setattr(shared_services, "id_randbelow", lambda n: next(draws))
    second = submit(other, other_owner, terms)
    fresh_draws = iter(fresh)
    expected = declaration_id_generate(lambda n: next(fresh_draws))
    assert second.declaration_id == expected != first.declaration_id
    assert second.status == Status.ACTIVE
    assert next(draws, None) is None  # exactly three draws of nine digits


def test_id_issuance_collides_with_an_imported_legacy_id(org, owner, terms, monkeypatch):
    # One namespace: a new ID that equals an imported one is refused by the constraint and redrawn.
    legacy_body = "4123456789"
    legacy_id = legacy_body + str(damm_check_digit(legacy_body))
    legacy_org = make_org("株式会社むかし")
    Declaration.objects.create(
        organization=legacy_org, level="one_star", status=Status.ACTIVE, declaration_id=legacy_id
    )
    draws = iter([int(d) for d in legacy_id[1:10]] + [0] * 9)
    monkeypatch.setattr(shared_services, "id_randbelow", lambda n: next(draws))
    decl = submit(org, owner, terms)
    assert decl.declaration_id == "4000000000" + str(damm_check_digit("4000000000"))


def test_id_issuance_gives_up_after_ten_collisions(org, owner, terms, monkeypatch):
    first = submit(org, owner, terms)
    other = make_org("株式会社あおい")
    other_owner = add_member(other, role="owner")
    taken = [int(d) for d in first.declaration_id[1:10]]
    monkeypatch.setattr(shared_services, "id_randbelow", lambda n, it=itertools.cycle(taken): next(it))
    with pytest.raises(RuntimeError):
        submit(other, other_owner, terms)


def test_rolled_back_submission_sends_no_mail_and_leaves_nothing(
    org, owner, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            submit(org, owner, terms)
            raise RuntimeError("later step failed")
    assert mail.outbox == []
    assert not Declaration.objects.exists()
    assert not OutgoingMail.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="declaration.").exists()


def test_mail_leaves_only_after_commit(org, owner, terms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(org, owner, terms)
    assert mail.outbox == []
    assert callbacks
    for cb in callbacks:
        cb()
    assert len(mail.outbox) == 1


# --- reviewed mode -------------------------------------------------------------------------------


def test_reviewed_mode_waits_for_staff_then_accept_issues_id_and_schedules_the_logo_mail(
    org, owner, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decl = submit(org, owner, terms)
    assert decl.status == Status.PENDING and decl.declaration_id is None
    assert subjects_to("owner@example.jp") == ["[SECURITY ACTION] 自己宣言完了のお知らせ"]
    assert "約7日" in mail.outbox[0].body
    mail.outbox.clear()
    with (
        mock.patch.object(review_services, "_logo_mail_schedule") as schedule,
        django_capture_on_commit_callbacks(execute=True),
    ):
        decl = services.declaration_accept(declaration=decl, staff=staff)
    assert decl.status == Status.ACTIVE and decl.declaration_id.startswith("4")
    assert decl.reviewed_by == staff and decl.declared_at
    [subject] = subjects_to("owner@example.jp")  # only 受理のご連絡 now; the logo mail follows later
    assert "申込み受理のご連絡" in subject and decl.declaration_id in subject
    body = mail.outbox[0].body
    assert "約7日後に別のメールでお送りします" in body
    assert "今すぐマイページの「ロゴマーク」からダウンロードできます" in body  # true: it is active
    assert "/declarations/logo/" in body
    schedule.assert_called_once_with(decl.pk, decl.declaration_id, decl.declared_at + dt.timedelta(days=7))
    assert decl.logo_mail_sent_at is None
    assert actions(decl) == ["declaration.submit", "declaration.accept"]


def test_on_the_immediate_backend_the_logo_mail_follows_at_once(
    org, owner, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    """The test settings' backend cannot defer, so the task runs as soon as the acceptance commits."""
    decl = submit(org, owner, terms)
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_accept(declaration=decl, staff=staff)
    subjects = subjects_to("owner@example.jp")
    assert len(subjects) == 2
    assert "申込み受理のご連絡" in subjects[0]
    assert "ロゴマークのダウンロードのご案内" in subjects[1]
    decl.refresh_from_db()
    assert decl.logo_mail_sent_at is not None
    assert actions(decl) == ["declaration.submit", "declaration.accept", "declaration.logo_mail"]
    audit = AuditEvent.objects.get(action="declaration.logo_mail")
    assert audit.actor is None and audit.actor_label == "system"


def test_return_and_resubmit(
    org, owner, member, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    decl = submit(org, member, terms)
    with pytest.raises(DeclarationError):
        services.declaration_return(declaration=decl, staff=staff, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_return(
            declaration=decl, staff=staff, message="事業者名を正式名称で入力してください。"
        )
    assert decl.status == Status.RETURNED
    assert decl.status_reason == "事業者名を正式名称で入力してください。"
    assert "事業者名を正式名称で入力してください。" in mail.outbox[-1].body
    # a returned item cannot be accepted, and a new submission is refused while it is open
    with pytest.raises(DeclarationError):
        services.declaration_accept(declaration=decl, staff=staff)
    with pytest.raises(DeclarationError):
        submit(org, owner, terms)
    decl = services.declaration_resubmit(
        declaration=decl,
        user=owner,
        level="two_star",
        pledged_principles=ALL,
        terms_version=terms,
        two_star=GOOD_TWO_STAR,
    )
    assert decl.status == Status.PENDING and decl.level == "two_star"
    assert decl.submitted_by == owner
    with pytest.raises(DeclarationError):  # only RETURNED can be resubmitted
        services.declaration_resubmit(
            declaration=decl, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
        )
    assert [e.kind for e in decl.events.all()] == ["submitted", "returned", "resubmitted"]
    assert actions(decl) == ["declaration.submit", "declaration.return", "declaration.resubmit"]


def test_resubmission_follows_the_current_mode(org, owner, staff, terms, reviewed_mode):
    decl = submit(org, owner, terms)
    services.declaration_return(declaration=decl, staff=staff, message="直してください")
    services.programme_settings_update(staff=staff, review_mode="immediate", review_target_days=7)
    decl = services.declaration_resubmit(
        declaration=decl, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
    )
    assert decl.status == Status.ACTIVE and decl.declaration_id


def test_only_staff_review(org, owner, terms, reviewed_mode):
    decl = submit(org, owner, terms)
    with pytest.raises(AccessDenied):
        services.declaration_accept(declaration=decl, staff=owner)
    with pytest.raises(AccessDenied):
        services.declaration_return(declaration=decl, staff=owner, message="x")
    with pytest.raises(AccessDenied):
        services.declaration_cancel(declaration=decl, staff=owner, reason="x")


def test_active_cannot_be_accepted_or_returned_again(org, owner, staff, terms):
    decl = submit(org, owner, terms)
    with pytest.raises(DeclarationError):
        services.declaration_accept(declaration=decl, staff=staff)
    with pytest.raises(DeclarationError):
        services.declaration_return(declaration=decl, staff=staff, message="x")


# --- upgrade / downgrade -------------------------------------------------------------------------


def test_upgrade_keeps_the_id(org, member, owner, terms, django_capture_on_commit_callbacks):
    decl = submit(org, member, terms)
    old_id = decl.declaration_id
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_upgrade(
            declaration=decl, user=member, two_star=GOOD_TWO_STAR, terms_version=terms
        )
    assert decl.level == "two_star" and decl.declaration_id == old_id and decl.status == Status.ACTIVE
    assert decl.publication_url == GOOD_TWO_STAR.publication_url
    assert "二つ星への変更のお知らせ" in mail.outbox[-1].subject
    audit = AuditEvent.objects.get(action="declaration.upgrade")
    assert audit.before["level"] == "one_star" and audit.after["level"] == "two_star"
    with pytest.raises(DeclarationError):  # already ★★
        services.declaration_upgrade(
            declaration=decl, user=member, two_star=GOOD_TWO_STAR, terms_version=terms
        )


def test_upgrade_needs_complete_two_star_data_and_an_active_declaration(
    org, owner, staff, terms, reviewed_mode
):
    decl = submit(org, owner, terms)
    with pytest.raises(DeclarationError):  # pending
        services.declaration_upgrade(
            declaration=decl, user=owner, two_star=GOOD_TWO_STAR, terms_version=terms
        )
    services.declaration_accept(declaration=decl, staff=staff)
    with pytest.raises(DeclarationError) as err:
        services.declaration_upgrade(
            declaration=decl, user=owner, two_star=TwoStarInput(), terms_version=terms
        )
    assert "two_star_invalid" in error_codes(err.value)
    with pytest.raises(AccessDenied):
        services.declaration_upgrade(
            declaration=decl, user=make_user(), two_star=GOOD_TWO_STAR, terms_version=terms
        )


def test_downgrade_is_owner_only_keeps_the_id_and_clears_two_star_data(
    org, owner, member, terms, django_capture_on_commit_callbacks
):
    decl = submit(org, owner, terms, level="two_star", two_star=GOOD_TWO_STAR)
    with pytest.raises(AccessDenied):
        services.declaration_downgrade(declaration=decl, user=member, reason="方針を見直し中")
    with pytest.raises(DeclarationError):
        services.declaration_downgrade(declaration=decl, user=owner, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        down = services.declaration_downgrade(declaration=decl, user=owner, reason="方針を見直し中")
    assert down.level == "one_star" and down.declaration_id == decl.declaration_id
    assert down.publication_method == "" and not down.policy_stated
    assert "方針を見直し中" in mail.outbox[-1].body
    with pytest.raises(DeclarationError):
        services.declaration_downgrade(declaration=down, user=owner, reason="again")
    assert down.events.last().kind == "downgraded"


# --- withdraw / cancel ------------------------------------------------------------------------------


def test_withdraw_is_owner_only_needs_a_reason_and_keeps_history(
    org, owner, member, terms, django_capture_on_commit_callbacks
):
    decl = submit(org, owner, terms)
    with pytest.raises(AccessDenied):
        services.declaration_withdraw(declaration=decl, user=member, reason="廃業")
    with pytest.raises(DeclarationError):
        services.declaration_withdraw(declaration=decl, user=owner, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_withdraw(declaration=decl, user=owner, reason="廃業のため")
    assert decl.status == Status.WITHDRAWN and decl.ended_at and decl.status_reason == "廃業のため"
    assert Declaration.objects.filter(pk=decl.pk).exists()
    assert "取り下げ" in mail.outbox[-1].subject
    for fn in (
        lambda: services.declaration_withdraw(declaration=decl, user=owner, reason="x"),
        lambda: services.declaration_upgrade(
            declaration=decl, user=owner, two_star=GOOD_TWO_STAR, terms_version=terms
        ),
    ):
        with pytest.raises(DeclarationError):
            fn()


def test_new_declaration_after_withdrawal_gets_a_new_id(org, owner, terms):
    first = submit(org, owner, terms)
    services.declaration_withdraw(declaration=first, user=owner, reason="いったん取り下げ")
    second = submit(org, owner, terms)
    assert second.pk != first.pk and second.declaration_id != first.declaration_id
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN


def test_pending_application_can_be_withdrawn(org, owner, terms, reviewed_mode):
    decl = submit(org, owner, terms)
    decl = services.declaration_withdraw(declaration=decl, user=owner, reason="間違えて申し込んだ")
    assert decl.status == Status.WITHDRAWN and decl.declaration_id is None


def test_staff_cancel_with_reason_shown_to_declarer(
    org, owner, staff, terms, django_capture_on_commit_callbacks
):
    decl = submit(org, owner, terms)
    with pytest.raises(DeclarationError):
        services.declaration_cancel(declaration=decl, staff=staff, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_cancel(
            declaration=decl, staff=staff, reason="「認定を受けました」と表示していたため"
        )
    assert decl.status == Status.CANCELLED and decl.status_reason.startswith("「認定")
    assert "認定を受けました" in mail.outbox[-1].body and "取消し" in mail.outbox[-1].subject
    assert decl.events.last().by_staff
    with pytest.raises(DeclarationError):
        services.declaration_cancel(declaration=decl, staff=staff, reason="again")
    audit = AuditEvent.objects.get(action="declaration.cancel")
    assert audit.actor == staff and audit.after["status"] == "cancelled"


# --- settings and downloads -----------------------------------------------------------------------


def test_programme_settings_are_audited_and_validated(staff, owner):
    with pytest.raises(AccessDenied):
        services.programme_settings_update(staff=owner, review_mode="reviewed", review_target_days=7)
    with pytest.raises(DeclarationError):
        services.programme_settings_update(staff=staff, review_mode="nonsense", review_target_days=7)
    with pytest.raises(DeclarationError):
        services.programme_settings_update(staff=staff, review_mode="reviewed", review_target_days=0)
    services.programme_settings_update(staff=staff, review_mode="reviewed", review_target_days=10)
    assert ProgrammeSettings.load().review_mode == "reviewed"
    event = AuditEvent.objects.get(action="programme_settings.update")
    assert event.before == {"review_mode": "immediate", "review_target_days": 7}
    assert event.after == {"review_mode": "reviewed", "review_target_days": 10}


def test_download_is_recorded(org, owner, terms):
    decl = submit(org, owner, terms)
    services.logo_download_record(declaration=decl, user=owner, file_format="png-240")
    row = LogoDownload.objects.get()
    assert (row.user, row.level, row.file_format) == (owner, "one_star", "png-240")
    assert AuditEvent.objects.filter(action="declaration.download", actor=owner).count() == 1


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    "template",
    [
        "issued",
        "received",
        "accepted",
        "logo_ready",
        "returned",
        "upgraded",
        "downgraded",
        "withdrawn",
        "cancelled",
    ],
)
def test_every_mail_renders_in_both_languages(org, owner, terms, template, language):
    from secaction.core.services import mail_render

    decl = submit(org, owner, terms)
    subject, text, _html = mail_render(
        f"declarations/email/{template}",
        {
            "declaration": decl,
            "organization": org,
            "message": "理由の例",
            "target_days": 7,
            "recipient": owner,
            "mypage_url": "https://x/org/mypage/",
            "logo_url": "https://x/declarations/logo/",
            "verify_url": "https://x/v/",
        },
        language,
    )
    assert subject and "{" not in subject and "{%" not in text
    assert "株式会社みどり商店" in text  # addressed to the organisation
    if template in ("returned", "downgraded", "withdrawn", "cancelled"):
        assert "理由の例" in text
    japanese = any("\u3040" <= ch <= "\u30ff" for ch in subject)
    assert japanese == (language == "ja")


def test_terms_accept_rules(org, owner, terms):
    decl = submit(org, owner, terms)
    with pytest.raises(AccessDenied):
        services.declaration_terms_accept(declaration=decl, user=make_user(), terms_version=terms)
    services.declaration_withdraw(declaration=decl, user=owner, reason="r")
    with pytest.raises(DeclarationError):
        services.declaration_terms_accept(declaration=decl, user=owner, terms_version=terms)


# --- the logo mail after acceptance (reviewed mode) -----------------------------------------------


def accept_without_logo_mail(decl, staff):
    """Accept and commit, keeping the delayed logo task from running, as on a backend that defers it."""
    with (
        mock.patch.object(review_services, "_logo_mail_schedule") as schedule,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        decl = services.declaration_accept(declaration=decl, staff=staff)
    schedule.assert_called_once()
    return decl, schedule


def logo_mails():
    return OutgoingMail.objects.filter(template="declarations/email/logo_ready")


def test_logo_mail_is_sent_to_an_active_declaration_once(
    org, owner, member, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    decl, _schedule = accept_without_logo_mail(submit(org, member, terms), staff)
    assert not logo_mails().exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.declaration_logo_mail_send(decl.pk, decl.declaration_id) is True
    assert sorted(logo_mails().values_list("to", flat=True)) == ["member@example.jp", "owner@example.jp"]
    assert f"宣言ID {decl.declaration_id} のロゴマーク" in logo_mails().first().body_text
    decl.refresh_from_db()
    assert decl.logo_mail_sent_at is not None
    audit = AuditEvent.objects.get(action="declaration.logo_mail")
    assert audit.before == {"logo_mail_sent_at": None} and audit.after["logo_mail_sent_at"]

    # A second run (duplicate enqueue, retry) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.declaration_logo_mail_send(decl.pk, decl.declaration_id) is False
    assert logo_mails().count() == 2
    assert AuditEvent.objects.filter(action="declaration.logo_mail").count() == 1


@pytest.mark.parametrize("ending", ["withdraw", "cancel"])
def test_no_logo_mail_for_a_declaration_ended_in_the_meantime(
    org, owner, staff, terms, reviewed_mode, ending, django_capture_on_commit_callbacks
):
    decl, _schedule = accept_without_logo_mail(submit(org, owner, terms), staff)
    if ending == "withdraw":
        services.declaration_withdraw(declaration=decl, user=owner, reason="事業をやめました")
    else:
        services.declaration_cancel(declaration=decl, staff=staff, reason="虚偽の申込み")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.declaration_logo_mail_send(decl.pk, decl.declaration_id) is False
    assert not logo_mails().exists()
    decl.refresh_from_db()
    assert decl.logo_mail_sent_at is None
    assert not AuditEvent.objects.filter(action="declaration.logo_mail").exists()


def test_no_logo_mail_for_another_id_or_a_missing_declaration(org, owner, staff, terms, reviewed_mode):
    decl, _schedule = accept_without_logo_mail(submit(org, owner, terms), staff)
    assert services.declaration_logo_mail_send(decl.pk, "50000000009") is False
    assert services.declaration_logo_mail_send(decl.pk + 1000, decl.declaration_id) is False
    assert not logo_mails().exists()


def test_a_new_declaration_after_withdrawal_does_not_receive_the_old_logo_mail(
    org, owner, staff, terms, reviewed_mode
):
    old, _schedule = accept_without_logo_mail(submit(org, owner, terms), staff)
    services.declaration_withdraw(declaration=old, user=owner, reason="やり直します")
    new, _schedule = accept_without_logo_mail(submit(org, owner, terms), staff)
    assert new.declaration_id != old.declaration_id
    assert services.declaration_logo_mail_send(old.pk, old.declaration_id) is False
    new.refresh_from_db()
    assert new.logo_mail_sent_at is None and not logo_mails().exists()


def test_delay_zero_sends_the_logo_mail_together_with_the_acceptance(
    org, owner, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    reviewed_mode.logo_mail_delay_days = 0
    reviewed_mode.save()
    decl = submit(org, owner, terms)
    with (
        mock.patch.object(review_services, "_logo_mail_schedule") as schedule,
        django_capture_on_commit_callbacks(execute=True),
    ):
        decl = services.declaration_accept(declaration=decl, staff=staff)
    schedule.assert_not_called()
    subjects = subjects_to("owner@example.jp")
    assert len(subjects) == 2
    assert "申込み受理のご連絡" in subjects[0] and "ロゴマークのダウンロードのご案内" in subjects[1]
    assert "このあと別のメールでお送りします" in mail.outbox[0].body
    assert decl.logo_mail_sent_at is not None
    audit = AuditEvent.objects.get(action="declaration.logo_mail")
    assert audit.actor == staff
    assert services.declaration_logo_mail_send(decl.pk, decl.declaration_id) is False
    assert logo_mails().count() == 1


def test_the_delay_is_read_at_acceptance(org, owner, staff, terms, reviewed_mode):
    services.programme_settings_update(
        staff=staff, review_mode="reviewed", review_target_days=7, logo_mail_delay_days=14
    )
    decl, schedule = accept_without_logo_mail(submit(org, owner, terms), staff)
    [(pk, declaration_id, run_after)] = [c.args for c in schedule.call_args_list]
    assert (pk, declaration_id) == (decl.pk, decl.declaration_id)
    assert run_after == decl.declared_at + dt.timedelta(days=14)
    assert run_after.tzinfo is not None


def test_a_rolled_back_acceptance_schedules_nothing(
    org, owner, staff, terms, reviewed_mode, django_capture_on_commit_callbacks
):
    decl = submit(org, owner, terms)
    with (
        mock.patch.object(review_services, "_logo_mail_schedule") as schedule,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.declaration_accept(declaration=decl, staff=staff)
            raise RuntimeError("later step failed")
    schedule.assert_not_called()
    assert not logo_mails().exists()


@pytest.mark.parametrize("resubmitted", [False, True])
def test_immediate_mode_is_unchanged_the_issue_mail_carries_the_logo_link(
    org, owner, staff, terms, resubmitted, django_capture_on_commit_callbacks
):
    if resubmitted:  # returned in reviewed mode, resubmitted after switching to immediate
        services.programme_settings_update(staff=staff, review_mode="reviewed", review_target_days=7)
        decl = submit(org, owner, terms)
        services.declaration_return(declaration=decl, staff=staff, message="直してください")
        services.programme_settings_update(staff=staff, review_mode="immediate", review_target_days=7)
        mail.outbox.clear()
    with (
        mock.patch.object(review_services, "_logo_mail_schedule") as schedule,
        django_capture_on_commit_callbacks(execute=True),
    ):
        if resubmitted:
            decl = services.declaration_resubmit(
                declaration=decl, user=owner, level="one_star", pledged_principles=ALL, terms_version=terms
            )
        else:
            decl = submit(org, owner, terms)
    assert decl.status == Status.ACTIVE
    schedule.assert_not_called()
    [row] = OutgoingMail.objects.filter(to="owner@example.jp", template="declarations/email/issued")
    assert "今すぐダウンロードできます" in row.body_text and "/declarations/logo/" in row.body_text
    assert not logo_mails().exists()
    assert decl.logo_mail_sent_at is None


def test_programme_settings_validate_and_audit_the_logo_mail_delay(staff):
    with pytest.raises(DeclarationError) as err:
        services.programme_settings_update(
            staff=staff, review_mode="reviewed", review_target_days=7, logo_mail_delay_days=61
        )
    assert "logo_mail_delay_days" in error_codes(err.value)
    assert ProgrammeSettings.load().logo_mail_delay_days == 7
    services.programme_settings_update(
        staff=staff, review_mode="reviewed", review_target_days=7, logo_mail_delay_days=0
    )
    assert ProgrammeSettings.load().logo_mail_delay_days == 0
    event = AuditEvent.objects.get(action="programme_settings.update")
    assert event.before == {"review_mode": "immediate", "logo_mail_delay_days": 7}
    assert event.after == {"review_mode": "reviewed", "logo_mail_delay_days": 0}
    # Left out, the delay keeps its value.
    services.programme_settings_update(staff=staff, review_mode="reviewed", review_target_days=9)
    assert ProgrammeSettings.load().logo_mail_delay_days == 0


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("ja", 7, "約7日後に別のメールでお送りします"),
        ("ja", 0, "このあと別のメールでお送りします"),
        ("en", 1, "follows in about 1 day."),
        ("en", 14, "follows in about 14 days."),
        ("en", 0, "follows shortly."),
    ],
)
def test_accepted_mail_says_when_the_logo_mail_comes(org, owner, terms, language, days, expected):
    from secaction.core.services import mail_render

    decl = submit(org, owner, terms)
    _subject, text, _html = mail_render(
        "declarations/email/accepted",
        {"declaration": decl, "organization": org, "recipient": owner, "logo_mail_days": days},
        language,
    )
    assert expected in text


def test_migration_records_logo_mails_sent_at_acceptance_before_the_delay_existed(
    org, owner, staff, terms, reviewed_mode
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("secaction.declarations.migrations.0005_logo_mail_delay")
    accepted, _schedule = accept_without_logo_mail(submit(org, owner, terms), staff)
    waiting_org = make_org("株式会社まち")
    waiting = submit(waiting_org, add_member(waiting_org, role="owner"), terms)  # reviewed: pending
    services.programme_settings_update(staff=staff, review_mode="immediate", review_target_days=7)
    immediate_org = make_org("株式会社そくじ")
    immediate = submit(immediate_org, add_member(immediate_org, role="owner"), terms)
    migration.mark_earlier_logo_mails_sent(apps, None)
    for decl in (accepted, waiting, immediate):
        decl.refresh_from_db()
    issued = accepted.events.get(kind=EventKind.ISSUED)
    assert accepted.logo_mail_sent_at == issued.created_at
    assert waiting.logo_mail_sent_at is None
    assert immediate.status == Status.ACTIVE and immediate.logo_mail_sent_at is None


def test_my_page_estimate_of_the_logo_mail(org, owner, staff, terms, reviewed_mode, client):
    from secaction.declarations.selectors import declaration_logo_mail_expected

    decl = submit(org, owner, terms)
    assert declaration_logo_mail_expected(decl) is None  # pending: nothing due yet
    accepted, _schedule = accept_without_logo_mail(decl, staff)
    expected = declaration_logo_mail_expected(accepted)
    assert expected == accepted.declared_at + dt.timedelta(days=7)
    client.force_login(owner)
    html = client.get("/org/mypage/").content.decode()
    assert f"{expected.astimezone(dt.timezone(dt.timedelta(hours=9))):%Y-%m-%d} ごろお送りします" in html
    assert services.declaration_logo_mail_send(accepted.pk, accepted.declaration_id)
    accepted.refresh_from_db()
    assert declaration_logo_mail_expected(accepted) is None  # sent
    assert "ごろお送りします" not in client.get("/org/mypage/").content.decode()


def test_no_logo_mail_estimate_for_an_immediate_issue(org, owner, staff, terms):
    from secaction.declarations.selectors import declaration_logo_mail_expected

    decl = submit(org, owner, terms)  # immediate mode: the issue mail carried the logo link
    assert decl.status == Status.ACTIVE and declaration_logo_mail_expected(decl) is None
