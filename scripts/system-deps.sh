#!/usr/bin/env bash
# Install the Debian packages the product needs, when missing and when we are root.
#   runtime: Japanese fonts (PDFs), Pango (WeasyPrint), gettext (translations), venv support
#   test:    runtime + Debian's chromium for the Playwright browser tests, poppler-utils (pdftoppm) for PDF checks
set -euo pipefail
kind="${1:-runtime}"
packages=(fonts-ipaexfont fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 gettext python3-venv)
[ "$kind" = "test" ] && packages+=(chromium poppler-utils)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
# python3-venv matters only when the interpreter cannot make a venv by itself.
if python3 -c "import ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  # Said up front and not silenced: the Japanese fonts alone are a large download on a first run.
  printf '\n==> Installing Debian packages (first time: a few minutes): %s\n' "${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "Missing Debian packages (run as root to install them): ${missing[*]}" >&2
fi
