"""`vars.csx_waves` in dbt_project.yml, edited as text so comments and every other key stay byte-identical."""

from __future__ import annotations

import re
from dataclasses import dataclass

from csx.errors import CsxError
from csx.waves.layout import Layout


@dataclass(frozen=True)
class WaveEntry:
    wave_id: str
    storage: str
    path: str | None = None

    def yaml_line(self, indent: str) -> str:
        parts = [f'wave_id: "{self.wave_id}"', f"storage: {self.storage}"]
        if self.path:
            parts.append(f'path: "{self.path}"')
        return f"{indent}- {{{', '.join(parts)}}}"


def _csx_waves_block(text: str, file: str) -> tuple[list[str], int, int, str]:
    """Lines of the file, index of the `csx_waves:` key line, index after the last item, item indent."""
    lines = text.splitlines(keepends=True)
    key_idx = None
    key_indent = 0
    in_vars = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            in_vars = stripped.startswith("vars:")
            continue
        if in_vars and re.match(r"csx_waves\s*:\s*(#.*)?$", stripped):
            key_idx, key_indent = i, indent
            break
    if key_idx is None:
        raise CsxError.single(file, "csx_waves", "no block-style `vars: csx_waves:` list found")
    end = key_idx + 1
    item_indent = None
    j = key_idx + 1
    while j < len(lines):
        line = lines[j]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if stripped and not stripped.startswith("#") and indent <= key_indent:
            break
        if stripped.startswith("- "):
            item_indent = " " * indent
            end = j + 1
        elif stripped and not stripped.startswith("#"):
            raise CsxError.single(
                file, "csx_waves", f"line {j + 1}: expected `- {{wave_id: ..., storage: ...}}` items"
            )
        j += 1
    return lines, key_idx, end, item_indent or " " * (key_indent + 2)


def read_wave_entries(layout: Layout) -> list[WaveEntry]:
    import yaml

    file = layout.rel(layout.dbt_project)
    try:
        doc = yaml.safe_load(layout.dbt_project.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CsxError.single(file, "yaml", str(exc).splitlines()[0]) from None
    raw = (doc.get("vars") or {}).get("csx_waves") or []
    out: list[WaveEntry] = []
    for item in raw:
        if not isinstance(item, dict) or "wave_id" not in item:
            raise CsxError.single(file, "csx_waves", f"malformed entry {item!r}")
        out.append(WaveEntry(str(item["wave_id"]), str(item.get("storage", "seed")), item.get("path")))
    return out


def dbt_project_with_wave(text: str, entry: WaveEntry, file: str) -> str:
    lines, _key, end, indent = _csx_waves_block(text, file)
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    nl = "\r\n" if lines[0].endswith("\r\n") else "\n"
    lines.insert(end, entry.yaml_line(indent) + nl)
    return "".join(lines)


def dbt_project_without_wave(text: str, wave_id: str, file: str) -> str:
    lines, key, end, _indent = _csx_waves_block(text, file)
    pat = re.compile(r"^\s*-\s*\{.*\bwave_id:\s*[\"']?" + re.escape(wave_id) + r"[\"']?\s*[,}]")
    hits = [i for i in range(key + 1, end) if pat.match(lines[i])]
    if len(hits) != 1:
        raise CsxError.single(file, "csx_waves", f"expected one `csx_waves` line for wave {wave_id}")
    del lines[hits[0]]
    return "".join(lines)
