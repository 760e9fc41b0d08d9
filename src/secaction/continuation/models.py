"""Yearly continuation reminders of declarations and their one-click confirmations.

SECURITY ACTION declarations do not expire; the portal never invents an expiry. Once a year a declaration
not confirmed since gets a reminder (one system mail-out per day for all declarations due that day, see
``services``); the declarer may confirm it unchanged with one click, which sets
``Declaration.last_confirmed_at``. ``ReminderDay`` makes the daily run happen once per day whatever the
number of workers; ``FlaggedDeclaration`` is the back office's read-only list of declarations to look at.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from secaction.declarations.models import Declaration
from secaction.mailouts.models import Mailout


class ReminderDay(models.Model):
    """One daily run of the reminders (Japan date): unique, so a second run the same day does nothing."""

    day = models.DateField(_("日付"), unique=True)
    mailout = models.ForeignKey(
        Mailout,
        verbose_name=_("一斉メール"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminders = models.PositiveIntegerField(_("送信した件数"), default=0)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("継続確認の送信日")
        verbose_name_plural = _("継続確認の送信日")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)


class Reminder(models.Model):
    """One reminder to one declaration, and when (if) the declarer confirmed it with the mailed link."""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("宣言"), on_delete=models.PROTECT, related_name="continuation_reminders"
    )
    organization_id = models.BigIntegerField(_("事業者ID"))
    mailout = models.ForeignKey(
        Mailout, verbose_name=_("一斉メール"), on_delete=models.PROTECT, related_name="continuation_reminders"
    )
    email = models.EmailField(_("宛先"))
    created_at = models.DateTimeField(_("送信日時"), db_index=True)
    confirmed_at = models.DateTimeField(_("確認された日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("継続確認のお願い")
        verbose_name_plural = _("継続確認のお願い")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["declaration", "created_at"])]
        constraints = [
            # The signed link names (mail-out, organisation): one reminder per organisation per mail-out.
            models.UniqueConstraint(
                fields=["mailout", "organization_id"], name="continuation_reminder_once_per_mailout"
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.created_at:%Y-%m-%d}"


class FlaggedDeclaration(Declaration):
    """Declarations staff should look at (``selectors.declarations_flagged``): a read-only admin list."""

    class Meta:
        proxy = True
        verbose_name = _("継続確認が必要な宣言")
        verbose_name_plural = _("継続確認が必要な宣言")
