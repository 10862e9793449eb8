#!/usr/bin/env bash
# Make sure the Debian packages named as arguments (by the command they provide) are installed.
# Usage: scripts/system-packages.sh redis-server:redis-server psql:postgresql chromium:chromium
set -euo pipefail
missing=()
for pair in "$@"; do
  command=${pair%%:*}; package=${pair#*:}
  case "$command" in
    /*) [ -e "$command" ] || missing+=("$package") ;;
    *) command -v "$command" >/dev/null 2>&1 || missing+=("$package") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them (apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${missing[@]}" >/dev/null
