def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    data = response.json()
    assert data["info"]["title"] == "SECURITY ACTION Portal API"
    assert data["openapi"].startswith("3.")
