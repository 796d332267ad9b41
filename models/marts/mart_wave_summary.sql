{#- One row per wave: respondents and the wave's CX / EX / OX means with t 95 % intervals. -#}
{%- set min_cell = var('csx_min_cell_size') -%}
with

wave_scores as (

    select * from {{ ref('int_wave_scores_aggregated') }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

with_critical as (

    select
        wave_scores.*,
        {{- csx.t_critical_columns(['cx', 'ex', 'ox']) }}
        wave_scores.respondents_n < {{ min_cell }} as suppressed
    from wave_scores
    {{- csx.t_critical_joins('t_values', 'wave_scores.{score}_n - 1', ['cx', 'ex', 'ox']) }}

),

final as (

    select
        cast(with_critical.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(waves.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(with_critical.respondents_n as {{ dbt.type_bigint() }}) as respondents_n,
        {%- for score in ['cx', 'ex', 'ox'] %}
            cast(
                case when not with_critical.suppressed then with_critical.avg_{{ score }} end
                as {{ csx.type_double() }}
            ) as avg_{{ score }},
            cast(case when not with_critical.suppressed then round({{ csx.t_ci_low(
                'with_critical.avg_' ~ score, 'with_critical.stddev_' ~ score,
                'with_critical.' ~ score ~ '_n', 'with_critical.t_critical_' ~ score
            ) }}, 6) end as {{ csx.type_double() }}) as avg_{{ score }}_ci_low,
            cast(case when not with_critical.suppressed then round({{ csx.t_ci_high(
                'with_critical.avg_' ~ score, 'with_critical.stddev_' ~ score,
                'with_critical.' ~ score ~ '_n', 'with_critical.t_critical_' ~ score
            ) }}, 6) end as {{ csx.type_double() }}) as avg_{{ score }}_ci_high,
        {%- endfor %}
        cast(with_critical.suppressed as {{ dbt.type_boolean() }}) as suppressed
    from with_critical
    left join waves
        on with_critical.wave_id = waves.wave_id

)

select * from final
