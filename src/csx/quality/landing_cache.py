"""Which seed waves passed the landing checks already, so `csx build` does not re-read unchanged waves.

A seed wave entered the warehouse through `csx wave add` (landing rules + landing suite); `csx build`
re-checks it to catch hand edits. The cache (build/landing-cache.json, never committed) records, per
wave, a fingerprint of what the checks read: the wave file's bytes, the wave's codebook rows, the landing
code. A wave whose fingerprint is recorded as passed is skipped; any change re-checks it. Deleting the
file re-checks everything.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from csx.errors import Problem


def _codebook_rows(path: Path, wave_id: str) -> bytes:
    if not path.exists():
        return b""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle)]
    if not rows or "wave_id" not in rows[0]:
        return b""
    k = rows[0].index("wave_id")
    return json.dumps([rows[0], *[r for r in rows[1:] if len(r) > k and r[k] == wave_id]]).encode()


def _code_digest() -> str:
    import csx.landing
    import csx.quality.landing

    digest = hashlib.sha256()
    roots = [Path(csx.landing.__file__).parent, Path(csx.quality.landing.__file__)]
    for p in sorted(q for r in roots for q in ([r] if r.is_file() else r.rglob("*.py"))):
        digest.update(p.read_bytes())
    return digest.hexdigest()


class LandingCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.passed: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.passed = {}
        self._current: dict[str, str] | None = None

    def current(self) -> dict[str, str]:
        """Fingerprint of every seed wave registered in csx_waves."""
        if self._current is None:
            from csx import paths
            from csx.quality import seed_waves

            code = _code_digest()
            self._current = {}
            for wave in seed_waves():
                if wave.get("storage", "seed") != "seed":
                    continue
                wave_id = wave["wave_id"]
                file = paths.WAVES_DIR / f"wave_{wave_id}.csv"
                digest = hashlib.sha256(code.encode())
                digest.update(file.read_bytes() if file.exists() else b"missing")
                for name in ("codebook_questions.csv", "codebook_options.csv", "waves.csv"):
                    digest.update(_codebook_rows(paths.CODEBOOK_DIR / name, wave_id))
                self._current[wave_id] = digest.hexdigest()
        return self._current

    def unchecked_seed_waves(self) -> list[str]:
        return [w for w, fp in self.current().items() if self.passed.get(w) != fp]

    def check_seed_waves(self) -> list[Problem]:
        """Landing rules on the seed waves not recorded as passed."""
        from csx.quality import landing_checks

        waves = self.unchecked_seed_waves()
        return landing_checks(only=waves)[0] if waves else []

    def record_passed(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.current(), indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)
