"""Reads of the back office: the dashboard's figures (a handful of aggregate queries, each figure with its
admin list) and a staff member's own data exports.

Days and months are Japan time (the programme's calendar), whatever the server's zone. Every figure
carries the URL of the admin list that shows the same rows, so staff can go from a number to the records.
The whole dashboard costs a fixed number of queries, whatever the size of the data (a test bounds it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, IntegerField, Min, Model, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import AccessDenied
from secaction.core.models import OutgoingMail
from secaction.declarations.models import (
    Declaration,
    EventKind,
    Level,
    ProgrammeSettings,
    ReviewFinding,
    ReviewMode,
    Status,
)
from secaction.identity.models import ClaimRequest
from secaction.institutions.models import ApiUsageDay
from secaction.mailouts.models import Mailout, Recipient
from secaction.organizations.models import IdentityChangeRequest, IdentityConflict
from secaction.supporters.models import Supporter, SupporterStatus
from secaction.surveys.models import Invitation, Response, Survey

from .models import DataExport

JAPAN = ZoneInfo("Asia/Tokyo")
CHART_MONTHS = 12
API_USAGE_DAYS = 30


@dataclass(frozen=True)
class Figure:
    """One number on the dashboard and the admin list that shows its rows."""

    count: int
    url: str
    oldest: dt.datetime | None = None


@dataclass(frozen=True)
class LevelFigures:
    one_star: Figure
    two_star: Figure

    @property
    def total(self) -> int:
        return self.one_star.count + self.two_star.count


@dataclass(frozen=True)
class ApiUsageRow:
    institution: str
    today: int
    last_30_days: int
    url: str


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    one_star: int
    two_star: int


@dataclass(frozen=True)
class MailoutRow:
    """A mail-out being built, sent or paused, and how far it has got."""

    subject: str
    subject_en: str  # the Japanese subject when there is no English one
    status: str
    sent: int
    failed: int
    total: int
    url: str

    @property
    def percent(self) -> int:
        return int(100 * (self.sent + self.failed) / self.total) if self.total else 0


@dataclass(frozen=True)
class SurveyRow:
    """An open survey: its responses, invitations and response rate (None without invitations: the wizard's)."""

    title: str
    title_en: str  # the Japanese title when there is no English one
    kind: str
    responses: int
    invitations: int
    url: str  # its admin page, which links the results (helper D's results page)

    @property
    def rate(self) -> float | None:
        return round(100 * self.responses / self.invitations, 1) if self.invitations else None


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    month_start: dt.date
    new_today: LevelFigures
    new_this_month: LevelFigures
    upgrades: Figure
    withdrawals: Figure
    cancellations: Figure
    reviewed_mode: bool
    review_queue: Figure
    open_findings: Figure
    failed_mails: Figure
    failed_window_hours: int
    api_usage: tuple[ApiUsageRow, ...]
    supporter_queue: Figure
    identity_conflicts: Figure
    identity_change_requests: Figure
    claim_requests: Figure
    by_month: tuple[MonthCount, ...]
    mailouts: tuple[MailoutRow, ...] = ()
    surveys: tuple[SurveyRow, ...] = ()


def _admin_list(name: str, **params: object) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=JAPAN)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _new_declarations(today: dt.date, month_start: dt.date) -> tuple[LevelFigures, LevelFigures]:
    """Declarations issued (declared) today and this month, by level; imported ones are not new."""
    day_from, day_to = _midnight(today), _midnight(today + dt.timedelta(days=1))
    month_from = _midnight(month_start)
    base = Declaration.objects.filter(imported=False, declared_at__gte=month_from, declared_at__lt=day_to)
    counts = base.aggregate(
        **{
            f"{span}_{level}": Count("pk", filter=Q(level=level, declared_at__gte=start))
            for span, start in (("today", day_from), ("month", month_from))
            for level in Level.values
        }
    )

    def figures(span: str, start: dt.datetime) -> LevelFigures:
        def one(level: str) -> Figure:
            url = _admin_list(
                "declarations_declaration",
                level__exact=level,
                imported__exact=0,
                declared_at__gte=_iso(start),
                declared_at__lt=_iso(day_to),
            )
            return Figure(counts[f"{span}_{level}"], url)

        return LevelFigures(one(Level.ONE_STAR), one(Level.TWO_STAR))

    return figures("today", day_from), figures("month", month_from)


def _changes_this_month(month_start: dt.date, day_to: dt.datetime) -> dict[str, Figure]:
    """Declarations upgraded, withdrawn and cancelled this month (each declaration counted once per kind)."""
    month_from = _midnight(month_start)
    kinds = {
        "upgrades": EventKind.UPGRADED,
        "withdrawals": EventKind.WITHDRAWN,
        "cancellations": EventKind.CANCELLED,
    }
    window = Q(events__created_at__gte=month_from, events__created_at__lt=day_to)
    counts = Declaration.objects.filter(window, events__kind__in=kinds.values()).aggregate(
        **{name: Count("pk", distinct=True, filter=Q(events__kind=kind)) for name, kind in kinds.items()}
    )
    return {
        name: Figure(
            counts[name],
            _admin_list(
                "declarations_declaration",
                events__kind=kind,
                events__created_at__gte=_iso(month_from),
                events__created_at__lt=_iso(day_to),
            ),
        )
        for name, kind in kinds.items()
    }


def _queue(model: type[Model], name: str, status: str, since: str = "created_at") -> Figure:
    """The rows of a staff queue in ``status``, with the oldest's ``since``; linked to its list filtered alike."""
    row = model._default_manager.filter(status=status).aggregate(n=Count("pk"), oldest=Min(since))
    return Figure(row["n"], _admin_list(name, status__exact=status), row["oldest"])


def _api_usage(today: dt.date) -> tuple[ApiUsageRow, ...]:
    """Keyed API requests per institution today and over the last 30 days (today included).

    Keys issued before institutions existed have no holder; they are listed by the name written on the key.
    """
    since = today - dt.timedelta(days=API_USAGE_DAYS - 1)
    rows = (
        ApiUsageDay.objects.filter(day__gte=since, day__lte=today)
        .values("api_key__holder_id")
        .annotate(
            label=Coalesce(Min("api_key__holder__name"), Min("api_key__institution")),
            today=Coalesce(Sum("requests", filter=Q(day=today)), 0),
            total=Sum("requests"),
        )
        .order_by("-total", "label")
    )
    result = []
    for row in rows:
        holder = row["api_key__holder_id"]
        params: dict[str, object] = {"day__gte": since.isoformat(), "day__lte": today.isoformat()}
        if holder is not None:
            params["api_key__holder__id__exact"] = holder
        url = _admin_list("institutions_apiusageday", **params)
        result.append(ApiUsageRow(row["label"], row["today"], row["total"], url))
    return tuple(result)


def _by_month(today: dt.date) -> tuple[MonthCount, ...]:
    """New declarations per month (Japan time) for the last 12 months, this one included, by level."""
    first = _month_start(today, CHART_MONTHS - 1)
    rows = (
        Declaration.objects.filter(imported=False, declared_at__gte=_midnight(first))
        .annotate(month=TruncMonth("declared_at", tzinfo=JAPAN))
        .values("month", "level")
        .annotate(n=Count("pk"))
    )
    found = {
        (row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"], row["level"]): row[
            "n"
        ]
        for row in rows
    }
    months = [_month_start(today, back) for back in range(CHART_MONTHS - 1, -1, -1)]
    return tuple(
        MonthCount(m, found.get((m, Level.ONE_STAR), 0), found.get((m, Level.TWO_STAR), 0)) for m in months
    )


RUNNING_MAILOUTS = (Mailout.Status.BUILDING, Mailout.Status.SENDING, Mailout.Status.PAUSED)
FAILED_RECIPIENTS = (Recipient.Status.FAILED, Recipient.Status.BOUNCED)


def _running_mailouts() -> tuple[MailoutRow, ...]:
    """Mail-outs being built, sent or paused with their sent / failed counts: one query, one join."""
    rows = (
        Mailout.objects.filter(status__in=RUNNING_MAILOUTS)
        .annotate(
            sent=Count("recipients", filter=Q(recipients__status=Recipient.Status.SENT)),
            failed=Count("recipients", filter=Q(recipients__status__in=FAILED_RECIPIENTS)),
        )
        .order_by("started_at", "pk")
        .values("pk", "subject_ja", "subject_en", "status", "recipients_total", "sent", "failed")
    )
    return tuple(
        MailoutRow(
            r["subject_ja"],
            r["subject_en"] or r["subject_ja"],
            str(Mailout.Status(r["status"]).label),
            r["sent"],
            r["failed"],
            r["recipients_total"],
            reverse("admin:mailouts_mailout_change", args=[r["pk"]]),
        )
        for r in rows
    )


def _count_of(model: type[Model]) -> Subquery:
    """The number of ``model`` rows of the outer survey, as a subquery (no join that multiplies rows)."""
    counts = model._default_manager.filter(survey=OuterRef("pk")).order_by().values("survey")
    return Subquery(counts.annotate(n=Count("pk")).values("n"), output_field=IntegerField())


def _open_surveys() -> tuple[SurveyRow, ...]:
    """Open surveys with their response and invitation counts: one query with two counting subqueries."""
    rows = (
        Survey.objects.filter(status=Survey.Status.OPEN)
        .annotate(n_responses=Coalesce(_count_of(Response), 0), n_invited=Coalesce(_count_of(Invitation), 0))
        .order_by("closes_at", "pk")
        .values("pk", "title_ja", "title_en", "kind", "n_responses", "n_invited")
    )
    return tuple(
        SurveyRow(
            r["title_ja"],
            r["title_en"] or r["title_ja"],
            str(Survey.Kind(r["kind"]).label),
            r["n_responses"],
            r["n_invited"],
            reverse("admin:surveys_survey_change", args=[r["pk"]]),
        )
        for r in rows
    )


def dashboard_get() -> Dashboard:
    """Every figure of the back-office dashboard, as of now (Japan time). For staff pages only."""
    now = timezone.now().astimezone(JAPAN)
    today = now.date()
    month_start = today.replace(day=1)
    day_to = _midnight(today + dt.timedelta(days=1))
    new_today, new_month = _new_declarations(today, month_start)
    changes = _changes_this_month(month_start, day_to)
    reviewed = ProgrammeSettings.load().review_mode == ReviewMode.REVIEWED
    pending = Declaration.objects.filter(status=Status.PENDING).aggregate(
        n=Count("pk"), oldest=Min("submitted_at")
    )
    findings = ReviewFinding.objects.filter(resolved_at__isnull=True).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    window = settings.HEALTH_FAILED_WINDOW_SECONDS
    failed_since = now - dt.timedelta(seconds=window)
    failed = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.FAILED, next_attempt_at__gte=failed_since
    ).aggregate(n=Count("pk"), oldest=Min("next_attempt_at"))
    return Dashboard(
        today=today,
        month_start=month_start,
        new_today=new_today,
        new_this_month=new_month,
        upgrades=changes["upgrades"],
        withdrawals=changes["withdrawals"],
        cancellations=changes["cancellations"],
        reviewed_mode=reviewed,
        review_queue=Figure(
            pending["n"], reverse("admin:declarations_reviewqueueitem_changelist"), pending["oldest"]
        ),
        open_findings=Figure(
            findings["n"], _admin_list("declarations_reviewfinding", state="open"), findings["oldest"]
        ),
        failed_mails=Figure(
            failed["n"],
            _admin_list(
                "core_outgoingmail",
                status__exact=OutgoingMail.Status.FAILED,
                next_attempt_at__gte=_iso(failed_since),
            ),
            failed["oldest"],
        ),
        failed_window_hours=window // 3600,
        api_usage=_api_usage(today),
        supporter_queue=_queue(
            Supporter, "supporters_supporter", SupporterStatus.PENDING, since="applied_at"
        ),
        identity_conflicts=_queue(
            IdentityConflict, "organizations_identityconflict", IdentityConflict.Status.OPEN
        ),
        identity_change_requests=_queue(
            IdentityChangeRequest,
            "organizations_identitychangerequest",
            IdentityChangeRequest.Status.PENDING,
        ),
        claim_requests=_queue(ClaimRequest, "identity_claimrequest", ClaimRequest.Status.PENDING),
        by_month=_by_month(today),
        mailouts=_running_mailouts(),
        surveys=_open_surveys(),
    )


def data_export_get(actor: Any, export_id: int) -> DataExport:
    """The export ``export_id`` for the staff member who asked for it; ``AccessDenied`` for anyone else."""
    staff_require(actor)
    export = DataExport.objects.filter(pk=export_id, created_by=actor).first()
    if export is None:
        raise AccessDenied(_("このエクスポートは見られません。"))
    return export
