#!/usr/bin/env bash
# Development server on http://127.0.0.1:8000 with one background worker beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py db_worker --queue-name '*' --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
.venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
