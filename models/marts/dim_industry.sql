{#- One row per answer to the segment question `industry` (macros/dimensions.sql). -#}
{{ csx.segment_dimension('industry') }}
