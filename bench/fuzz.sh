#!/usr/bin/env bash
# A longer schemathesis run against the JSON API: a scratch SQLite database with the demo
# data, the app served on 127.0.0.1, every operation fuzzed as the demo admin.
#   bash bench/fuzz.sh [MAX_EXAMPLES=200] [SEED=1]
# The suite runs the same bounded (tests/api/test_schemathesis.py); this is the long run.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-200}"
seed="${2:-1}"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
export LMB_SQLALCHEMY_DATABASE_URI="sqlite:///$work/fuzz.sqlite3"
export LMB_SECRET_KEY="fuzz" LMB_SCHEDULER=off LMB_UPLOAD_FOLDER="$work/uploads"
export LMB_LOGIN_RATE_LIMIT="100000 per minute" LMB_MAIL_LINK_RATE_LIMIT="100000 per minute"
.venv/bin/lmb db upgrade >/dev/null 2>&1
.venv/bin/lmb seed --demo >/dev/null
token="$(.venv/bin/lmb users token admin@example.org)"
port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
.venv/bin/gunicorn -w 2 -b "127.0.0.1:$port" wsgi:app >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
.venv/bin/st run "http://127.0.0.1:$port/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" --seed "$seed" --generation-deterministic \
  --workers 2 --request-timeout 10
