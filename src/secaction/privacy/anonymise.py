"""Replacing a person's personal data while keeping every row and id (docs/privacy-and-retention.md).

Not a service: it takes no actor and checks nobody. It is called by ``services.deletions_due_apply`` (a
deletion that fell due) and by the retention rule for unverified sign-ups, both system steps.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken

from secaction.accounts.models import User
from secaction.core.models import OutgoingMail
from secaction.core.services import audit_record
from secaction.mailouts.models import Recipient
from secaction.organizations.models import Invitation, Membership
from secaction.surveys.models import Invitation as SurveyInvitation

# Mails still on their way keep their address until delivered or given up; the mail-body rule blanks them later.
_MAIL_IN_FLIGHT = [OutgoingMail.Status.QUEUED, OutgoingMail.Status.SENDING, OutgoingMail.Status.RETRYING]


def deleted_email(user_id: int) -> str:
    """The address an anonymised account gets: unique, and undeliverable by definition (RFC 6761 .invalid)."""
    return f"deleted-{user_id}@invalid"


def user_anonymise(user: User, *, reason: str = "deletion") -> None:
    """Blank the person's name and address everywhere the portal keeps them; end their access.

    The organisation, its declarations and their events are untouched (a public record). Audit events are
    not rewritten (the log is append-only): they keep the label of who acted, readable by staff only, for the
    audit period. Sessions end: the password hash changes, which invalidates every session at its next
    request, and the inactive account is refused any new log-in.
    """
    old_email = user.email
    new_email = deleted_email(user.pk)
    user.email = new_email
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    # Addresses are contact data, not something the person did: allauth's rows go.
    EmailAddress.objects.filter(user=user).delete()
    SocialToken.objects.filter(account__user=user).delete()
    for social in SocialAccount.objects.filter(user=user):
        social.uid = f"deleted-{user.pk}-{social.pk}"
        social.extra_data = {}
        social.save(update_fields=["uid", "extra_data"])
    Membership.objects.filter(user=user, is_active=True).update(is_active=False)
    Invitation.objects.filter(email__iexact=old_email).update(email=new_email)
    SurveyInvitation.objects.filter(email__iexact=old_email).update(email=new_email)
    Recipient.objects.filter(email__iexact=old_email).update(email=new_email)
    OutgoingMail.objects.filter(to__iexact=old_email).exclude(status__in=_MAIL_IN_FLIGHT).update(
        to=new_email, body_text="", body_html="", send_text="", send_html=""
    )
    audit_record(actor=None, action="privacy.user_anonymised", target=user, message=reason)
