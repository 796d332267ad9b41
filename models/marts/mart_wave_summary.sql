{#- One row per wave: respondents and the wave's CX / EX / OX means with t 95 % intervals. -#}
{%- set min_cell = var('csx_min_cell_size') %}

with

wave_scores as (

    select * from {{ ref('int_wave_scores_aggregated') }}
    where weighting_scheme = 'unweighted'

),

flagged as (

    select
        *,
        respondents_n < {{ min_cell }} as suppressed
    from wave_scores

),

final as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(case when not suppressed then respondents_n end as {{ dbt.type_bigint() }}) as respondents_n,
        {%- for score in csx.score_names() %}
            {{ csx.suppressed_mean_with_ci('flagged', score, 'flagged.suppressed') }},
        {%- endfor %}
        cast(suppressed as {{ dbt.type_boolean() }}) as suppressed
    from flagged

)

select * from final
