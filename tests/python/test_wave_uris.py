"""Wave paths as URIs: macros/waves.sql `wave_file_path` and its Python twin `csx.paths.wave_location` keep
any scheme (s3a, hdfs, abfss, gs, dbfs, file) and absolute paths as given and put the project root in front
of anything else; `local_file` tells a local file from remote storage (`csx wave remove` deletes only local
files).
The macro is rendered with Jinja exactly as written, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csx.paths import REPO_ROOT, local_file, wave_location

ROOT = Path("/srv/csx project")

KEPT = [
    "s3a://bucket/waves/wave_2026.parquet",
    "s3://bucket/wave_2026.csv",
    "hdfs://namenode:8020/csx/wave_2026.parquet",
    "abfss://waves@account.dfs.core.windows.net/wave_2026.parquet",
    "gs://bucket/wave.parquet",
    "dbfs:/mnt/csx/wave_2026.parquet",
    "file:///data/wave_2026.parquet",
    "file:/data/wave_2026.parquet",
    "/data/waves/wave_2026.parquet",
]
RELATIVE = ["data/waves/wave_2026.parquet", "wave.csv", "./data/w.parquet", "s3a/not-a-scheme.parquet"]


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


def _raise_return(value: Any) -> None:
    raise _Return(value)


@cache
def _macro(root: Path) -> Any:
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    env.globals.update(
        {
            "return": _raise_return,
            "modules": SimpleNamespace(re=re),
            "env_var": lambda name, default=None: default,  # CSX_REPO_ROOT unset: the project directory
            "csx": SimpleNamespace(project_root_dir=lambda: str(root)),
        }
    )
    source = (REPO_ROOT / "macros" / "waves.sql").read_text(encoding="utf-8")
    module = env.from_string(source).module

    def render(path: str) -> str:
        try:
            module.wave_file_path(path)
        except _Return as ret:
            return str(ret.value)
        raise AssertionError("wave_file_path returned nothing")

    return render


@pytest.mark.parametrize("path", KEPT)
def test_uris_and_absolute_paths_are_used_as_given(path: str) -> None:
    assert wave_location(path, ROOT) == path
    assert _macro(ROOT)(path) == path


@pytest.mark.parametrize("path", RELATIVE)
def test_relative_paths_are_under_the_project(path: str) -> None:
    assert wave_location(path, ROOT) == f"{ROOT}/{path}"
    assert _macro(ROOT)(path) == f"{ROOT}/{path}"


_SCHEME = st.from_regex(r"[A-Za-z][A-Za-z0-9+.-]{0,8}", fullmatch=True)
_SEGMENT = st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters="-_. "), min_size=1)


@given(scheme=_SCHEME, slashes=st.sampled_from([":/", "://", ":///"]), rest=_SEGMENT)
def test_any_scheme_is_kept(scheme: str, slashes: str, rest: str) -> None:
    uri = f"{scheme}{slashes}{rest}"
    assert wave_location(uri, ROOT) == uri
    assert _macro(ROOT)(uri) == uri


@given(path=st.one_of(_SEGMENT, st.builds(lambda a, b: f"{a}/{b}", _SEGMENT, _SEGMENT), _SCHEME))
def test_macro_and_python_agree(path: str) -> None:
    assert _macro(ROOT)(path) == wave_location(path, ROOT)
    if not path.startswith("/") and ":/" not in path:
        assert wave_location(path, ROOT).startswith(f"{ROOT}/")


def test_local_file_tells_local_from_remote() -> None:
    assert local_file("/data/w.parquet") == Path("/data/w.parquet")
    assert local_file("file:///data/my%20w.parquet") == Path("/data/my w.parquet")
    assert local_file("file://localhost/data/w.parquet") == Path("/data/w.parquet")
    for remote in ("s3a://b/w.parquet", "hdfs://nn/w.parquet", "dbfs:/mnt/w.parquet", "file://otherhost/w"):
        assert local_file(remote) is None
