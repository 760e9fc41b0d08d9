"""Public pages: registry search, verification of one ID or many, and the expression checker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from secaction.core.surveys import SURVEY_2024
from secaction.core.text import number_compact
from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.documents.responses import csv_response_for_excel
from secaction.surveys.selectors import wizard_figures_get

from .expressions import expressions_check
from .forms import BatchVerifyForm, ExpressionForm, RegistrySearchForm, VerifyForm, as_of_clean
from .history import NOT_YET_DECLARED
from .models import PublicLevel, PublicStatus
from .selectors import (
    JAPAN,
    MATCHED_BY_CORPORATE_NUMBER,
    RegistryQuery,
    VerifyQuery,
    declaration_lookup_miss_message,
    declaration_lookup_miss_reason,
    declaration_public_from_entry,
    registry_entry_get,
    registry_search,
    registry_statistics_get,
    registry_verify_many,
)
from .statistics_charts import industry_chart_svg, month_chart_svg

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    form = RegistrySearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        query = RegistryQuery(**form.cleaned_data)
        if query.is_empty():
            context["empty_query"] = True
        else:
            result = registry_search(query, page=_page_number(request), per_page=PER_PAGE)
            if (
                query.declaration_id
                and not result.entries
                and registry_entry_get(query.declaration_id) is None
            ):
                # Unknown everywhere (not merely inactive): say whether it looks mistyped.
                context["miss_message"] = declaration_lookup_miss_message(
                    declaration_lookup_miss_reason(query.declaration_id)
                )
            params = request.GET.copy()
            params.pop("page", None)
            context.update(result=result, querystring=params.urlencode())
    return render(request, "registry/search.html", context)


def _verify_url(code: str, **params: str) -> str:
    query = {k: v for k, v in params.items() if v}
    return reverse("registry:verify", args=[code]) + (f"?{urlencode(query)}" if query else "")


def _verify_form_page(
    request: HttpRequest, form: VerifyForm, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "batch_form": BatchVerifyForm(), **extra}
    return render(request, "registry/verify_form.html", context, status=status)


@require_http_methods(["GET"])
def verify_form(request: HttpRequest) -> HttpResponse:
    """One box for an ID or a 法人番号, and an optional date; a 法人番号 leads to that company's declaration."""
    form = VerifyForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return _verify_form_page(request, form)
    day = form.cleaned_data["as_of"]
    as_of = day.isoformat() if day else ""
    code = form.cleaned_data["declaration_id"]
    if code:
        return HttpResponseRedirect(_verify_url(code, as_of=as_of))
    number = form.cleaned_data["corporate_number"]
    answer = registry_verify_many([VerifyQuery(corporate_number=number)])[0]
    if answer.entry is None:
        miss = _("法人番号 %(number)s の宣言は見つかりませんでした。番号に誤りがないか確認してください。") % {
            "number": number
        }
        return _verify_form_page(request, form, status=404, number_miss=miss)
    return HttpResponseRedirect(
        _verify_url(answer.entry.declaration_code, as_of=as_of, by=MATCHED_BY_CORPORATE_NUMBER)
    )


def _history_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    levels, statuses = dict(PublicLevel.choices), dict(PublicStatus.choices)
    return [
        {
            "date": row["date"],
            "level": levels.get(row["level"], ""),
            "status": statuses.get(row["status"], ""),
        }
        for row in record["level_history"]
    ]


@require_http_methods(["GET"])
def verify(request: HttpRequest, declaration_id: str) -> HttpResponse:
    raw_as_of = request.GET.get("as_of", "")
    try:
        code = declaration_id_normalize(declaration_id)
        day = as_of_clean(raw_as_of)
    except DeclarationIdError as exc:
        form = VerifyForm({"declaration_id": declaration_id, "as_of": raw_as_of})
        form.is_valid()
        return _verify_form_page(request, form, status=400, error=str(exc))
    except forms.ValidationError:
        form = VerifyForm({"declaration_id": declaration_id, "as_of": raw_as_of})
        form.is_valid()  # puts the date's message next to the date field
        return _verify_form_page(request, form, status=400)
    by = request.GET.get("by", "")
    if code != declaration_id:
        return HttpResponseRedirect(_verify_url(code, as_of=raw_as_of.strip(), by=by))
    entry = registry_entry_get(code)
    context: dict[str, Any] = {
        "entry": entry,
        "declaration_id": code,
        "checked_at": timezone.now(),
        "as_of": day,
        "as_of_iso": day.isoformat() if day else "",
        "by_corporate_number": by == MATCHED_BY_CORPORATE_NUMBER,
    }
    if entry is None:
        context["miss_message"] = declaration_lookup_miss_message(declaration_lookup_miss_reason(code))
    else:
        record = declaration_public_from_entry(entry, as_of=day)
        context.update(
            record=record,
            history_rows=_history_rows(record),
            as_of_not_yet=record["status"] == NOT_YET_DECLARED,
            as_of_level=dict(PublicLevel.choices).get(record["level"] or "", ""),
            as_of_status=dict(PublicStatus.choices).get(record["status"], ""),
        )
    return render(request, "registry/verify.html", context, status=200 if entry else 404)


_RESULT_LABELS = {"found": "見つかりました", "not_found": "見つかりません", "invalid": "形式の誤り"}


@dataclass
class _BatchRow:
    """One line of the batch page, as the table and the CSV show it."""

    input: str
    result: str
    entry: Any = None
    message: str | None = None
    matched_by: str | None = None
    record: dict[str, Any] | None = None


def _batch_rows(lines: list[str], as_of: dt.date | None) -> list[_BatchRow]:
    """Each line is a 法人番号 when it has 13 digits, else a declaration ID (``registry_verify_many``'s rules)."""
    queries = [
        VerifyQuery(corporate_number=line, as_of=as_of)
        if len(number_compact(line)) == 13
        else VerifyQuery(declaration_id=line, as_of=as_of)
        for line in lines
    ]
    return [
        _BatchRow(
            input=line,
            result=answer.result,
            entry=answer.entry,
            message=answer.message,
            matched_by=answer.matched_by,
            record=answer.public_record(),
        )
        for line, answer in zip(lines, registry_verify_many(queries), strict=True)
    ]


@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest) -> HttpResponse:
    form = BatchVerifyForm(request.POST or None)
    results = None
    as_of = None
    if request.method == "POST" and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        results = _batch_rows(form.cleaned_data["ids"], as_of)
        if request.POST.get("download") == "csv":
            return _batch_csv(results, as_of)
    statuses = dict(PublicStatus.choices)
    levels = dict(PublicLevel.choices)
    for row in results or []:
        if row.record and as_of:
            row.record["status_label"] = (
                _("まだ宣言されていません")
                if row.record["status"] == NOT_YET_DECLARED
                else statuses.get(row.record["status"], "")
            )
            row.record["level_label"] = levels.get(row.record["level"] or "", "")
    return render(
        request,
        "registry/batch.html",
        {"form": form, "results": results, "as_of": as_of, "checked_at": timezone.now()},
    )


def _japan_date(value: Any) -> str:
    # The programme's dates are Japan's, whatever the server's time zone (as in the API).
    return value.astimezone(JAPAN).date().isoformat() if value else ""


_ENDED_REASONS = {"withdrawn": "宣言者による取り下げ", "cancelled": "事務局による取消し"}
_MATCHED_BY = {"declaration_id": "宣言ID", "corporate_number": "法人番号"}


def _batch_csv(results: list[_BatchRow], as_of: dt.date | None) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response, writer = csv_response_for_excel(f"security-action-verify-{stamp}.csv")
    writer.writerow(
        [
            _("入力"),
            _("結果"),
            _("宣言ID"),
            _("段階"),
            _("状態"),
            _("事業者名"),
            _("法人番号"),
            _("都道府県"),
            _("宣言日"),
            _("GビズIDで確認した日"),
            _("照合方法"),
            _("基準日"),
            _("基準日の段階"),
            _("基準日の状態"),
            _("二つ星になった日"),
            _("終了の種類"),
            _("取り下げ・取消し日"),
            pgettext("照会", "確認日時"),
        ]
    )
    checked = timezone.localtime().isoformat(timespec="seconds")
    statuses, levels = dict(PublicStatus.choices), dict(PublicLevel.choices)
    for r in results:
        e = r.entry
        label = _(_RESULT_LABELS[r.result])
        if r.result == "invalid" or r.message:
            label = f"{label}: {r.message}"
        row = [r.input, label]
        if e and r.record:
            rec = r.record
            declared = timezone.localtime(e.declared_at).date().isoformat() if e.declared_at else ""
            if as_of is None:
                then_level = then_status = ""
            elif rec["status"] == NOT_YET_DECLARED:
                then_level, then_status = "", _("まだ宣言されていません")
            else:
                then_level = str(levels.get(rec["level"], ""))
                then_status = str(statuses.get(rec["status"], ""))
            row += [
                e.declaration_code,
                e.get_level_display(),
                e.get_status_display(),
                e.name,
                e.corporate_number,
                e.get_prefecture_display(),
                declared,
                _japan_date(e.identity_verified_at) or pgettext("GビズID", "未確認"),
                _(_MATCHED_BY[r.matched_by or "declaration_id"]),
                as_of.isoformat() if as_of else "",
                then_level,
                then_status,
                rec["two_star_since"].isoformat() if rec["two_star_since"] else "",
                _(_ENDED_REASONS[rec["ended_reason"]]) if rec["ended_reason"] else "",
                _japan_date(rec["ended_at"]),
            ]
        else:
            row += [""] * 15
        writer.writerow([*row, checked])
    return response


def _highlight(text: str, findings: list[Any]) -> list[tuple[str, Any]]:
    """The text cut into plain and flagged parts, for the template to mark up safely."""
    parts: list[tuple[str, Any]] = []
    pos = 0
    for f in findings:
        if f.start > pos:
            parts.append((text[pos : f.start], None))
        parts.append((text[f.start : f.end], f))
        pos = f.end
    if pos < len(text):
        parts.append((text[pos:], None))
    return parts


@require_http_methods(["GET", "POST"])
def expressions(request: HttpRequest) -> HttpResponse:
    form = ExpressionForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        findings = expressions_check(text)
        context.update(findings=findings, parts=_highlight(text, findings), checked=True)
    return render(request, "registry/expressions.html", context)


@require_http_methods(["GET"])
def statistics(request: HttpRequest) -> HttpResponse:
    stats = registry_statistics_get()
    return render(
        request,
        "registry/statistics.html",
        {
            "stats": stats,
            "month_chart": month_chart_svg(stats),
            "industry_chart": industry_chart_svg(stats),
            "wizard": wizard_figures_get(),
            "survey_2024": SURVEY_2024,
        },
    )


@require_http_methods(["GET"])
def statistics_csv(request: HttpRequest) -> HttpResponse:
    stats = registry_statistics_get()
    computed = timezone.localtime(stats.computed_at)
    response, writer = csv_response_for_excel(
        f"security-action-statistics-{computed.strftime('%Y%m%d-%H%M')}.csv"
    )
    writer.writerow([_("区分"), _("コード"), _("名称"), _("一つ星"), _("二つ星"), _("合計"), _("集計日時")])
    stamp = computed.isoformat(timespec="seconds")
    rows: list[tuple[str, str, str, Any]] = [(_("全体"), "", _("宣言中の合計"), stats.totals)]
    rows += [(_("都道府県"), r.code, r.label, r.counts) for r in stats.by_prefecture]
    rows += [(_("業種"), r.code, r.label, r.counts) for r in stats.by_industry]
    rows += [(_("宣言した月"), m.label, m.label, m.counts) for m in stats.by_month]
    for kind, code, label, c in rows:
        writer.writerow([kind, code, label, c.one_star, c.two_star, c.total, stamp])
    return response
