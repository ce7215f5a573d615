#!/usr/bin/env bash
# Make the README's pictures from the seeds, loaded afresh into a temporary database and served:
#   docs/crosscheck-detail.png   the Lafarge statement (the list's first statement with a figure difference)
#   docs/differences-table.png   Datasette's own `differences` table
# Run it after a change to the pages; the test run never writes them. Needs the test extras (Playwright:
# scripts/test.sh installs them) and Debian's chromium. VENV picks the virtualenv (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import playwright" 2>/dev/null; then
  echo "No Playwright in $venv: run scripts/test.sh once first (it installs the test extras)" >&2
  exit 1
fi
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$venv/bin/datasette" crosscheck load "$work/corpus.db" seeds/ --quiet
port=$("$venv/bin/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$venv/bin/datasette" serve "$work/corpus.db" --metadata metadata.yml -h 127.0.0.1 -p "$port" >"$work/serve.log" 2>&1 &
server=$!
"$venv/bin/python" - "http://127.0.0.1:$port" docs <<'PYTHON'
import json, sys, time, urllib.request
from playwright.sync_api import sync_playwright

base, out = sys.argv[1], sys.argv[2]
for _ in range(150):  # up to 15 s for the server
    try:
        rows = json.load(urllib.request.urlopen(base + "/corpus/-/crosscheck.json", timeout=1))["rows"]
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("datasette did not answer")
statement = next((r for r in rows if r["figure_differences"]), rows[0])
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    for path, name in [(statement["url"], "crosscheck-detail.png"), ("/corpus/differences", "differences-table.png")]:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + path)
        page.screenshot(path=f"{out}/{name}")  # the top of the page, as a reader first sees it
        print(f"{out}/{name}: {base}{path}")
        page.close()
    browser.close()
PYTHON
