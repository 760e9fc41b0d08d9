"""Survey results as files: CSV of the raw responses and an XLSX workbook (summaries + raw responses).

CSV layout (docs/surveys.md, "Results"): one row per response, one column per question — per option for a
multiple-choice question (``key:option``, 1 when chosen, else 0) and per row for a matrix
(``key:row``, the chosen option's key). The FIRST row holds these stable keys (what scripts read); the
SECOND row holds the same columns' labels in the reader's language (what people read). A CSV of an
anonymous survey has no organisation column. Every CSV cell goes through ``documents.csvwriter``, and
every XLSX text cell through the same ``csv_cell`` guard, since Excel runs formulas in both.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext
from openpyxl import Workbook

from secaction.documents.csvwriter import csv_cell, csv_writer

from .models import Answer, Question, Response, Survey
from .selectors.answering import survey_questions
from .selectors.results import SurveyResults, localized, survey_response_rows

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ATTRIBUTE_COLUMNS = ("level", "prefecture", "industry", "size")


def _columns(survey: Survey, questions: list[Question]) -> list[tuple[str, str]]:
    """(key, label) of every column of the raw-responses table."""
    columns = [
        ("response", gettext("回答番号")),
        ("submitted_on", gettext("回答日")),
        ("source", gettext("回答の経路")),
    ]
    if survey.mode == Survey.Mode.IDENTIFIED:
        columns.append(("organization_id", gettext("事業者ID")))
    labels = {
        "level": gettext("段階"),
        "prefecture": gettext("都道府県"),
        "industry": gettext("業種"),
        "size": gettext("従業員数"),
    }
    columns += [(key, labels[key]) for key in ATTRIBUTE_COLUMNS]
    for q in questions:
        text = localized(q, "text")
        if q.kind == Question.Kind.MULTIPLE:
            columns += [(f"{q.key}:{o['key']}", f"{text} / {localized(o)}") for o in q.options]
        elif q.kind == Question.Kind.MATRIX:
            columns += [(f"{q.key}:{r['key']}", f"{text} / {localized(r)}") for r in q.rows]
        else:
            columns.append((q.key, text))
    return columns


def _row(survey: Survey, questions: list[Question], response: Response, answers: list[Answer]) -> list[Any]:
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    row: list[Any] = [response.pk, response.submitted_on, response.source]
    if survey.mode == Survey.Mode.IDENTIFIED:
        row.append(response.organization_id)
    row += [getattr(response, key) for key in ATTRIBUTE_COLUMNS]
    for q in questions:
        own = by_question.get(q.pk, [])
        if q.kind == Question.Kind.MULTIPLE:
            chosen = {a.option for a in own}
            row += [1 if o["key"] in chosen else 0 for o in q.options] if own else [None] * len(q.options)
        elif q.kind == Question.Kind.MATRIX:
            cells = {a.row: a.option for a in own}
            row += [cells.get(r["key"]) for r in q.rows]
        elif q.kind == Question.Kind.NUMBER:
            row.append(own[0].number if own else None)
        elif q.kind == Question.Kind.TEXT:
            row.append(own[0].text if own else None)
        else:
            row.append(own[0].option if own else None)
    return row


def response_table(survey: Survey) -> tuple[list[tuple[str, str]], Iterator[list[Any]]]:
    """The raw-responses table: its columns and its rows, streamed (two queries in all)."""
    questions = survey_questions(survey)
    rows = (_row(survey, questions, r, answers) for r, answers in survey_response_rows(survey))
    return _columns(survey, questions), rows


def results_csv(survey: Survey) -> bytes:
    """The CSV file (UTF-8 with BOM, which Excel in Japan needs): keys row, labels row, one row per response."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer)
    columns, rows = response_table(survey)
    writer.writerow(key for key, _label in columns)
    writer.writerow(label for _key, label in columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _sheet_title(text: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", text)[:28] or "sheet"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]}~{n}", n + 1
    used.add(title.lower())
    return title


def results_xlsx(results: SurveyResults) -> bytes:
    """The XLSX workbook: an overview sheet, a summary sheet per question and the raw responses."""
    survey = results.survey
    book = Workbook(write_only=True)
    used: set[str] = set()
    overview = book.create_sheet(_sheet_title(gettext("概要"), used))
    overview.append([csv_cell(gettext("アンケート名")), csv_cell(results.title)])
    overview.append([csv_cell(gettext("招待数")), results.invitations])
    overview.append([csv_cell(gettext("回答数")), results.responses])
    overview.append([csv_cell(gettext("回答率")), csv_cell(results.rate)])
    for result in results.questions:
        q = result.question
        sheet = book.create_sheet(_sheet_title(q.key, used))
        sheet.append([csv_cell(result.text)])
        sheet.append([csv_cell(gettext("回答者数")), result.respondents])
        if result.options:
            sheet.append(
                [
                    csv_cell(gettext("選択肢")),
                    csv_cell(gettext("件数")),
                    csv_cell(gettext("割合(%)")),
                    csv_cell(gettext("比較する過去の結果(%)")),
                ]
            )
            for o in result.options:
                sheet.append([csv_cell(o.label), o.count, o.percent, o.reference])
            if result.mean is not None:
                sheet.append([csv_cell(gettext("平均")), result.mean])
        for matrix_row in result.matrix:
            sheet.append([csv_cell(matrix_row.label), *(csv_cell(f"{c.label}") for c in matrix_row.cells)])
            sheet.append([None, *(c.count for c in matrix_row.cells)])
        if result.number is not None:
            stats = result.number
            for label, value in (
                (gettext("回答数"), stats.n),
                (gettext("平均"), stats.mean),
                (gettext("中央値"), stats.median),
                (gettext("最小"), stats.minimum),
                (gettext("最大"), stats.maximum),
            ):
                sheet.append([csv_cell(label), value])
            for band in result.bands:
                sheet.append([csv_cell(band.label), band.count])
    raw = book.create_sheet(_sheet_title(gettext("回答一覧"), used))
    columns, rows = response_table(survey)
    raw.append([csv_cell(key) for key, _label in columns])
    raw.append([csv_cell(label) for _key, label in columns])
    for row in rows:
        raw.append([csv_cell(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
