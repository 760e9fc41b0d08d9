import pytest

from secaction.diagnosis.models import Assessment

from .factories import answers_all

pytestmark = pytest.mark.django_db
URL = "/api/v1/diagnosis/score"


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def test_score_returns_total_band_and_parts(client):
    answers = {str(n): v for n, v in answers_all("yes").items()}
    answers.update({"1": "no", "7": "partial", "25": "unknown"})
    response = post(client, {"answers": answers})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 100 - 4 - 2 - 5
    assert body["band"] == "good"
    assert body["parts"] == [
        {"part": 1, "title": "基本的対策", "score": 16, "max": 20},
        {"part": 2, "title": "従業員としての対策", "score": 50, "max": 52},
        {"part": 3, "title": "組織としての対策", "score": 23, "max": 28},
    ]
    assert Assessment.objects.count() == 0


def test_all_unknown_is_minus_25(client):
    body = post(client, {"answers": {str(n): "unknown" for n in range(1, 26)}}).json()
    assert (body["total"], body["band"]) == (-25, "weak")


def test_every_problem_is_named(client):
    answers = {str(n): "yes" for n in range(1, 26) if n != 5}
    answers.update({"26": "yes", "3": "sometimes"})
    response = post(client, {"answers": answers})
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {("answers.5", "missing"), ("answers.26", "extra"), ("answers.3", "invalid_value")}
    messages = " ".join(e["message"] for e in response.json()["errors"])
    assert "No.5" in messages and "26" in messages and "sometimes" in messages
    assert Assessment.objects.count() == 0


def test_empty_answers_name_all_25_items(client):
    response = post(client, {"answers": {}})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [f"answers.{n}" for n in range(1, 26)]


@pytest.mark.parametrize("body", [{}, {"answers": ["yes"] * 25}, {"answers": "yes"}])
def test_malformed_body_is_400(client, body):
    assert post(client, body).status_code == 400


def test_endpoint_is_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/diagnosis/score" in spec["paths"]
