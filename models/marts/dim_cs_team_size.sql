{#- One row per answer to the segment question `cs_team_size` (macros/dimensions.sql). -#}
{{ csx.segment_dimension('cs_team_size') }}
