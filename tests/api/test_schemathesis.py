"""schemathesis against /api/openapi.json on a real server: a bounded run with a fixed seed;
no 500, every status, content type and body as the document says. (bench/fuzz.sh: longer.)"""

import subprocess
import sys
from pathlib import Path

from lmb.accounts.models import User
from lmb.accounts.services import create_api_token
from lmb.extensions import db

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_the_api_holds_to_its_openapi_document_under_fuzzing(app, seeded, live_server, tmp_path):
    from tests.tracks.test_seed import run_seed

    run_seed(app, "--demo")
    with app.app_context():
        admin = db.session.scalar(db.select(User).filter_by(email="admin@example.org"))
        token = create_api_token(admin, "schemathesis")[1]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    st = Path(sys.executable).parent / "st"
    result = subprocess.run(
        [
            str(st),
            "run",
            f"{live_server}/api/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            "8",
            "--seed",
            "20261121",
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--max-time",
            "120",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "passed" in output
