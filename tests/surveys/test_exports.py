"""CSV and XLSX exports of survey results: layout, formula guard, anonymity, audit, staff only."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.surveys.models import Survey
from secaction.surveys.services import survey_results_export
from tests.declarations.conftest import make_user

from .results_data import add_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user("office@example.jp", staff=True)


def rows_of(file):
    text = file.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel in Japan needs the BOM
    return list(csv.reader(io.StringIO(text[1:])))


def fill(survey):
    add_response(
        survey,
        q1="yes",
        q2=("subsidy", "self"),
        q3="4",
        q4={"backup": "no"},
        q5=12,
        q6="=HYPERLINK(1)",
        organization_id=987654,
        prefecture="13",
    )
    add_response(survey, q1="no", organization_id=987655)


def test_csv_has_keys_then_labels_then_one_row_per_response(staff):
    survey = make_survey(staff, mode=Survey.Mode.IDENTIFIED)
    fill(survey)
    keys, labels, first, second = rows_of(survey_results_export(staff, survey, "csv"))
    assert keys == [
        "response",
        "submitted_on",
        "source",
        "organization_id",
        "level",
        "prefecture",
        "industry",
        "size",
        "q1",
        "q2:subsidy",
        "q2:customer",
        "q2:self",
        "q3",
        "q4:backup",
        "q4:patch",
        "q5",
        "q6",
    ]
    assert labels[keys.index("q2:self")] == "宣言した理由 / 自社の取組み"
    row = dict(zip(keys, first, strict=True))
    assert (row["organization_id"], row["prefecture"], row["q1"]) == ("987654", "13", "yes")
    assert (row["q2:subsidy"], row["q2:customer"], row["q2:self"]) == ("1", "0", "1")
    assert (row["q4:backup"], row["q4:patch"], row["q5"]) == ("no", "", "12")
    assert row["q6"] == "'=HYPERLINK(1)"  # the formula guard of documents.csvwriter
    # A question not answered is empty, not "not chosen".
    assert dict(zip(keys, second, strict=True))["q2:subsidy"] == ""


def test_anonymous_exports_carry_no_organisation(staff):
    survey = make_survey(staff)
    fill(survey)
    keys = rows_of(survey_results_export(staff, survey, "csv"))[0]
    assert "organization_id" not in keys
    book = load_workbook(io.BytesIO(survey_results_export(staff, survey, "xlsx").content))
    raw = book.worksheets[-1]
    assert "organization_id" not in [c.value for c in raw[1]]
    assert not any(str(c.value) == "987654" for row in raw.iter_rows() for c in row)


def test_xlsx_has_an_overview_a_sheet_per_question_and_the_raw_responses(staff):
    survey = make_survey(staff, mode=Survey.Mode.IDENTIFIED)
    fill(survey)
    book = load_workbook(io.BytesIO(survey_results_export(staff, survey, "xlsx").content))
    assert book.sheetnames == ["概要", "q1", "q2", "q3", "q4", "q5", "q6", "回答一覧"]
    overview = {row[0].value: row[1].value for row in book["概要"].iter_rows()}
    assert overview["回答数"] == 2 and overview["招待数"] == 0
    q2 = [[c.value for c in row] for row in book["q2"].iter_rows()]
    assert ["補助金の要件", 1, 100, 75.1] in q2  # count, share of the 1 respondent, the 2024 figure
    raw = [[c.value for c in row] for row in book["回答一覧"].iter_rows()]
    assert len(raw) == 4 and "'=HYPERLINK(1)" in raw[2]  # no live formula in the workbook either


def test_every_export_is_audited_and_staff_only(staff):
    survey = make_survey(staff)
    fill(survey)
    for fmt in ("csv", "xlsx"):
        survey_results_export(staff, survey, fmt)
    events = AuditEvent.objects.filter(action="survey.export").order_by("id")
    assert [(e.after["format"], e.after["responses"]) for e in events] == [("csv", 2), ("xlsx", 2)]
    with pytest.raises(AccessDenied):
        survey_results_export(make_user("someone@example.jp"), survey, "csv")
    with pytest.raises(ServiceError):
        survey_results_export(staff, survey, "json")
    assert events.count() == 2


def test_sheet_titles_are_excel_safe_and_unique():
    from secaction.surveys.exports import _sheet_title

    used: set[str] = set()
    titles = [_sheet_title(name, used) for name in ("q1", "Q1", "a/b:c", "x" * 40, "x" * 40)]
    assert titles[0] == "q1" and titles[1] != titles[0] and titles[2] == "a_b_c"
    assert len({t.lower() for t in titles}) == 5 and all(len(t) <= 31 for t in titles)
