#!/usr/bin/env bash
# Create the peer's own virtualenv (bench/peers/xtd/.venv, gitignored) with django-comments-xtd and its
# pinned dependencies. Does nothing when requirements.txt has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if [ ! -f .venv/.installed ] || [ requirements.txt -nt .venv/.installed ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  touch .venv/.installed
fi
