"""csx synth: determinism, committed seeds up to date, fit quality, codebook integrity, CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from csx.cli import app
from csx.errors import CsxError
from csx.paths import REPO_ROOT
from csx.synth.evaluate import check_all, read_csv_text
from csx.synth.writers import OWNED_FILES, render_all

runner = CliRunner()


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_all()


@pytest.fixture(scope="module")
def committed() -> dict[str, str]:
    return {rel: (REPO_ROOT / rel).read_text(encoding="utf-8") for rel in OWNED_FILES}


def test_two_runs_are_byte_identical(rendered: dict[str, str]) -> None:
    again = render_all()
    assert list(again) == list(rendered)
    for rel, text in rendered.items():
        assert again[rel].encode("utf-8") == text.encode("utf-8"), rel


def test_committed_seeds_match_generator(rendered: dict[str, str], committed: dict[str, str]) -> None:
    assert [rel for rel in OWNED_FILES if rendered[rel] != committed[rel]] == []


def test_other_seed_gives_other_waves_but_same_reference(rendered: dict[str, str]) -> None:
    other = render_all(seed=7)
    assert other["seeds/waves/wave_2025.csv"] != rendered["seeds/waves/wave_2025.csv"]
    assert other["seeds/codebook/codebook_questions.csv"] == rendered["seeds/codebook/codebook_questions.csv"]


def test_fit_quality(committed: dict[str, str]) -> None:
    checks = check_all(committed)
    hit = sum(c.within for c in checks)
    assert hit / len(checks) >= 0.95, f"{hit}/{len(checks)}"
    unexplained = [c.figure_id for c in checks if not c.within and not c.contradiction]
    assert unexplained == []


def test_fit_quality_independent_pandas(committed: dict[str, str]) -> None:
    """A few figures recomputed by hand from the raw wave file (no codebook helper)."""
    w = read_csv_text(committed["seeds/waves/wave_2025.csv"])
    assert len(w) == 235
    assert round(pd.to_numeric(w["Q5"]).mean(), 2) == 3.80  # CX
    assert round(pd.to_numeric(w["Q6"]).mean(), 2) == 3.77  # EX
    assert round((w["Q8"] == "1").mean() * 100) == 61  # AI use
    telecom = w["Q4"] == "1"
    assert round((w.loc[telecom, "Q8"] == "1").mean() * 100) == 83  # G6 telecom


def test_reference_contract(committed: dict[str, str]) -> None:
    figs = read_csv_text(committed["seeds/reference/published_figures.csv"])
    fopts = read_csv_text(committed["seeds/reference/published_figure_options.csv"])
    assert figs["figure_id"].is_unique
    assert set(fopts["figure_id"]) <= set(figs["figure_id"])
    g7 = figs[figs["chart_id"] == "G7"]
    assert {"46", "26", "43"} <= set(g7["value"])
    assert figs.loc[figs["measure"] == "rank_OX", "value_num"].tolist() == ["1", "10"]
    delta = figs[figs["metric"] == "delta_share"].iloc[0]
    assert (delta["wave_id"], delta["compare_wave_id"], delta["value_num"]) == ("2025", "2023", "0.11")
    t = read_csv_text(committed["seeds/reference/t_critical_values.csv"])
    assert len(t) == 1000 and t.iloc[0]["t_critical_975"] == "12.706205"


def test_codebook_integrity(committed: dict[str, str]) -> None:
    q = read_csv_text(committed["seeds/codebook/codebook_questions.csv"])
    o = read_csv_text(committed["seeds/codebook/codebook_options.csv"])
    waves = read_csv_text(committed["seeds/codebook/waves.csv"])
    assert sorted(waves["wave_id"]) == ["2023", "2025"]
    for wave_id in ("2023", "2025"):
        wq = q[q["wave_id"] == wave_id].sort_values("question_order", key=lambda s: s.astype(int))
        wo = o[o["wave_id"] == wave_id]
        expected = ["respondent_id", "submitted_at"]
        for _, row in wq.iterrows():
            codes = wo[wo["question_code"] == row["question_code"]]
            assert len(codes) > 0, row["question_code"]
            assert codes["option_id"].is_unique
            if row["question_type"] == "multi":
                expected += [f"{row['question_code']}_{c}" for c in codes["option_code"]]
            else:
                expected.append(row["question_code"])
        wave = read_csv_text(committed[f"seeds/waves/wave_{wave_id}.csv"])
        assert list(wave.columns) == expected  # every column maps to the codebook and vice versa
        assert wave["respondent_id"].is_unique
        assert int(waves.set_index("wave_id").loc[wave_id, "respondents_expected"]) == len(wave)
        for _, row in wq.iterrows():
            codes = wo[wo["question_code"] == row["question_code"]]
            if row["question_type"] == "multi":
                cols = [f"{row['question_code']}_{c}" for c in codes["option_code"]]
                block = wave[cols]
                asked = block.iloc[:, 0] != ""
                assert ((block != "") == asked.to_numpy()[:, None]).all().all()
                sel = (block == "1").sum(axis=1)
                assert (sel[asked] >= 1).all(), row["question_code"]
                excl = codes.loc[codes["is_exclusive"] == "true", "option_code"].tolist()
                for c in excl:
                    alone = wave[f"{row['question_code']}_{c}"] == "1"
                    assert (sel[alone] == 1).all()
                if row["max_selections"]:
                    assert (sel <= int(row["max_selections"])).all()
            else:
                vals = set(wave[row["question_code"]]) - {""}
                assert vals <= set(codes["option_code"]), row["question_code"]
            if row["base_condition"]:
                fq, fos = row["base_condition"].split("=")
                src = wq[wq["question_id"] == fq].iloc[0]
                scodes = wo[
                    (wo["question_code"] == src["question_code"]) & wo["option_id"].isin(fos.split("|"))
                ]
                if src["question_type"] == "multi":
                    cols = [f"{src['question_code']}_{c}" for c in scodes["option_code"]]
                    routed = (wave[cols] == "1").any(axis=1)
                else:
                    routed = wave[src["question_code"]].isin(scodes["option_code"])
                first = row["question_code"]
                if row["question_type"] == "multi":
                    first += "_" + codes["option_code"].iloc[0]
                assert ((wave[first] != "") == routed).all(), row["question_code"]
            else:
                assert row["is_required"] == "true"


def test_harmonization_split_and_relabel(committed: dict[str, str]) -> None:
    o = read_csv_text(committed["seeds/codebook/codebook_options.csv"])
    q = read_csv_text(committed["seeds/codebook/codebook_questions.csv"])
    ss = q[q["question_id"] == "self_service_solutions"].set_index("wave_id")["question_code"]
    o25 = o[(o["wave_id"] == "2025") & (o["question_code"] == ss["2025"])]
    o23 = o[(o["wave_id"] == "2023") & (o["question_code"] == ss["2023"])]
    assert set(o25.loc[o25["trend_option_id"] == "chatbot", "option_id"]) == {"chatbot", "ai_agent_chat"}
    assert set(o23.loc[o23["trend_option_id"] == "chatbot", "option_id"]) == {"chatbot"}
    assert ss["2025"] != ss["2023"]
    ch = q[q["question_id"] == "channels_used"].set_index("wave_id")["question_code"]
    lab = {
        w: o[(o["wave_id"] == w) & (o["question_code"] == ch[w]) & (o["option_id"] == "social_media")][
            "label_en"
        ].iloc[0]
        for w in ("2023", "2025")
    }
    assert lab["2023"] != lab["2025"]


def test_cli_check_passes() -> None:
    result = runner.invoke(app, ["synth", "--check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_cli_check_lists_differing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: csx\n", encoding="utf-8")  # an empty csx project
    monkeypatch.setenv("CSX_REPO_ROOT", str(tmp_path))
    result = runner.invoke(app, ["synth", "--check"])
    assert result.exit_code != 0
    assert isinstance(result.exception, CsxError)
    assert "seeds/waves/wave_2025.csv" in str(result.exception)
