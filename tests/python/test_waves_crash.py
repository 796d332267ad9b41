"""Issue 8 item 3: `csx wave add` / `remove` killed (SIGKILL) at every step of their commit leave every file
fully old or fully new once the next csx command has run.

Each kill happens in a child process (multiprocessing `forkserver`: a server process imports csx once and
forks one child per case, so a case costs a fork, not an interpreter start). The child runs the real CLI
entry point with `CSX_FAULT_AT=<step>`, which SIGKILLs it when the transaction reaches that step; the
list of steps is recorded from an uninterrupted run (`CSX_FAULT_TRACE`), so every step is covered,
including any added later. The next command is `csx wave list` (any command that touches the project
recovers it), run through the CLI.
"""

from __future__ import annotations

import multiprocessing
import shutil
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from csx.paths import REPO_ROOT
from csx.waves.journal import FAULT_ENV, TRACE_ENV
from fixtures.crash import run_cli
from fixtures.landing import shipped

pytestmark = pytest.mark.slow
WAVE = "2027"


@pytest.fixture(scope="module")
def ctx() -> Iterator[multiprocessing.context.BaseContext]:
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(["csx.cli", "csx.waves", "csx.landing", "fixtures.crash"])
    yield mp


def _child(mp: multiprocessing.context.BaseContext, argv: list[str], env: dict[str, str]) -> int:
    p = mp.Process(target=run_cli, args=(argv, env))  # type: ignore[attr-defined]
    p.start()
    p.join(timeout=300)
    assert p.exitcode is not None, "child hung"
    return int(p.exitcode)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(pristine project, export with one quarantined row, codebook dir)."""
    base = tmp_path_factory.mktemp("crash")
    root = shipped.project_copy(REPO_ROOT, base / "pristine")
    cb = shipped.codebook_as(REPO_ROOT, WAVE, base / "cb")
    lines = shipped.wave_lines(REPO_ROOT)
    cells = lines[7].rstrip("\n").split(",")
    cells[2] = "99"  # not an option code: quarantined, so the quarantine seed is written too
    lines[7] = ",".join(cells) + "\n"
    export = base / "export.csv"
    export.write_text("".join(lines), encoding="utf-8")
    return root, export, cb


def _add_argv(root: Path, export: Path, cb: Path) -> list[str]:
    return [
        "--project-dir",
        str(root),
        "wave",
        "add",
        WAVE,
        "--responses",
        str(export),
        "--codebook",
        str(cb),
    ]


def _remove_argv(root: Path) -> list[str]:
    return ["--project-dir", str(root), "wave", "remove", WAVE]


def _steps(mp: multiprocessing.context.BaseContext, argv: list[str], trace: Path) -> list[str]:
    assert _child(mp, argv, {TRACE_ENV: str(trace)}) == 0
    return trace.read_text(encoding="utf-8").split()


def _next_command(mp: multiprocessing.context.BaseContext, root: Path) -> None:
    assert _child(mp, ["--project-dir", str(root), "wave", "list"], {}) == 0


def _kill_and_recover(
    mp: multiprocessing.context.BaseContext, src: Path, work: Path, argv_for: object, step: str
) -> dict[str, str]:
    root = work / step.replace("/", "_").replace(":", "-")
    shutil.copytree(src, root)
    code = _child(mp, argv_for(root), {FAULT_ENV: step})  # type: ignore[operator]
    assert code == -signal.SIGKILL, f"{step}: exit {code}, the fault did not fire"
    _next_command(mp, root)
    return shipped.snapshot(root)


def _run_all(
    mp: multiprocessing.context.BaseContext, src: Path, work: Path, argv_for: object, steps: list[str]
) -> dict[str, dict[str, str]]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        snaps = pool.map(lambda s: _kill_and_recover(mp, src, work, argv_for, s), steps)
        return dict(zip(steps, snaps, strict=True))


def _check(outcomes: dict[str, dict[str, str]], old: dict[str, str], new: dict[str, str]) -> None:
    bad = [step for step, snap in outcomes.items() if snap not in (old, new)]
    assert not bad, f"neither fully old nor fully new after a kill at: {bad}"
    rolled_back = [s for s, snap in outcomes.items() if snap == old]
    rolled_forward = [s for s, snap in outcomes.items() if snap == new]
    assert rolled_back and rolled_forward  # both recoveries were exercised
    first_forward = min(list(outcomes).index(s) for s in rolled_forward)
    assert list(outcomes)[first_forward] == "journal:commit"  # the commit point is where it flips
    assert all(list(outcomes).index(s) < first_forward for s in rolled_back)


def test_add_and_remove_killed_at_every_step(
    ctx: multiprocessing.context.BaseContext, inputs: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    pristine, export, cb = inputs
    old = shipped.snapshot(pristine)
    added = tmp_path / "added"
    shutil.copytree(pristine, added)
    add_steps = _steps(ctx, _add_argv(added, export, cb), tmp_path / "add.trace")
    new = shipped.snapshot(added)
    assert new != old and f"seeds/waves/wave_{WAVE}.csv" in new
    assert {s.split(":")[0] for s in add_steps} == {
        "register",
        "stage",
        "backup",
        "journal",
        "apply",
        "cleanup",
    }
    assert "stage:seeds/landing/quarantined_rows.csv" in add_steps

    removed = tmp_path / "removed"
    shutil.copytree(added, removed)
    remove_steps = _steps(ctx, _remove_argv(removed), tmp_path / "remove.trace")
    assert shipped.snapshot(removed) == old  # add + remove = byte-identical

    outcomes = _run_all(ctx, pristine, tmp_path / "kill-add", lambda r: _add_argv(r, export, cb), add_steps)
    _check(outcomes, old, new)
    outcomes = _run_all(ctx, added, tmp_path / "kill-remove", _remove_argv, remove_steps)
    _check(outcomes, new, old)
    print(f"killed at {len(add_steps)} add steps and {len(remove_steps)} remove steps", file=sys.stderr)
