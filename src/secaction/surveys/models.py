"""Questionnaires of declarers: the survey, its questions, invitations and responses (docs/surveys.md).

A survey is built in the back office, sent through the mail-out engine (``secaction.mailouts``: one
``Invitation`` per recipient, a personal token link, no log-in) or attached to the declaration wizard
(``Survey.Kind.WIZARD``). Answers are stored one row per chosen option (``Answer``), so results,
charts and cross-tabulations are ``GROUP BY`` queries, not loops over JSON.

Anonymity: in an anonymous survey the ``Response`` keeps no link to the organisation or the invitation,
only the attributes chosen when it was invited (``Response.level`` …); the invitation keeps the work in
progress (``Invitation.draft``) until submission and then only the fact that it was answered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("招待メールで依頼する調査")
        WIZARD = "wizard", _("宣言の申込み時に尋ねる質問")

    class Mode(models.TextChoices):
        ANONYMOUS = "anonymous", _("匿名(回答は事業者に結び付けない)")
        IDENTIFIED = "identified", _("記名(回答を事業者に結び付ける)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("作成中")
        OPEN = "open", _("回答受付中")
        CLOSED = "closed", _("締切済み")

    # Which attributes an anonymous response keeps (``Response.level`` …); all of them by default.
    ATTRIBUTES = ("level", "prefecture", "industry", "size")

    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices, default=Kind.INVITATION)
    mode = models.CharField(_("回答の扱い"), max_length=12, choices=Mode.choices, default=Mode.ANONYMOUS)
    status = models.CharField(
        _("状態"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title_ja = models.CharField(_("タイトル(日本語)"), max_length=200)
    title_en = models.CharField(_("タイトル(英語)"), max_length=200, blank=True)
    intro_ja = models.TextField(_("説明(日本語)"), blank=True)
    intro_en = models.TextField(_("説明(英語)"), blank=True)
    # The attributes kept with each anonymous response, chosen when the survey is set up (subset of ATTRIBUTES).
    attributes = models.JSONField(_("回答に残す属性"), default=list, blank=True)
    # A shipped template this survey was made from (``"2024"``: the 2024 実態調査), to compare with its figures.
    template_key = models.CharField(_("元にしたテンプレート"), max_length=20, blank=True)
    # Raised each time questions change while the survey is open; each response records the version it saw.
    version = models.PositiveIntegerField(_("版"), default=1)
    opens_at = models.DateTimeField(_("受付開始日時"), null=True, blank=True)
    closes_at = models.DateTimeField(_("締切日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("締め切った日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("アンケート")
        verbose_name_plural = _("アンケート")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title_ja


class Question(models.Model):
    """One question. ``options`` / ``rows`` are lists of ``{"key", "ja", "en"}``; keys never change once
    answers exist (they are what ``Answer.option`` stores and what exports are keyed by)."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("単一選択")
        MULTIPLE = "multiple", _("複数選択")
        SCALE = "scale", _("5段階評価")
        MATRIX = "matrix", _("マトリクス")
        NUMBER = "number", _("数値")
        TEXT = "text", _("自由記述")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveIntegerField(_("順番"), default=0)
    key = models.SlugField(_("キー"), max_length=40)
    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices)
    text_ja = models.TextField(_("質問文(日本語)"))
    text_en = models.TextField(_("質問文(英語)"), blank=True)
    help_ja = models.TextField(_("補足(日本語)"), blank=True)
    help_en = models.TextField(_("補足(英語)"), blank=True)
    required = models.BooleanField(_("回答必須"), default=False)
    options = models.JSONField(_("選択肢"), default=list, blank=True)
    rows = models.JSONField(_("マトリクスの行"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("選べる数の上限"), null=True, blank=True)
    min_value = models.IntegerField(_("最小値"), null=True, blank=True)
    max_value = models.IntegerField(_("最大値"), null=True, blank=True)
    # Shown only when the answer to ``show_if`` includes one of ``show_if_options`` (keys of its options).
    show_if = models.ForeignKey(
        "self",
        verbose_name=_("表示の条件にする質問"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    show_if_options = models.JSONField(_("表示の条件にする回答"), default=list, blank=True)
    # Reference figures to compare with, e.g. the 2024 survey's percentages: ``{option key: "75.1"}``.
    reference = models.JSONField(_("比較する過去の結果"), default=dict, blank=True)
    removed_at = models.DateTimeField(_("削除日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("質問")
        verbose_name_plural = _("質問")
        ordering = ["survey", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="surveys_question_key_unique")]

    def __str__(self) -> str:
        return f"{self.key}: {self.text_ja[:40]}"


class Invitation(models.Model):
    """One organisation's personal link to one survey; holds the answers in progress until submission.

    Only a hash of the token is stored (``token_hash``): the link is rebuilt from the mail-out recipient
    (``surveys.tokens``), never read back from the database.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("未回答")
        STARTED = "started", _("回答途中")
        ANSWERED = "answered", _("回答済み")

    # No index of its own: (survey, status) and the one-per-organisation constraint lead with it.
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations", db_index=False)
    token_hash = models.CharField(max_length=64, unique=True)
    organization_id = models.BigIntegerField(_("事業者ID"), null=True, blank=True, db_index=True)
    email = models.EmailField(_("宛先"))
    language = models.CharField(_("言語"), max_length=8, default="ja")
    # The attributes snapshot taken at invitation time; copied to an anonymous response.
    level = models.CharField(_("段階"), max_length=10, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=2, blank=True)
    industry = models.CharField(_("業種"), max_length=1, blank=True)
    size = models.CharField(_("従業員数"), max_length=10, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.INVITED)
    draft = models.JSONField(_("回答途中の内容"), null=True, blank=True)
    created_at = models.DateTimeField(_("招待日時"), auto_now_add=True)
    started_at = models.DateTimeField(_("回答開始日時"), null=True, blank=True)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("督促日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("アンケートの招待")
        verbose_name_plural = _("アンケートの招待")
        ordering = ["survey", "id"]
        indexes = [models.Index(fields=["survey", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organization_id"],
                condition=models.Q(organization_id__isnull=False),
                name="surveys_invitation_one_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.email}"


class Response(models.Model):
    """A submitted response. ``organization_id`` / ``invitation`` stay empty in an anonymous survey."""

    class Source(models.TextChoices):
        INVITATION = "invitation", _("招待メール")
        WIZARD = "wizard", _("宣言の申込み")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    survey_version = models.PositiveIntegerField(_("回答した版"))
    source = models.CharField(_("回答の経路"), max_length=12, choices=Source.choices)
    organization_id = models.BigIntegerField(_("事業者ID"), null=True, blank=True, db_index=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    level = models.CharField(_("段階"), max_length=10, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=2, blank=True)
    industry = models.CharField(_("業種"), max_length=1, blank=True)
    size = models.CharField(_("従業員数"), max_length=10, blank=True)
    # Anonymous responses keep the day only, so the time cannot be matched with an invitation's answered_at.
    submitted_on = models.DateField(_("回答日"), db_index=True)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        ordering = ["survey", "id"]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class Answer(models.Model):
    """One part of a response: one chosen option (single, multiple, scale), one matrix cell (``row`` +
    ``option``), a number or a text."""

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    row = models.CharField(max_length=40, blank=True)
    option = models.CharField(max_length=40, blank=True)
    number = models.BigIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("回答の内容")
        verbose_name_plural = _("回答の内容")
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
