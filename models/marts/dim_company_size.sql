{#- One row per answer to the segment question `company_size` (macros/dimensions.sql). -#}
{{ csx.segment_dimension('company_size') }}
