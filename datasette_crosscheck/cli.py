"""`datasette crosscheck load|match`: the command-line entry points, added through register_commands."""

import contextlib
import sqlite3
import sys

import click
import sqlite_utils

from . import passes, progress


def add_commands(cli):
    cli.add_command(crosscheck)


@click.group(help="Load news articles and cross-check what several outlets say.")
def crosscheck():
    pass


def match_options(fn):
    """Options shared by `load` (which matches at the end) and `match`."""
    options = [
        click.option("--threshold", type=float, help="Minimum match score, 0-100 (default: calibrated)."),
        click.option("--any-articles", is_flag=True, help="Also match sentences of two articles of the same outlet."),
        click.option("--include-boilerplate", is_flag=True, help="Also match sentences flagged as boilerplate."),
        click.option("--aliases", type=click.Path(exists=True, dir_okay=False), help="Extra name aliases: one group per line, canonical name first, separated by |."),
        click.option("--date-window", type=int, help="Only match articles published at most this many days apart."),
        click.option("--workers", type=int, help="Worker processes (default: one per core)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@crosscheck.command()
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@click.option("--outlet", help="Outlet name for every article loaded (overrides what the files say).")
@click.option("--replace", is_flag=True, help="Update articles whose input changed since they were loaded.")
@click.option("--no-match", is_flag=True, help="Only load; do not match statements afterwards.")
@click.option("--max-article-mb", type=float, default=20, show_default=True, help="Refuse articles larger than this.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (no progress bars either; they show only on a terminal).")
@match_options
def load(database, paths, outlet, replace, no_match, max_article_mb, quiet, **match_kwargs):
    """Load article files and folders (txt, md, html, jsonl, json, csv) into DATABASE."""
    with _writing(database) as db, progress.shown(not quiet):
        _load(db, paths, outlet, replace, no_match, max_article_mb, quiet, **match_kwargs)


def _load(db, paths, outlet, replace, no_match, max_article_mb, quiet, **match_kwargs):
    from .ingest.load import load_paths

    report = load_paths(
        db, paths, outlet=outlet, replace=replace, max_bytes=int(max_article_mb * 1024 * 1024),
        workers=match_kwargs["workers"],
    )
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if not quiet:
        for source in report.changed:
            click.echo(f"changed: {source} (left as it was; use --replace to update it)", err=True)
        for text in report.duplicates:
            click.echo(f"duplicate: {text}", err=True)
        click.echo(
            f"{len(report.loaded)} articles loaded, {len(report.replaced)} replaced, "
            f"{report.unchanged} unchanged, {len(report.errors)} errors"
        )
    if not no_match:
        todo = passes.pending(db.conn, passes.MATCH)  # this run's articles, and any a killed run left
        earlier = len(set(todo) - set(report.touched))
        if earlier and not quiet:
            click.echo(f"{earlier} articles loaded earlier are not matched yet: matching them too")
        if todo:
            _run_match(db, quiet, new_articles=todo, **match_kwargs)
    if report.errors:
        sys.exit(1)


@crosscheck.command()
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (no progress bars either; they show only on a terminal).")
@match_options
def match(database, quiet, **match_kwargs):
    """Match statements across outlets in DATABASE again, from scratch (and finish what a load
    that was stopped left to do)."""
    with _writing(database) as db, progress.shown(not quiet):
        if not db["sentences"].exists():
            raise click.ClickException(f"{database} has no sentences: run `datasette crosscheck load {database} FILES` first")
        _run_match(db, quiet, new_articles=None, **match_kwargs)


@contextlib.contextmanager
def _writing(database):
    """The database, opened for this run under its writer lock: a second `load` or `match` waits
    for the first to finish (locking.py). When another program holds SQLite's own lock for too long,
    the run stops with a message; the step it was in is rolled back, and the next run does it."""
    from .locking import writer_lock

    with writer_lock(database, lambda message: click.echo(message, err=True)):
        db = sqlite_utils.Database(database)
        try:
            yield db
        except sqlite3.OperationalError as ex:
            if "locked" not in str(ex) and "busy" not in str(ex):
                raise
            raise click.ClickException(
                f"{database} is locked by another program ({ex}); what this run had not finished was rolled "
                "back: run it again when that program is done"
            ) from None
        finally:
            db.conn.close()


def _run_match(db, quiet, new_articles, **kwargs):
    from .match.pipeline import MatchOptions, match_database

    options = MatchOptions.from_cli(**kwargs)
    summary = match_database(db, options, new_articles=new_articles)
    if not quiet:
        click.echo(summary)
