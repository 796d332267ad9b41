"""`csx synth`: regenerate (or check) every seed file the reconstruction owns."""

from __future__ import annotations

import time

import typer

from csx import paths
from csx.errors import CsxError, Problem
from csx.synth.fit import DEFAULT_SEED


def synth(
    check: bool = typer.Option(
        False, "--check", help="Regenerate in memory; exit 1 listing files that differ."
    ),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed of the numpy Generator (fixed default)."),
) -> None:
    """Regenerate the calibrated synthetic waves, codebook and reference seeds."""
    from csx.synth.evaluate import check_all
    from csx.synth.writers import differing, render_all, write_all

    t0 = time.perf_counter()
    files = render_all(seed)
    if check:
        diff = differing(paths.project_root(), files)
        if diff:
            raise CsxError(
                [
                    Problem(file=rel, rule="synth_check", message="differs from `csx synth` output")
                    for rel in diff
                ],
                summary=f"{len(diff)} file(s) differ; run `csx synth` and commit the result",
            )
        typer.echo(f"synth --check: {len(files)} files up to date ({time.perf_counter() - t0:.1f}s)")
        return
    write_all(paths.project_root(), files)
    checks = check_all(files)
    hit = sum(c.within for c in checks)
    misses = [c for c in checks if not c.within]
    typer.echo(f"wrote {len(files)} files in {time.perf_counter() - t0:.1f}s")
    typer.echo(f"figures within printed precision: {hit}/{len(checks)} ({hit / len(checks):.1%})")
    for c in misses:
        flag = "contradiction" if c.contradiction else "UNEXPLAINED"
        typer.echo(f"  miss {c.figure_id}: printed {c.printed:g}, computed {c.computed:.4f} [{flag}]")


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
