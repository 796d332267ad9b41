"""Calibrated synthetic reconstruction of the report's survey waves (`csx synth`)."""
