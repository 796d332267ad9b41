{#- One row per wave: respondents and the CX / EX / OX score statistics of the whole wave. -#}
with

respondents as (

    select * from {{ ref('int_respondents_profiled') }}

),

aggregated as (

    select
        wave_id,
        {% for score in ['cx', 'ex', 'ox'] -%}
            count({{ score }}_score) as {{ score }}_n,
            avg(cast({{ score }}_score as {{ csx.type_double() }})) as avg_{{ score }},
            stddev_samp(
                cast({{ score }}_score as {{ csx.type_double() }})
            ) as stddev_{{ score }},
        {% endfor -%}
        count(*) as respondents_n
    from respondents
    group by wave_id

)

select * from aggregated
