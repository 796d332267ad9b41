"""Crash-safe multi-file changes (`csx wave add/remove`): an intent journal, rolled forward or back.

A change to several project files is made in three phases (docs/adding_a_wave.md "Crash safety"):

1. **staging** — the journal `.csx-journal.json` (state `staging`) lists every target before anything
   is written; each new version is written and fsynced next to its target (`<file>.csx-staged`).
2. **commit point** — every existing target gets a hard-link backup (`<file>.csx-backup`, the old
   inode), then the journal is atomically replaced by one in state `commit`.
3. **apply** — each staged file is renamed onto its target (deleted targets are unlinked), backups
   and the journal are removed.

Any csx command that touches the project first calls `recover`: a journal in state `staging` (or
`rollback`) is rolled back — staged files deleted, backups renamed back — and one in state `commit`
is rolled forward. Every step is an idempotent rename or unlink, so a crash during recovery is
recovered the same way. After recovery every file is byte-identical to before or after the change.
An error inside the process after the commit point (e.g. a rename refused) rolls back instead.
The project directory is `flock`ed for the duration, so concurrent commands wait rather than interleave.

`CSX_FAULT_AT=<step>` SIGKILLs the process when it reaches that step and `CSX_FAULT_TRACE=<file>`
appends every step's name to a file: the test hooks that prove the above for every step.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from csx.errors import CsxError

JOURNAL_NAME = ".csx-journal.json"
STAGE_SUFFIX = ".csx-staged"
BACKUP_SUFFIX = ".csx-backup"
FAULT_ENV = "CSX_FAULT_AT"
TRACE_ENV = "CSX_FAULT_TRACE"


def fault_point(step: str) -> None:
    """Test hook: record the step (CSX_FAULT_TRACE) and die here if CSX_FAULT_AT names it."""
    trace = os.environ.get(TRACE_ENV)
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            fh.write(step + "\n")
    if os.environ.get(FAULT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_path(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_HELD: set[Path] = set()  # project roots this process has locked (flock is not re-entrant)


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Exclusive lock on the project directory (released by the kernel if the process dies)."""
    key = Path(root).resolve()
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.add(key)
        yield
    finally:
        _HELD.discard(key)
        os.close(fd)


@dataclass
class Entry:
    target: str  # path relative to the project root
    action: str  # "write" | "delete"
    existed: bool


@dataclass
class Journal:
    operation: str
    state: str = "staging"  # staging | commit | rollback
    entries: list[Entry] = field(default_factory=list)
    created_dirs: list[str] = field(default_factory=list)

    def save(self, root: Path) -> None:
        """Atomically replace the journal file (write, fsync, rename, fsync the directory)."""
        path = root / JOURNAL_NAME
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump({"version": 1, **asdict(self)}, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_path(root)

    @classmethod
    def load(cls, root: Path) -> Journal | None:
        path = root / JOURNAL_NAME
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise CsxError.single(
                str(path), "journal", f"unreadable ({exc}); restore the files with git"
            ) from None
        entries = [Entry(**e) for e in doc.get("entries", [])]
        return cls(doc["operation"], doc["state"], entries, list(doc.get("created_dirs", [])))


def _paths(root: Path, e: Entry) -> tuple[Path, Path, Path]:
    target = root / e.target
    return target, target.with_name(target.name + STAGE_SUFFIX), target.with_name(target.name + BACKUP_SUFFIX)


def _roll_forward(root: Path, j: Journal) -> None:
    for e in j.entries:
        target, staged, _backup = _paths(root, e)
        if e.action == "write" and staged.exists():
            os.replace(staged, target)
        elif e.action == "delete":
            target.unlink(missing_ok=True)
        fault_point(f"apply:{e.target}")
    for d in sorted({(root / e.target).parent for e in j.entries}):
        if d.exists():
            _fsync_path(d)
    for e in j.entries:
        _paths(root, e)[2].unlink(missing_ok=True)
    fault_point("cleanup:backups")
    for e in j.entries:
        if e.action == "delete":
            _remove_empty_parents(root, (root / e.target).parent)
    _remove_journal(root)
    fault_point("journal:removed")


def _roll_back(root: Path, j: Journal) -> None:
    for e in reversed(j.entries):
        target, staged, backup = _paths(root, e)
        if backup.exists():
            _restore(backup, target)
        elif not e.existed:
            target.unlink(missing_ok=True)
        staged.unlink(missing_ok=True)
    for d in reversed(j.created_dirs):
        with contextlib.suppress(OSError):
            (root / d).rmdir()
    _remove_journal(root)


def _restore(backup: Path, target: Path) -> None:
    """Put the old version back. rename() of two links to one inode is a no-op: drop the link then."""
    if target.exists() and os.path.samefile(backup, target):
        backup.unlink()
    else:
        os.replace(backup, target)


def _remove_journal(root: Path) -> None:
    (root / JOURNAL_NAME).unlink(missing_ok=True)
    (root / (JOURNAL_NAME + ".tmp")).unlink(missing_ok=True)
    _fsync_path(root)


def _remove_empty_parents(root: Path, d: Path) -> None:
    while d != root and d.is_dir() and not any(d.iterdir()):
        d.rmdir()
        d = d.parent


def _recover_locked(root: Path) -> str | None:
    j = Journal.load(root)
    if j is None:
        return None
    if j.state == "commit":
        _roll_forward(root, j)
        return f"finished an interrupted `{j.operation}` (rolled forward)"
    _roll_back(root, j)
    return f"undid an interrupted `{j.operation}` (rolled back)"


def recover(root: Path) -> str | None:
    """Finish or undo an interrupted change in `root`; a message saying which, or None if none."""
    root = Path(root)
    if not (root / JOURNAL_NAME).exists() or root.resolve() in _HELD:  # none, or it is our own
        return None
    with project_lock(root):
        return _recover_locked(root)


class Transaction:
    """Stage writes and deletes under `root`; `commit` makes them all visible, or none (see module doc)."""

    def __init__(self, root: Path, operation: str) -> None:
        self.root = root
        self.journal = Journal(operation)

    def _rel(self, target: Path) -> str:
        return str(Path(target).relative_to(self.root))

    def _mkdir(self, d: Path) -> None:
        missing = []
        while not d.exists():
            missing.append(d)
            d = d.parent
        for m in reversed(missing):
            self.journal.created_dirs.append(self._rel(m))
            self.journal.save(self.root)
            m.mkdir()
            fault_point(f"mkdir:{self._rel(m)}")

    def _register(self, target: Path, action: str) -> Entry:
        rel = self._rel(target)
        entry = next((e for e in self.journal.entries if e.target == rel), None)
        if entry is None:
            entry = Entry(rel, action, target.exists())
            self.journal.entries.append(entry)
            self.journal.save(self.root)
            fault_point(f"register:{rel}")
        return entry

    def staged_path(self, target: Path) -> Path:
        """A path next to target for any writer (e.g. DuckDB COPY); moved in at commit."""
        self._mkdir(target.parent)
        self._register(target, "write")
        staged = _paths(self.root, Entry(self._rel(target), "write", False))[1]
        staged.unlink(missing_ok=True)
        return staged

    def staged_done(self, target: Path) -> None:
        """An external writer finished the staged file of `target`."""
        fault_point(f"stage:{self._rel(target)}")

    def write_text(self, target: Path, text: str) -> None:
        staged = self.staged_path(target)
        with staged.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        self.staged_done(target)

    def delete(self, target: Path) -> None:
        self._register(target, "delete")

    def abort(self) -> None:
        _roll_back(self.root, self.journal)

    def _prepare(self) -> None:
        """Everything before the commit point: staged files durable, backups of the old versions."""
        for e in self.journal.entries:
            target, staged, backup = _paths(self.root, e)
            if e.action == "write":
                if not staged.exists():
                    raise CsxError.single(str(staged), "journal", "staged file missing; nothing was changed")
                _fsync_path(staged)
            if e.existed:
                backup.unlink(missing_ok=True)
                try:
                    os.link(target, backup)  # the old inode, no copy
                except OSError:  # a filesystem without hard links
                    shutil.copy2(target, backup)
                    _fsync_path(backup)
                fault_point(f"backup:{e.target}")

    def commit(self) -> None:
        try:
            self._prepare()
        except BaseException:
            self.abort()
            raise
        self.journal.state = "commit"
        self.journal.save(self.root)
        fault_point("journal:commit")
        try:
            _roll_forward(self.root, self.journal)
        except BaseException:
            self.journal.state = "rollback"
            self.journal.save(self.root)
            _roll_back(self.root, self.journal)
            raise


@contextmanager
def transaction(root: Path, operation: str) -> Iterator[Transaction]:
    """Lock the project, finish any interrupted change, then stage and commit one change."""
    root = Path(root)
    with project_lock(root):
        _recover_locked(root)
        tx = Transaction(root, operation)
        try:
            yield tx
        except BaseException:
            tx.abort()
            raise
        tx.commit()
