{#-
    The dimension of one segment question (company size, industry, ...): one row per answer option of the
    harmonized question, keyed `<question_id>_id`, with labels and display order. Each `dim_<question_id>` model
    is this macro, so adding a segment is one line (and the question in var('csx_segment_questions')).
-#}
{% macro segment_dimension(question_id) -%}
with

answer_options as (

    select * from {{ ref('int_answer_options_deduplicated') }}
    where question_id = {{ csx.text_literal(question_id) }}

),

final as (

    select
        cast(option_id as {{ dbt.type_string() }}) as {{ question_id }}_id,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order
    from answer_options

)

select * from final
{%- endmacro %}
