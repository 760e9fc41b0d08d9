#!/usr/bin/env bash
# Development server on http://127.0.0.1:8000 (HOST, PORT to change) with one background worker beside it.
# Runs in the foreground until Ctrl-C, which stops the worker too. VENV names the virtualenv (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
python="${VENV:-.venv}/bin/python"
# Links in mail (invitations) point at this server unless SITE_URL says otherwise.
export SITE_URL="${SITE_URL:-http://${HOST:-127.0.0.1}:${PORT:-8000}}"
"$python" manage.py db_worker --queue-name '*' --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
"$python" manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
