#!/bin/sh
# Start the benchmark server (see bench/README.md). Extra arguments go to gunicorn.
# Environment: DATABASE_URL (required), REDIS_URL (redis://127.0.0.1:6379/2), PORT (default 8003), WORKERS (2), THREADS (8),
# PIDFILE (var/bench-gunicorn.pid, read by verify_api.py to add the server's CPU per request).
set -eu
cd "$(dirname "$0")/../src"
mkdir -p ../var
export SECRET_KEY="${SECRET_KEY:-bench-only-not-secret}" ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
# The limits' counters live in the shared cache production uses (Redis); without REDIS_URL and with DEBUG
# off the settings fall back to the database cache, which would measure that fallback instead.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/2}"
# Every request comes from 127.0.0.1: raise the limits (the limiter still runs) instead of measuring 429s.
export API_RATE_LIMIT_ADDRESS="${API_RATE_LIMIT_ADDRESS:-100000000/m}" API_RATE_LIMIT_KEY="${API_RATE_LIMIT_KEY:-100000000/m}"
exec "${GUNICORN:-gunicorn}" secaction.wsgi -k gthread -w "${WORKERS:-2}" --threads "${THREADS:-8}" \
  -b "127.0.0.1:${PORT:-8003}" --keep-alive 30 --pid "${PIDFILE:-../var/bench-gunicorn.pid}" "$@"
