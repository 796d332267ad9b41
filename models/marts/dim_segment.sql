{#-
    One row per segment that mart_option_scores cuts by: the whole wave (`total` / `all`) and every answer of
    each question in var('csx_segment_questions'), from the segment dimensions (dim_<question_id>).
-#}
with

total as (

    select
        'total' as segment_question_id,
        'all' as segment_option_id,
        'Total' as label_en,
        '全体' as label_ja,
        0 as sort_order

),

segment_options as (

    {% for segment in var('csx_segment_questions') %}
        select
            {{ csx.text_literal(segment) }} as segment_question_id,
            {{ segment }}_id as segment_option_id,
            label_en,
            label_ja,
            sort_order
        from {{ ref('dim_' ~ segment) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

unioned as (

    select * from total
    union all
    select * from segment_options

),

final as (

    select
        cast(segment_question_id as {{ dbt.type_string() }}) as segment_question_id,
        cast(segment_option_id as {{ dbt.type_string() }}) as segment_option_id,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order
    from unioned

)

select * from final
