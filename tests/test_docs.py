"""The documents stay true: every page, JSON twin and table page the README names answers on the demo
corpus (with the top-level keys the README lists), and every module, function and constant ARCHITECTURE.md
names exists."""

import importlib
import os
import re

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from .conftest import ROOT, SEEDS

PACKAGE = "datasette_crosscheck"


def read(name: str) -> str:
    with open(os.path.join(ROOT, name), encoding="utf-8") as fp:
        return fp.read()


# README

def readme_routes() -> list:
    """The paths the README names, as written: `/{database}/...`."""
    return sorted(set(re.findall(r"`(/\{database\}[^`\s?]*)`", read("README.md"))))


# What each placeholder stands for on the demo corpus, by the path segment before it.
PLACEHOLDER_ROWS = {
    ("crosscheck", "{statement_id}"): "select min(id) from statements",
    ("stories", "{id}"): "select min(id) from stories",
    ("article", "{id}"): "select min(id) from articles",
}


def concrete(route: str, db) -> str:
    parts = route.split("/")
    for n, part in enumerate(parts):
        if part == "{database}":
            parts[n] = "corpus"
        elif part.startswith("{"):
            sql = PLACEHOLDER_ROWS.get((parts[n - 1], part))
            assert sql, f"README names {route}: say in PLACEHOLDER_ROWS which row {part} stands for"
            parts[n] = str(db.execute(sql).fetchone()[0])
    return "/".join(parts)


def twin_keys() -> dict:
    """The README's JSON shapes: {page name: top-level keys}, from its list of `- name: `{"key", ...}``."""
    shapes = {}
    for name, shape in re.findall(r"^- (\w+): `(\{.*?\})`", read("README.md"), re.S | re.M):
        depth, keys = 0, []
        for token in re.findall(r'[{}\[\]]|"[^"]*"', shape):
            if token in "{[":
                depth += 1
            elif token in "}]":
                depth -= 1
            elif depth == 1:
                keys.append(token.strip('"'))
        shapes[name] = keys
    return shapes


TWIN_ROUTES = {  # the README's name of each JSON shape -> the page it is the twin of
    "list": "/{database}/-/crosscheck",
    "statement": "/{database}/-/crosscheck/{statement_id}",
    "article": "/{database}/-/crosscheck/article/{id}",
    "stories": "/{database}/-/crosscheck/stories",
    "story": "/{database}/-/crosscheck/stories/{id}",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "corpus.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(path), SEEDS, "--quiet"])
    assert result.exit_code == 0, result.output
    return str(path)


def test_the_readme_names_the_pages():
    routes = readme_routes()
    assert set(TWIN_ROUTES.values()) <= set(routes), routes
    assert "/{database}/differences" in routes
    assert set(twin_keys()) == set(TWIN_ROUTES)


@pytest.mark.asyncio
async def test_every_page_the_readme_names_answers_with_its_json_twin(demo):
    ds = Datasette([demo])
    await ds.invoke_startup()  # 1.0a adds the stored queries at startup
    db = sqlite_utils.Database(demo).conn
    for route in readme_routes():
        path = concrete(route, db)
        for url in (path, path + ".json"):
            response = await ds.client.get(url)
            assert response.status_code == 200, f"README names {route}: {url} answers {response.status_code}"


@pytest.mark.asyncio
async def test_json_twins_have_the_keys_the_readme_lists(demo):
    ds = Datasette([demo])
    db = sqlite_utils.Database(demo).conn
    for name, keys in twin_keys().items():
        data = (await ds.client.get(concrete(TWIN_ROUTES[name], db) + ".json")).json()
        missing = [key for key in keys if key not in data]
        assert not missing, f"the README says the {name} JSON has {missing}"


# ARCHITECTURE.md

def architecture_files() -> list:
    """Every file name ending in .py that ARCHITECTURE.md names, in code or text."""
    return sorted(set(re.findall(r"(?<![\w/])((?:[\w]+/)*\w+\.py)\b", read("ARCHITECTURE.md"))))


def module_file(name: str):
    """Where a named file is: in the package (or one of its sub-packages, whose modules the diagram lists
    by bare name under "ingest/", "match/" and "web/"), or from the repository's root (benchmarks/...)."""
    sub_packages = [os.path.join(ROOT, PACKAGE, sub) for sub in ("ingest", "match", "web")]
    for base in (os.path.join(ROOT, PACKAGE), *sub_packages, ROOT):
        if os.path.exists(os.path.join(base, name)):
            return os.path.relpath(os.path.join(base, name), ROOT)
    return None


def module_of(path: str):
    """The importable module of a package file such as `web/stories.py`."""
    inside = os.path.relpath(os.path.join(ROOT, path), os.path.join(ROOT, PACKAGE))
    return importlib.import_module(PACKAGE + "." + inside[: -len(".py")].replace(os.sep, "."))


def has_name(module, dotted: str) -> bool:
    value = module
    for part in dotted.split("."):
        if not hasattr(value, part):
            return False
        value = getattr(value, part)
    return True


def contract_rows() -> list:
    """(module file, [names]) of the "Module contracts" table: the backticked names of its public column."""
    rows = []
    for module, public in re.findall(r"^\| `([\w/]+\.py)` \| (.*?) \|", read("ARCHITECTURE.md"), re.M):
        public = re.sub(r"yields `[^`]+`", "", public)  # what a call yields (parallel's pmap) is no attribute
        names = [re.match(r"[A-Za-z_][\w.]*", code).group(0) for code in re.findall(r"`([^`]+)`", public)
                 if re.match(r"[A-Za-z_]", code)]
        rows.append((module, names))
    return rows


def test_architecture_names_files_that_exist():
    files = architecture_files()
    assert "sql_views.py" in files and len(files) > 20
    missing = [name for name in files if module_file(name) is None]
    assert not missing, f"ARCHITECTURE.md names files that are not in the repository: {missing}"


def test_architecture_names_functions_that_exist():
    rows = contract_rows()
    assert len(rows) >= 15
    missing = []
    for module_name, names in rows:
        module = module_of(module_file(module_name))
        missing += [f"{module_name}: {name}" for name in names if not has_name(module, name)]
    assert not missing, f"ARCHITECTURE.md's module contracts name what the modules do not have: {missing}"


def test_architecture_names_module_attributes_that_exist():
    """`stories.assign_stories(...)`, `measures.UNITS`, `schema.MATCH_TABLES` and the like, anywhere in the text."""
    text = read("ARCHITECTURE.md")
    modules = {}  # a module's bare name -> its dotted path: the top level, ingest/ and match/ (web/ is named in full)
    for sub in ("", "ingest", "match"):
        for name in os.listdir(os.path.join(ROOT, PACKAGE, sub)):
            if name.endswith(".py") and name != "__init__.py":
                modules[name[:-3]] = ".".join(part for part in (PACKAGE, sub, name[:-3]) if part)
    found = set(re.findall(r"(?<![\w./])(" + "|".join(sorted(modules)) + r")\.([A-Za-z_]\w*)\b", text))
    found = {(m, a) for m, a in found if a not in {"py", "json", "txt"}}
    assert ("stories", "assign_stories") in found and ("load", "parse_article") in found
    missing = [f"{m}.{a}" for m, a in sorted(found) if not has_name(importlib.import_module(modules[m]), a)]
    assert not missing, f"ARCHITECTURE.md names what the modules do not have: {missing}"


def test_every_load_option_the_readme_lists_exists():
    text = read("README.md")
    table = text[text.index("**Options** of `load`"):text.index("### Bad input")]
    options = re.findall(r"^\| `(--[a-z-]+)", table, re.M)
    assert len(options) >= 10
    help_text = CliRunner().invoke(cli, ["crosscheck", "load", "--help"]).output
    assert [o for o in options if o not in help_text] == []
