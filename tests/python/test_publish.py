"""Write-audit-publish: failures and SIGKILL never touch the published file; readers survive; determinism."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from csx.errors import CsxError
from csx.publish import build

pytestmark = pytest.mark.slow


def _copy(src: Path, dst: Path) -> Path:
    con = duckdb.connect(str(src))
    con.execute("checkpoint")
    con.close()
    shutil.copyfile(src, dst)
    return dst


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def marts_hashes(path: Path) -> dict[str, tuple[int, int]]:
    """Order-independent content hash per marts table (doubles rounded to 9 decimals: the sum order of a
    parallel aggregate may move the last bits)."""
    con = duckdb.connect(str(path), read_only=True)
    out: dict[str, tuple[int, int]] = {}
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' "
                "and table_name <> 'data_quality_results' order by 1"
            ).fetchall()
        ]
        for t in tables:
            cols = con.execute(
                "select column_name, data_type from information_schema.columns "
                f"where table_schema = 'marts' and table_name = '{t}' order by ordinal_position"
            ).fetchall()
            exprs = [f'round("{c}", 9)' if d in ("DOUBLE", "FLOAT") else f'"{c}"' for c, d in cols]
            n, h = con.execute(
                f"select count(*), coalesce(sum(hash(row({', '.join(exprs)}))::hugeint), 0) from marts.{t}"
            ).fetchone()
            out[t] = (int(n), int(h))
    finally:
        con.close()
    return out


@pytest.fixture
def published(built_warehouse: Path, tmp_path: Path) -> Path:
    """An 'old' published warehouse (a marker table makes it distinguishable)."""
    p = (
        _copy(built_warehouse, tmp_path / "pub" / "warehouse.duckdb")
        if (tmp_path / "pub").mkdir() is None
        else None
    )
    assert p is not None
    con = duckdb.connect(str(p))
    con.execute("create table main.publish_marker as select 'old' as v")
    con.execute("checkpoint")
    con.close()
    return p


def _fake_dbt(built: Path, *statements: str):  # type: ignore[no-untyped-def]
    def run(staging: Path, full_refresh: bool) -> None:
        _copy(built, staging)
        con = duckdb.connect(str(staging))
        for s in statements:
            con.execute(s)
        con.close()

    return run


def test_failing_suite_does_not_publish(built_warehouse: Path, published: Path, tmp_path: Path) -> None:
    before = _digest(published)
    with pytest.raises(CsxError) as exc:
        build(
            published=published,
            build_dir=tmp_path / "build",
            skip_landing=True,
            skip_dashboards=True,
            data_docs=tmp_path / "docs",
            dbt=_fake_dbt(
                built_warehouse, "update marts.fct_respondent_scores set cx_score = 9 where rowid = 0"
            ),
        )
    assert any("marts.fct_respondent_scores" in str(p) and "cx_score" in str(p) for p in exc.value.problems)
    assert "nothing published" in exc.value.summary
    assert _digest(published) == before
    assert not list((tmp_path / "build" / "staging").glob("*.duckdb*"))  # failed staging file removed
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("select v from main.publish_marker").fetchone() == ("old",)
    con.close()


def test_publish_replaces_atomically_and_old_reader_keeps_working(
    built_warehouse: Path, published: Path, tmp_path: Path
) -> None:
    reader = duckdb.connect(str(published), read_only=True)
    n_before = reader.execute("select count(*) from marts.fct_respondent_scores").fetchone()
    res = build(
        published=published,
        build_dir=tmp_path / "build",
        skip_landing=True,
        skip_dashboards=True,
        data_docs=tmp_path / "docs",
        dbt=_fake_dbt(built_warehouse),
    )
    assert res.published == published and res.expectations > 0
    # the reader opened before publish still sees the old file, fully readable
    assert reader.execute("select count(*) from marts.fct_respondent_scores").fetchone() == n_before
    assert reader.execute("select v from main.publish_marker").fetchone() == ("old",)
    reader.close()
    con = duckdb.connect(str(published), read_only=True)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "publish_marker" not in tables and "data_quality_results" in tables
    assert con.execute("select bool_and(success) from marts.data_quality_results").fetchone() == (True,)
    con.close()
    assert (tmp_path / "docs" / "index.html").exists()


def test_sigkill_during_build_leaves_published_file_untouched(published: Path, tmp_path: Path) -> None:
    from csx.paths import BUILD_DIR

    before = _digest(published)
    env = {**os.environ, "CSX_WAREHOUSE": str(published)}
    csx = Path(sys.executable).with_name("csx")
    staging = BUILD_DIR / "staging" / published.name
    proc = subprocess.Popen(
        [str(csx), "build", "--skip-dashboards", "--full-refresh", "--warehouse", str(published)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:  # kill as soon as dbt writes the staging file
            if staging.exists() and staging.stat().st_size > 0:
                time.sleep(1.0)
                break
            time.sleep(0.1)
        assert proc.poll() is None, "build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert _digest(published) == before
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("select v from main.publish_marker").fetchone() == ("old",)
    con.close()
    # the next build starts from a clean staging copy and publishes
    res = subprocess.run(
        [str(csx), "build", "--skip-dashboards", "--warehouse", str(published)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert _digest(published) != before


def test_incremental_build_rebuilds_only_changed_waves(built_warehouse: Path, tmp_path: Path) -> None:
    """A second build copies the published warehouse and rebuilds no wave (fingerprints unchanged): the
    per-wave tables keep their rows, the marts are identical, and every relation is queryable in a new
    process."""
    target = tmp_path / "pub" / "warehouse.duckdb"
    first = build(
        published=target, build_dir=tmp_path / "build", skip_dashboards=True, data_docs=tmp_path / "d1"
    )
    assert first.full_refresh
    hashes = marts_hashes(target)
    second = build(
        published=target, build_dir=tmp_path / "build", skip_dashboards=True, data_docs=tmp_path / "d2"
    )
    assert not second.full_refresh
    assert marts_hashes(target) == hashes
    code = (
        "import duckdb, sys\n"
        f"con = duckdb.connect({str(target)!r}, read_only=True)\n"
        "rels = con.execute('select table_schema, table_name from information_schema.tables').fetchall()\n"
        'for s, t in rels: con.execute(f\'select * from "{s}"."{t}" limit 1\').fetchall()\n'
        "print(len(rels))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 40


def test_real_build_publishes_and_is_deterministic(built_warehouse: Path, tmp_path: Path) -> None:
    """A full `csx build` (landing, dbt, GX, publish) from the same seeds reproduces every marts table."""
    target = tmp_path / "pub" / "warehouse.duckdb"
    res = build(
        published=target, build_dir=tmp_path / "build", skip_dashboards=True, data_docs=tmp_path / "docs"
    )
    assert target.exists() and res.expectations > 100
    first, second = marts_hashes(built_warehouse), marts_hashes(target)
    assert first.keys() == second.keys() and len(first) >= 16
    diff = {t for t in first if first[t] != second[t]}
    assert not diff, diff
