def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    data = response.json()
    assert data["info"]["title"] == "SECURITY ACTION Portal API"
    assert data["openapi"].startswith("3.")


def test_docs_api_md_lists_every_endpoint_the_api_serves(client):
    """docs/api.md's endpoint table and the OpenAPI document name the same method + path pairs."""
    import re
    from pathlib import Path

    served = {
        (method.upper(), path)
        for path, operations in client.get("/api/v1/openapi.json").json()["paths"].items()
        for method in operations
    }
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|", text, re.MULTILINE))
    assert served, "the OpenAPI document lists no paths"
    assert documented == served
