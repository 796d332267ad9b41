"""Render the dbt lineage (seeds -> staging -> intermediate -> marts) as a Mermaid diagram.

Usage: python scripts/lineage.py [--manifest target/manifest.json] [--doc docs/models.md]
Run `dbt parse` first; `make docs` does both. The diagram replaces the block between the
`<!-- lineage:start -->` and `<!-- lineage:end -->` markers of docs/models.md.
tests/python/test_docs.py checks the committed diagram is current.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

LAYERS = [
    ("seed", "raw (seeds)"),
    ("staging", "staging"),
    ("intermediate", "intermediate"),
    ("marts", "marts"),
    ("exposure", "dashboards (exposures)"),
]


def layer_of(node: dict) -> str:
    if node["resource_type"] == "seed":
        return "seed"
    if node["resource_type"] == "exposure":
        return "exposure"
    parts = node.get("fqn", [])
    for name in ("staging", "intermediate", "marts"):
        if name in parts:
            return name
    return "other"


def render(manifest: dict) -> str:
    nodes = {
        uid: n
        for uid, n in {**manifest["nodes"], **manifest.get("exposures", {})}.items()
        if n["resource_type"] in {"model", "seed", "exposure"}
    }
    lines = ["```mermaid", "flowchart LR"]
    for key, title in LAYERS:
        members = sorted(uid for uid, n in nodes.items() if layer_of(n) == key)
        if not members:
            continue
        lines.append(f'  subgraph {key}["{title}"]')
        lines.extend(f"    {uid.replace('.', '_')}[{nodes[uid]['name']}]" for uid in members)
        lines.append("  end")
    edges = sorted(
        (parent, uid)
        for uid, n in nodes.items()
        for parent in n.get("depends_on", {}).get("nodes", [])
        if parent in nodes
    )
    lines.extend(f"  {p.replace('.', '_')} --> {c.replace('.', '_')}" for p, c in edges)
    lines.append("```")
    return "\n".join(lines) + "\n"


START, END = "<!-- lineage:start -->", "<!-- lineage:end -->"


def replace_block(text: str, diagram: str) -> str:
    """Put the diagram between the document's lineage markers."""
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"no {START} ... {END} block in the document")
    return f"{head}{START}\n{diagram}{END}{tail}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--manifest", default="target/manifest.json")
    ap.add_argument("--doc", default="docs/models.md")
    args = ap.parse_args()
    manifest = json.loads(Path(args.manifest).read_text(encoding="utf-8"))
    doc = Path(args.doc)
    doc.write_text(replace_block(doc.read_text(encoding="utf-8"), render(manifest)), encoding="utf-8")
    print(f"updated the lineage diagram in {doc}")


if __name__ == "__main__":
    main()
