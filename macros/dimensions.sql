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

{#-
    The body of a conformed dimension whose members are listed by several questions or grid rows (channels,
    AI capabilities): from `candidates` (one row per member x listing, with label_en, label_ja, sort_order and
    label_rank, 1 = the listing whose labels the member keeps), one row per member keyed `key_column`, display
    order renumbered 1..n.
-#}
{% macro conformed_dimension_members(candidates, member_column, key_column) -%}
    select
        cast({{ member_column }} as {{ dbt.type_string() }}) as {{ key_column }},
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(
            row_number() over (order by sort_order, {{ member_column }}) as {{ dbt.type_int() }}
        ) as sort_order
    from {{ candidates }}
    where label_rank = 1
{%- endmacro %}
