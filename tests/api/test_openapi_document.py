"""The OpenAPI document describes every endpoint of the contract, with schemas and security."""

import pytest

TOKEN_OPERATIONS = [
    ("/api/v1/me", "get"),
    ("/api/v1/tracks/{slug}", "patch"),
    ("/api/v1/tracks/{slug}/sessions", "post"),
    ("/api/v1/sessions/{session_id}", "patch"),
    ("/api/v1/sessions/{session_id}/cancel", "post"),
    ("/api/v1/tracks/{slug}/registrations", "post"),
    ("/api/v1/tracks/{slug}/registrations", "get"),
    ("/api/v1/registrations/{registration_id}/cancel", "post"),
]
PUBLIC_OPERATIONS = [
    ("/api/v1/tracks", "get"),
    ("/api/v1/tracks/{slug}", "get"),
    ("/api/v1/tracks/{slug}/sessions", "get"),
]


@pytest.fixture
def spec(app):
    return app.test_client().get("/api/openapi.json").get_json()


def test_the_document_lists_every_path_and_method_of_the_contract(spec):
    for path, method in TOKEN_OPERATIONS + PUBLIC_OPERATIONS:
        assert method in spec["paths"].get(path, {}), f"{method.upper()} {path} is not documented"


def test_token_operations_ask_for_the_bearer_token_and_public_ones_do_not(spec):
    for path, method in TOKEN_OPERATIONS:
        operation = spec["paths"][path][method]
        assert operation["security"] == [{"bearerAuth": []}], f"{method} {path}"
        assert "401" in operation["responses"]
    for path, method in PUBLIC_OPERATIONS:
        assert "security" not in spec["paths"][path][method]


def test_changes_and_creations_describe_their_request_and_response(spec):
    paths = spec["paths"]
    schemas = spec["components"]["schemas"]
    for path, method, status in [
        ("/api/v1/tracks/{slug}", "patch", "200"),
        ("/api/v1/tracks/{slug}/sessions", "post", "201"),
        ("/api/v1/sessions/{session_id}", "patch", "200"),
    ]:
        operation = paths[path][method]
        assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert operation["responses"][status]["content"]["application/json"]["schema"]
        assert "422" in operation["responses"]
    new_session = schemas["SessionCreate"]
    assert {"title", "phase", "starts_at", "ends_at"} <= set(new_session["required"])
    assert new_session["properties"]["starts_at"]["format"] == "date-time"
    assert new_session["properties"]["phase"]["enum"] == ["labo", "voedingsbodem", "uitrol"]
    assert schemas["TrackUpdate"]["properties"]["capacity"]["nullable"] is True
    assert {"id", "status", "waitlist_position"} <= set(schemas["Registration"]["properties"])
    assert "promoted" in schemas["RegistrationCancelled"]["properties"]
    registration_post = paths["/api/v1/tracks/{slug}/registrations"]["post"]["responses"]
    assert {"201", "409", "422"} <= set(registration_post)


def test_ids_in_paths_are_documented_as_bounded_integers(spec):
    [parameter] = spec["paths"]["/api/v1/sessions/{session_id}"]["parameters"]
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def test_lists_are_paginated(spec):
    for path in ("/api/v1/tracks/{slug}/sessions", "/api/v1/tracks/{slug}/registrations"):
        operation = spec["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"page", "per_page"} <= names
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page_schema = spec["components"]["schemas"][page.rsplit("/", 1)[1]]
        assert {"items", "total", "page", "per_page"} <= set(page_schema["required"])
