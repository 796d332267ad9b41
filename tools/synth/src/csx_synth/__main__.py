"""`python -m csx_synth [--check] [--seed N] [--root DIR]` (`make synth`, `make synth-check`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from csx.errors import CsxError, Problem
from csx_synth.codebook import codebook_texts
from csx_synth.evaluate import check_all
from csx_synth.writers import DEFAULT_SEED, differing, render_all, write_all


def _repo_root() -> Path:
    """The checkout this tool lives in: the nearest parent with dbt_project.yml (else the working dir)."""
    here = Path(__file__).resolve()
    return next((p for p in here.parents if (p / "dbt_project.yml").is_file()), Path.cwd())


REPO_ROOT = _repo_root()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m csx_synth",
        description="Regenerate the calibrated synthetic waves and the reference seeds.",
    )
    p.add_argument(
        "--check", action="store_true", help="Regenerate in memory; exit 1 listing files that differ."
    )
    p.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="Seed of the numpy Generator (fixed default)."
    )
    p.add_argument("--root", type=Path, default=REPO_ROOT, help="Repository root (default: this checkout).")
    return p


def check(root: Path, files: dict[str, str]) -> str:
    diff = differing(root, files)
    if diff:
        raise CsxError(
            [
                Problem(file=rel, rule="synth_check", message="differs from `make synth` output")
                for rel in diff
            ],
            summary=f"{len(diff)} file(s) differ; run `make synth` and commit the result",
        )
    return f"synth --check: {len(files)} files up to date"


def write(root: Path, files: dict[str, str]) -> list[str]:
    write_all(root, files)
    checks = check_all({**codebook_texts(root), **files})
    hit = sum(c.within for c in checks)
    lines = [
        f"wrote {len(files)} files",
        f"figures within printed precision: {hit}/{len(checks)} ({hit / len(checks):.1%})",
    ]
    for c in checks:
        if not c.within:
            flag = "contradiction" if c.contradiction else "UNEXPLAINED"
            computed = "nothing" if c.computed is None else f"{c.computed:.4f}"
            lines.append(f"  miss {c.figure_id}: printed {c.printed:g}, computed {computed} [{flag}]")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Exit 0 on success; a user error prints one line per problem and returns 1 (no traceback)."""
    args = _parser().parse_args(argv)
    t0 = time.perf_counter()
    try:
        files = render_all(args.root, args.seed)
        lines = [check(args.root, files)] if args.check else write(args.root, files)
    except CsxError as exc:
        print(exc, file=sys.stderr)
        return 1
    lines[0] += f" ({time.perf_counter() - t0:.1f}s)"
    print(*lines, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
