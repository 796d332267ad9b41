with

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

wave_sizes as (

    select
        wave_id,
        count(*) as respondents_n
    from respondents
    group by wave_id

),

carried as (

    select * from waves
    where wave_id in ({{ csx.carried_wave_ids() }})

),

final as (

    select
        cast(carried.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(carried.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(carried.label_en as {{ dbt.type_string() }}) as label_en,
        cast(carried.label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(row_number() over (order by carried.wave_year, carried.wave_id) as {{ dbt.type_int() }}) as sort_order,
        cast(coalesce(wave_sizes.respondents_n, 0) as {{ dbt.type_bigint() }}) as respondents_n,
        cast(carried.is_synthetic as {{ dbt.type_boolean() }}) as is_synthetic,
        cast(carried.fieldwork_start as date) as fieldwork_start,
        cast(carried.fieldwork_end as date) as fieldwork_end,
        cast(carried.notes as {{ dbt.type_string() }}) as notes
    from carried
    left join wave_sizes
        on carried.wave_id = wave_sizes.wave_id

)

select * from final
