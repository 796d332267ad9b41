"""Which csx project a command acts on, and where things live in it (docs/architecture.md "Which project").

The project is resolved like dbt resolves its own: the `--project-dir` global option, else the
`CSX_REPO_ROOT` environment variable, else the current directory and its parents up to the first
`dbt_project.yml` whose `name` is `csx`. Never from where the package is installed: an editable
install shared by two checkouts would otherwise write into the wrong one.

Resolution is lazy: `REPO_ROOT`, `SEEDS_DIR`, `WAVES_DIR`, `DBT_PROJECT_FILE`, ... are module
attributes computed on access (`__getattr__`), so `from csx.paths import WAVES_DIR` inside a function
sees the project of the running command. Modules must not capture them at import time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from csx.errors import CsxError

PROJECT_FILE_NAME = "dbt_project.yml"
PROJECT_NAME = "csx"
ENV_VAR = "CSX_REPO_ROOT"

#: name -> path relative to the project root
_RELATIVE = {
    "REPO_ROOT": ".",
    "SEEDS_DIR": "seeds",
    "WAVES_DIR": "seeds/waves",
    "CODEBOOK_DIR": "seeds/codebook",
    "REFERENCE_DIR": "seeds/reference",
    "LANDING_DIR": "seeds/landing",
    "MODELS_DIR": "models",
    "DASHBOARDS_DIR": "dashboards",
    "BUILD_DIR": "build",
    "DBT_PROJECT_FILE": PROJECT_FILE_NAME,
    "CODEBOOK_QUESTIONS": "seeds/codebook/codebook_questions.csv",
    "CODEBOOK_OPTIONS": "seeds/codebook/codebook_options.csv",
    "WAVES_REGISTRY": "seeds/codebook/waves.csv",
    "PUBLISHED_FIGURES": "seeds/reference/published_figures.csv",
    "PUBLISHED_FIGURE_OPTIONS": "seeds/reference/published_figure_options.csv",
}

if TYPE_CHECKING:  # the names `__getattr__` provides
    REPO_ROOT: Path
    SEEDS_DIR: Path
    WAVES_DIR: Path
    CODEBOOK_DIR: Path
    REFERENCE_DIR: Path
    LANDING_DIR: Path
    MODELS_DIR: Path
    DASHBOARDS_DIR: Path
    BUILD_DIR: Path
    DBT_PROJECT_FILE: Path
    CODEBOOK_QUESTIONS: Path
    CODEBOOK_OPTIONS: Path
    WAVES_REGISTRY: Path
    PUBLISHED_FIGURES: Path
    PUBLISHED_FIGURE_OPTIONS: Path

Hook = Callable[[Path, str], None]

_state: dict[str, object] = {"explicit": None, "key": None, "root": None, "how": ""}
_hooks: list[Hook] = []
_seen_roots: set[Path] = set()


def set_project_dir(directory: Path | str | None) -> None:
    """Use `directory` as the project (the `--project-dir` option); None = resolve as usual."""
    _state["explicit"] = Path(directory) if directory is not None else None
    _state["key"] = None


def on_first_use(hook: Hook) -> None:
    """Call `hook(root, how)` once per project root the first time a command uses it."""
    if hook not in _hooks:
        _hooks.append(hook)


def reset() -> None:
    """Forget --project-dir, hooks and the cache (the CLI calls this when a command ends)."""
    set_project_dir(None)
    _hooks.clear()
    _seen_roots.clear()


def is_csx_project(directory: Path) -> bool:
    """True if `directory` holds a dbt_project.yml whose `name` is `csx`."""
    import yaml

    try:
        doc = yaml.safe_load((directory / PROJECT_FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(doc, dict) and doc.get("name") == PROJECT_NAME


def find_project(start: Path) -> Path | None:
    """The first csx project at `start` or above it, or None."""
    start = start.resolve()
    for d in (start, *start.parents):
        if is_csx_project(d):
            return d
    return None


def _checked(directory: Path, how: str) -> Path:
    root = directory.expanduser().resolve()
    if not is_csx_project(root):
        raise CsxError.single(
            str(root), "project", f"not a csx project (no dbt_project.yml with `name: csx`), from {how}"
        )
    return root


def locate_project() -> tuple[Path, str]:
    """(project root, how it was found); CsxError if there is none."""
    explicit = _state["explicit"]
    if isinstance(explicit, Path):
        return _checked(explicit, "--project-dir"), "--project-dir"
    env = os.environ.get(ENV_VAR)
    if env:
        return _checked(Path(env), ENV_VAR), ENV_VAR
    cwd = Path.cwd()
    found = find_project(cwd)
    if found is None:
        raise CsxError.single(
            str(cwd),
            "project",
            f"no csx project here or above (a dbt_project.yml with `name: csx`); run csx inside a "
            f"checkout or pass --project-dir DIR (or set {ENV_VAR})",
        )
    return found, "current directory"


def project_root() -> Path:
    """The project the running command acts on (resolved on each change of option, env or cwd)."""
    key = (_state["explicit"], os.environ.get(ENV_VAR), os.getcwd())
    if _state["key"] != key or _state["root"] is None:
        root, how = locate_project()
        _state.update(key=key, root=root, how=how)
        if root not in _seen_roots:
            _seen_roots.add(root)
            for hook in list(_hooks):
                hook(root, how)
    root = _state["root"]
    assert isinstance(root, Path)
    return root


def how_resolved() -> str:
    """How the current project was found: `--project-dir`, `CSX_REPO_ROOT` or `current directory`."""
    project_root()
    return str(_state["how"])


def __getattr__(name: str) -> Path:
    rel = _RELATIVE.get(name)
    if rel is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    root = project_root()
    return root if rel == "." else root / rel


def __dir__() -> list[str]:
    return sorted([*globals(), *_RELATIVE])


def wave_file(wave_id: str) -> Path:
    return project_root() / "seeds" / "waves" / f"wave_{wave_id}.csv"


#: `s3a://`, `hdfs://`, `abfss://`, `gs://`, `dbfs:/`, `file://`: a URI scheme followed by `:/`
#: (macros/waves.sql `wave_file_path` uses the same pattern)
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")


def wave_location(path: str, root: Path | None = None) -> str:
    """Where an external wave file is, exactly as `wave_file_path` in macros/waves.sql says: a URI with a
    scheme or an absolute path as given, anything else relative to the project root."""
    if _URI_SCHEME.match(path) or path.startswith("/"):
        return path
    return f"{root or project_root()}/{path}"


def local_file(location: str) -> Path | None:
    """The local file of a wave location (a path or `file:` URI); None for remote storage (s3a, hdfs...)."""
    if location.startswith("file:"):
        from urllib.parse import unquote, urlparse

        parsed = urlparse(location)
        if parsed.netloc not in ("", "localhost"):
            return None
        return Path(unquote(parsed.path))
    if _URI_SCHEME.match(location):
        return None
    return Path(location)


def warehouse_path() -> Path:
    """The published warehouse: $CSX_WAREHOUSE or warehouse.duckdb at the project root."""
    root = project_root()
    p = Path(os.environ.get("CSX_WAREHOUSE", root / "warehouse.duckdb"))
    return p if p.is_absolute() else (root / p).resolve()
