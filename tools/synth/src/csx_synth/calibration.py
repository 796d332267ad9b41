"""The generator's calibration input (data/priors.yaml), checked against the codebook seeds.

priors.yaml holds what the report does not print (ASSUMPTIONS): shares of unprinted options, industry sizes,
the company x team cross table. It names questions, options and grid items by their harmonized ids; every
id must exist in the codebook, so the codebook stays the only definition of the questionnaire.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from csx.errors import CsxError, Problem
from csx_synth.codebook import Wave

PRIORS_FILE = Path(__file__).parent / "data" / "priors.yaml"
#: how problems name the file (repo-relative)
PRIORS_REL = "tools/synth/src/csx_synth/data/priors.yaml"

Shares = dict[str, float]
SECTIONS = (
    "priors_2025",
    "priors_2023",
    "ai_capability_2025",
    "ai_capability_2023",
    "ai_kpi_impact_2025",
    "industry_size_2025",
    "industry_ai_users_2025",
    "cross_table_2025",
    "top_volume_weight_2025",
)


@dataclass(frozen=True)
class Calibration:
    priors: dict[str, dict[str, Shares]]  # wave_id -> question_id -> option_id -> share
    capability: dict[str, Shares]  # item -> using / using_and_investing / planning_investment
    capability_2023: Shares  # use_scale, planning_shift
    kpi_impact: dict[str, Shares]  # item -> positive / no_impact / negative
    industry_size: dict[str, int]
    industry_ai_users: dict[str, int]  # industries graph 6 does not print
    cross_table: dict[str, dict[str, int]]  # company_size -> cs_team_size -> respondents
    top_volume_weight: Shares


class _Checker:
    """Collects one Problem per id of priors.yaml that the codebook does not define."""

    def __init__(self, waves: dict[str, Wave]) -> None:
        self.waves = waves
        self.problems: list[Problem] = []

    def _problem(self, section: str, rule: str, message: str) -> None:
        self.problems.append(Problem(PRIORS_REL, rule, message, column=section))

    def options(
        self, section: str, wave_id: str, qid: str, values: dict, exact: bool = False, numbers: bool = True
    ) -> None:
        """Every key of `values` is an option of `qid` (exact: and every option has a value)."""
        wave = self.waves[wave_id]
        if qid not in {q.id for q in wave.questions}:
            self._problem(section, "unknown_question", f"wave {wave_id} has no question {qid!r}")
            return
        known = wave.question(qid).option_ids
        for key, value in values.items():
            if key not in known:
                self._problem(section, "unknown_option", f"{qid} of wave {wave_id} has no option {key!r}")
            elif numbers and (isinstance(value, bool) or not isinstance(value, int | float)):
                self._problem(section, "not_a_number", f"{qid} {key}: {value!r}")
        missing = [o for o in known if o not in values] if exact else []
        if missing:
            self._problem(section, "missing_option", f"{qid}: no value for {', '.join(missing)}")

    def items(self, section: str, group: str, values: dict) -> None:
        """The keys of `values` are exactly the 2025 grid's items; the 2023 grid asks none beyond them."""
        items = self.waves["2025"].items(group)
        unknown = [i for i in values if i not in items]
        missing = [i for i in [*items, *self.waves["2023"].items(group)] if i not in values]
        if unknown or missing:
            msg = f"{group} items not in the codebook: {unknown}; without a value: {sorted(set(missing))}"
            self._problem(section, "grid_items", msg)


def _check(raw: dict, waves: dict[str, Wave]) -> list[Problem]:
    c = _Checker(waves)
    for wave_id in ("2025", "2023"):
        for qid, shares in raw[f"priors_{wave_id}"].items():
            c.options(f"priors_{wave_id}", wave_id, qid, shares)
    c.items("ai_capability_2025", "ai_capability", raw["ai_capability_2025"])
    c.items("ai_kpi_impact_2025", "ai_kpi_impact", raw["ai_kpi_impact_2025"])
    for item, shares in raw["ai_capability_2025"].items():
        c.options("ai_capability_2025", "2025", f"ai_capability_{item}", shares)
    for item, shares in raw["ai_kpi_impact_2025"].items():
        c.options("ai_kpi_impact_2025", "2025", f"ai_kpi_impact_{item}", shares, exact=True)
    c.options("industry_size_2025", "2025", "industry", raw["industry_size_2025"], exact=True)
    c.options("industry_ai_users_2025", "2025", "industry", raw["industry_ai_users_2025"])
    c.options("cross_table_2025", "2025", "company_size", raw["cross_table_2025"], exact=True, numbers=False)
    for teams in raw["cross_table_2025"].values():
        c.options("cross_table_2025", "2025", "cs_team_size", teams)
    c.options("top_volume_weight_2025", "2025", "channels_top_volume", raw["top_volume_weight_2025"])
    return c.problems


def _read(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CsxError.single(PRIORS_REL, "invalid_yaml", str(exc).replace("\n", " ")) from None
    missing = [s for s in SECTIONS if not isinstance((raw or {}).get(s), dict)]
    if missing:
        raise CsxError.single(PRIORS_REL, "missing_section", ", ".join(missing))
    return raw


def _merge(base: dict[str, Shares], override: dict[str, Shares]) -> dict[str, Shares]:
    """2023 priors: the 2025 priors with the 2023 overrides applied option by option."""
    return {q: {**base.get(q, {}), **override.get(q, {})} for q in [*base, *override]}


def load_calibration(waves: dict[str, Wave], path: Path = PRIORS_FILE) -> Calibration:
    """priors.yaml, after checking every id it names against the codebook of `waves` (2025 and 2023)."""
    raw = _read(path)
    problems = _check(raw, waves)
    if problems:
        raise CsxError(problems, summary="priors.yaml names ids the codebook seeds do not define")
    return Calibration(
        priors={"2025": raw["priors_2025"], "2023": _merge(raw["priors_2025"], raw["priors_2023"])},
        capability=raw["ai_capability_2025"],
        capability_2023=raw["ai_capability_2023"],
        kpi_impact=raw["ai_kpi_impact_2025"],
        industry_size=raw["industry_size_2025"],
        industry_ai_users=raw["industry_ai_users_2025"],
        cross_table=raw["cross_table_2025"],
        top_volume_weight=raw["top_volume_weight_2025"],
    )
