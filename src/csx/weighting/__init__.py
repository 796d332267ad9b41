"""Survey weighting: schemes as data, raking before dbt runs (docs/weighting.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    weights = typer.Typer(help="Survey weights (docs/weighting.md).", no_args_is_help=True)

    @weights.command("compute")
    def compute(
        out_dir: Annotated[
            Path | None,
            typer.Option("--out-dir", help="Write here instead of $CSX_WEIGHTS_DIR / build/weights."),
        ] = None,
    ) -> None:
        """Rake every wave to every scheme's margins; write the files the dbt sources read."""
        from csx import paths
        from csx.weighting.compute import write_weights

        target, runs = write_weights(paths.REPO_ROOT, out_dir)
        for run in runs.itertuples():
            typer.echo(
                f"{run.weighting_scheme:<20} wave {run.wave_id}: {run.iterations} iterations, "
                f"max margin error {run.max_margin_error:.2g}"
            )
        typer.echo(f"weights written to {target}")

    app.add_typer(weights, name="weights")
