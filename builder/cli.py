"""The ``factbook`` command: build, check, serve, ingest."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import build as build_mod
from . import paths, urls
from .issues import DataError, Issue

err = Console(stderr=True, highlight=False)


def print_issues(issues: list[Issue]) -> None:
    for issue in issues:
        click.echo(issue.format(), err=True)
    n = len([i for i in issues if i.severity == "error"])
    if n:
        err.print(f"[bold red]{n} error(s)[/] in the data: nothing was written.")


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False, disable=not err.is_terminal) as progress:
        def start(label: str, total: int) -> Callable[[int], None]:
            task = progress.add_task(label, total=total)
            return lambda n: progress.advance(task, n)
        yield start


@click.group()
@click.version_option(package_name="migration-factbook")
def main() -> None:
    """Build the Migration Fact Book from data/."""


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=paths.DATA,
              show_default=True, help="Folder of the data package.")
def check(data_dir: Path) -> None:
    """Validate every table of the data package; print every problem as path:line:column."""
    catalog, issues = build_mod.check(data_dir)
    print_issues(issues)
    if catalog is None:
        sys.exit(1)
    counts = (f"{len(catalog.countries)} countries, {len(catalog.agencies)} agencies, {len(catalog.themes)} themes, "
              f"{len(catalog.indicators)} indicators, {len(catalog.facts)} facts, {len(catalog.statements)} statements")
    err.print(f"[green]Data valid:[/] {counts}.")


@main.command()
@click.option("--no-site", is_flag=True, help="Only write the generated pages into site_src/; skip MkDocs.")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last build.")
def build(no_site: bool, force: bool) -> None:
    """Check the data, then build the whole site into site/ (nothing is written if the data are invalid)."""
    started = time.perf_counter()
    where = paths.DOCS_DIR if no_site else paths.SITE
    try:
        with progress_bars() as bars:
            site = build_mod.build(build_mod.Options(assemble=not no_site, progress=bars, manifest=urls.MANIFEST,
                                                        redirects=urls.REDIRECTS, skip_unchanged=not force,
                                                        site_url=os.environ.get("SITE_URL") or None))
    except DataError as exc:
        print_issues(exc.issues)
        sys.exit(1)
    if site is None:
        err.print(f"[green]Up to date:[/] nothing changed since the last build of {where} "
                  f"(checked in {time.perf_counter() - started:.1f} s; --force builds anyway).")
        return
    pages = len(site.pages())
    err.print(f"[green]Built[/] {pages} pages and {len(site.charts())} charts into {where} "
              f"in {time.perf_counter() - started:.1f} s.")


@main.command()
@click.option("--port", default=8000, show_default=True)
def serve(port: int) -> None:
    """Preview on http://127.0.0.1:PORT/, rebuilding when data/, templates/ or site_src/ change."""
    from .serve import serve as run

    run(port)


@main.command()
@click.argument("source", type=click.Choice(["all", "countries", "world-atlas", "undesa-ims-2024", "undesa-ims-2020",
                                             "wdi", "unhcr", "wb-income", "wb-bilateral-2017"]))
@click.option("--from", "datasets", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=paths.DATASETS, show_default=True, help="Folder holding the official releases.")
def ingest(source: str, datasets: Path) -> None:
    """Import an official release into tidy tables under data/ (see docs/sources.md)."""
    from .ingest import IMPORTERS, ORDER
    from .ingest.common import IngestError

    names = ORDER if source == "all" else (source,)
    for name in names:
        try:
            written = IMPORTERS[name].run(datasets, paths.DATA)
        except IngestError as exc:
            print_issues(exc.issues)
            sys.exit(1)
        err.print(f"[green]{name}[/]: wrote {len(written)} files.")


if __name__ == "__main__":
    main()
