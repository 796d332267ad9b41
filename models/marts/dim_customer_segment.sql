{#- One row per answer to the segment question `customer_segment` (macros/dimensions.sql). -#}
{{ csx.segment_dimension('customer_segment') }}
