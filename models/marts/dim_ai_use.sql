{#- One row per answer to the segment question `ai_use` (macros/dimensions.sql). -#}
{{ csx.segment_dimension('ai_use') }}
