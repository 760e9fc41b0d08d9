#!/usr/bin/env bash
# A local GビズID stand-in for trying the sign-in by hand: the test suite's OpenID Connect provider (npm
# oidc-provider, GビズID-shaped accounts prime / member / entry / sole, any password) on 127.0.0.1:${OIDC_DEV_PORT:-9100}.
# In a second terminal:
#   OIDC_ISSUER=http://127.0.0.1:9100 OIDC_CLIENT_ID=secaction-test OIDC_CLIENT_SECRET=secaction-test-secret make run
set -euo pipefail
cd "$(dirname "$0")/.."
port="${OIDC_DEV_PORT:-9100}"
site="${SITE_URL:-http://127.0.0.1:8000}"
[ -d tests/oidc_provider/node_modules/oidc-provider ] || npm ci --prefix tests/oidc_provider --no-audit --no-fund --loglevel=error
echo "GビズID stand-in at http://127.0.0.1:${port} (accounts: prime, member, entry, sole; any password)"
OIDC_PORT="$port" OIDC_REDIRECT_URIS="${site}/accounts/oidc/gbizid/login/callback/" exec node tests/oidc_provider/server.mjs
