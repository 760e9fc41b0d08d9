"""Time of the back office's survey results page for a survey with 10,000 responses (target < 1 s).

Builds, inside a transaction that is rolled back at the end (so the database is left as it was), an
anonymous survey of 8 questions (single, multiple, scale, matrix, number, free text, …) with 10,000
responses bulk-inserted (about 130,000 answer rows), then GETs ``admin:surveys_survey_results`` with one
crosstab (a scale question by prefecture) through the Django test client: every chart, the crosstab and
the first page of free texts, i.e. the whole HTML page. Prints each run, the median and the query count.

    createdb -h 127.0.0.1 -U postgres survey_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/survey_bench DEBUG=1
    python manage.py migrate
    python bench/survey_results.py [--responses 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from secaction.surveys.models import Answer, Question, Response, Survey  # noqa: E402


class Rollback(Exception):
    pass


def opts(*keys: str) -> list[dict[str, str]]:
    return [{"key": k, "ja": f"選択肢{k}", "en": f"Option {k}"} for k in keys]


def build(responses: int, rng: random.Random) -> tuple[Survey, Question]:
    user = get_user_model().objects.create_user(
        email="bench-office@example.jp", is_staff=True, is_superuser=True
    )
    survey = Survey.objects.create(title_ja="ベンチマーク調査", created_by=user, status=Survey.Status.CLOSED)
    scale = [{"key": str(n), "ja": str(n), "en": str(n)} for n in range(1, 6)]
    spec = [
        ("reason", "multiple", opts(*"abcdefgh"), [], {"a": "75.1", "b": "10.0"}),
        ("effect", "single", opts(*"abcde"), [], {}),
        ("useful", "scale", scale, [], {}),
        ("measures", "matrix", opts("yes", "no", "na"), opts("r1", "r2", "r3"), {}),
        ("staff", "number", [], [], {}),
        ("problem", "multiple", opts(*"abcdef"), [], {}),
        ("again", "single", opts("yes", "no"), [], {}),
        ("comment", "text", [], [], {}),
    ]
    questions = [
        Question.objects.create(
            survey=survey,
            position=n,
            key=key,
            kind=kind,
            text_ja=f"質問{n + 1}",
            options=o,
            rows=r,
            reference=ref,
        )
        for n, (key, kind, o, r, ref) in enumerate(spec)
    ]
    prefectures = [f"{n:02d}" for n in range(1, 48)]
    rows = Response.objects.bulk_create(
        Response(
            survey=survey,
            survey_version=1,
            source=Response.Source.INVITATION,
            level=rng.choice(["one_star", "two_star"]),
            prefecture=rng.choice(prefectures),
            industry=rng.choice("ABCDEFGHIJ"),
            size=rng.choice(["1-5", "6-20", "21-50", "51-100"]),
            submitted_on=dt.date(2027, 1, 15) + dt.timedelta(days=rng.randrange(30)),
        )
        for _ in range(responses)
    )
    batch: list[Answer] = []
    for response in rows:
        for q in questions:
            if q.kind == "multiple":
                for o in rng.sample(q.options, rng.randint(1, 3)):
                    batch.append(Answer(response=response, question=q, option=o["key"]))
            elif q.kind in ("single", "scale"):
                batch.append(Answer(response=response, question=q, option=rng.choice(q.options)["key"]))
            elif q.kind == "matrix":
                batch += [
                    Answer(response=response, question=q, row=r["key"], option=rng.choice(q.options)["key"])
                    for r in q.rows
                ]
            elif q.kind == "number":
                batch.append(Answer(response=response, question=q, number=rng.randint(1, 300)))
            elif rng.random() < 0.3:
                batch.append(Answer(response=response, question=q, text="もっと分かりやすい資料がほしい"))
        if len(batch) >= 10000:
            Answer.objects.bulk_create(batch)
            batch = []
    Answer.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE surveys_answer; ANALYZE surveys_response")
    return survey, questions[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(13)
    try:
        with (
            transaction.atomic(),
            override_settings(BACKOFFICE_REQUIRE_MFA=False, ALLOWED_HOSTS=["testserver"]),
        ):
            started = time.perf_counter()
            survey, useful = build(args.responses, rng)
            answers = Answer.objects.filter(response__survey=survey).count()
            print(
                f"built {args.responses} responses, {answers} answers in {time.perf_counter() - started:.1f} s"
            )
            client = Client()
            client.force_login(survey.created_by)
            url = reverse("admin:surveys_survey_results", args=[survey.pk])
            query = {"question": useful.pk, "by": "prefecture"}
            times = []
            for n in range(args.repeat + 1):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url, query)
                    elapsed = time.perf_counter() - t0
                assert response.status_code == 200, response.status_code
                assert response.content.count(b'class="chart chart-bar"') == 6  # all but matrix and text
                if n:  # the first run warms template and translation caches
                    times.append(elapsed)
                print(
                    f"run {n}: {elapsed * 1000:.0f} ms, {len(queries)} queries, {len(response.content)} bytes"
                )
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]
            for q in slowest:  # of the last run
                print(f"  {float(q['time']) * 1000:.0f} ms  {q['sql'][:150]}")
            print(
                f"{connection.vendor}: median {statistics.median(times) * 1000:.0f} ms over {len(times)} runs"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
