"""Verification of many rows by declaration ID and/or 法人番号, in order, saying which matched."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secaction.registry.selectors import VerifyQuery, registry_verify_many

from .factories import corporate_number, make_declaration, make_org

pytestmark = pytest.mark.django_db


def test_rows_by_id_by_number_both_and_neither_are_answered_in_order() -> None:
    number = corporate_number(7)
    org = make_org(corporate_number=number)
    ended = make_declaration(org, status="withdrawn", ended_at=timezone.now())
    active = make_declaration(org, status="active")
    other = make_declaration()
    answers = registry_verify_many(
        [
            VerifyQuery(declaration_id=other.declaration_id or ""),
            VerifyQuery(corporate_number=number),
            VerifyQuery(declaration_id=ended.declaration_id or "", corporate_number=number),
            VerifyQuery(declaration_id="123"),
            VerifyQuery(corporate_number="1234567890123"),
            VerifyQuery(),
            VerifyQuery(corporate_number=corporate_number(8)),
        ]
    )
    assert [a.result for a in answers] == [
        "found",
        "found",
        "found",
        "invalid",
        "invalid",
        "invalid",
        "not_found",
    ]
    assert [a.matched_by for a in answers[:3]] == ["declaration_id", "corporate_number", "declaration_id"]
    assert answers[1].entry is not None and answers[1].entry.declaration_code == active.declaration_id
    assert answers[2].entry is not None and answers[2].entry.declaration_code == ended.declaration_id
    assert (answers[3].error_field, answers[4].error_field) == ("declaration_id", "corporate_number")


def test_the_number_of_queries_does_not_grow_with_the_rows() -> None:
    declarations = [make_declaration() for _ in range(30)]
    queries = [VerifyQuery(declaration_id=d.declaration_id or "") for d in declarations]
    with CaptureQueriesContext(connection) as few:
        registry_verify_many(queries[:3])
    with CaptureQueriesContext(connection) as many:
        answers = registry_verify_many(queries)
    assert all(a.result == "found" for a in answers)
    assert len(many.captured_queries) == len(few.captured_queries)
