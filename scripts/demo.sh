#!/usr/bin/env bash
# Install the plugin in a virtualenv, load the seed articles into corpus.db and serve it.
# Extra arguments go to `datasette serve` (e.g. -p 8002).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q -e .
"$venv/bin/datasette" crosscheck load corpus.db seeds/
exec "$venv/bin/datasette" serve corpus.db --metadata metadata.yml "$@"
