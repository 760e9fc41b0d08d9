from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """One completed self-diagnosis of an organisation (or one of its units), kept for good.

    ``answers`` maps item numbers (as strings) to yes/partial/no/unknown for the
    ``edition`` it was taken with; the scores are stored too so that history
    lists need no rescoring, but they are always derivable from the answers.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("事業者"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    unit_name = models.CharField(
        _("拠点・部署名"),
        max_length=100,
        blank=True,
        help_text=_("拠点や部署ごとに診断するときに入力します。全社で1つなら空欄のままにします。"),
    )
    edition = models.CharField(_("版"), max_length=20)
    answers = models.JSONField(_("回答"))
    total = models.SmallIntegerField(_("合計点"))
    band = models.CharField(_("評価"), max_length=20)
    part_scores = models.JSONField(_("分野別の点数"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回答者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_at = models.DateTimeField(_("診断日時"), default=timezone.now, db_index=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("自社診断の結果")
        verbose_name_plural = _("自社診断の結果")
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["organization", "unit_name", "taken_at"])]

    def __str__(self) -> str:
        unit = f" / {self.unit_name}" if self.unit_name else ""
        return f"{self.organization}{unit} {self.taken_at:%Y-%m-%d} {self.total}"

    def answers_by_number(self) -> dict[int, str]:
        return {int(k): v for k, v in self.answers.items()}
