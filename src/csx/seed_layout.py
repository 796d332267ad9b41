"""Column layouts of the seed files (docs/architecture.md). The one place that names them."""

from __future__ import annotations

#: seeds/codebook/codebook_questions.csv
QUESTION_COLUMNS = [
    "wave_id",
    "question_code",
    "question_id",
    "question_group",
    "item_id",
    "question_type",
    "question_order",
    "label_ja",
    "label_en",
    "report_chart",
    "is_required",
    "base_condition",
    "max_selections",
    "notes",
    "rating_rescaling",
]
#: codebook columns a handed-over codebook may leave out (filled with '' when the wave is added)
OPTIONAL_QUESTION_COLUMNS = frozenset({"rating_rescaling"})

#: seeds/codebook/codebook_options.csv
OPTION_COLUMNS = [
    "wave_id",
    "question_code",
    "option_code",
    "option_id",
    "trend_option_id",
    "value_domain",
    "option_order",
    "label_ja",
    "label_en",
    "score_value",
    "is_exclusive",
    "notes",
]

#: seeds/codebook/waves.csv
WAVES_REGISTRY_COLUMNS = [
    "wave_id",
    "wave_year",
    "label_en",
    "label_ja",
    "fieldwork_start",
    "fieldwork_end",
    "respondents_expected",
    "is_synthetic",
    "notes",
]

#: LandingResult.quarantined (one wave file); seeds/landing/quarantined_rows.csv adds wave_id first.
#: raw_record holds at most csx.landing.MAX_FIELD_CHARS characters of the record as read;
#: raw_record_length and raw_record_sha256 (hex, of its UTF-8 bytes) describe the whole record.
QUARANTINE_COLUMNS = [
    "source_file",
    "source_row",
    "respondent_id",
    "column_name",
    "rule",
    "message",
    "raw_record",
    "raw_record_length",
    "raw_record_sha256",
]
QUARANTINE_SEED_COLUMNS = ["wave_id", *QUARANTINE_COLUMNS]
