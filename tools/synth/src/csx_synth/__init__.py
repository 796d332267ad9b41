"""Calibrated synthetic reconstruction of the report's survey waves (`make synth`; docs/reconstruction.md).

A development tool, not part of the runtime package `csx`: it regenerates seeds/waves/wave_2023.csv,
wave_2025.csv and seeds/reference/*.csv from the codebook seeds and the calibration data in data/.

Modules, in pipeline order: codebook (questionnaires from the seeds), calibration (data/priors.yaml),
figures (the report's printed figures), scores (stages 1-2), fitter and counts (stage 3 primitives),
wave_2025 / wave_2023 (the waves, answer by answer), contradictions, writers (render, write, compare),
evaluate (recompute every printed figure from the files).
"""
