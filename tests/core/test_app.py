"""The application answers health checks, errors and headers as CONTRACT.md says."""


def test_healthz_reports_database_ok(browser):
    response = browser.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_every_page_carries_security_headers(browser, seeded):
    headers = browser.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_unknown_page_is_a_friendly_404_page_and_json_under_api(browser):
    page = browser.get("/no-such-page")
    assert page.status_code == 404 and "text/html" in page.content_type
    assert "Deze pagina bestaat niet" in page.get_data(as_text=True)
    api = browser.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404
    assert api.get_json()["error"]["code"] == "not_found"


def test_production_cookies_are_secure(database_url):
    from lmb import create_app

    app = create_app(
        {"PRODUCTION": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_an_unreachable_database_gives_503_not_500():
    from lmb import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
        }
    )
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["status"] == "error"
    page = client.get("/tracks/")
    assert page.status_code == 503
    api = client.get("/api/v1/tracks")
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "service_unavailable"
