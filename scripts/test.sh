#!/usr/bin/env bash
# Set up everything the tests need and run them: a virtualenv with the test extras, and Debian's chromium
# for the browser tests. Extra arguments go to pytest. DATASETTE picks the Datasette line to test against,
# e.g. DATASETTE='datasette>=1.0a41' scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e '.[test]' "${DATASETTE:-datasette}"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium' first" >&2
    exit 1
  fi
fi
exec "$venv/bin/python" -m pytest "$@"
