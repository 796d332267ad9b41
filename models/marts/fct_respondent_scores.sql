{#- One row per wave x respondent: CX / EX / OX self-ratings and the profile keys. -#}
with

respondents as (

    select * from {{ ref('int_respondents_profiled') }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

final as (

    select
        cast({{ csx.surrogate_key(['respondents.wave_id', 'respondents.respondent_id']) }} as {{ dbt.type_string() }})
            as respondent_key,
        cast(respondents.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(waves.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(respondents.respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(respondents.submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(respondents.cx_score as {{ dbt.type_int() }}) as cx_score,
        cast(respondents.ex_score as {{ dbt.type_int() }}) as ex_score,
        cast(respondents.ox_score as {{ dbt.type_int() }}) as ox_score,
        cast(respondents.company_size_id as {{ dbt.type_string() }}) as company_size_id,
        cast(respondents.cs_team_size_id as {{ dbt.type_string() }}) as cs_team_size_id,
        cast(respondents.customer_segment_id as {{ dbt.type_string() }}) as customer_segment_id,
        cast(respondents.industry_id as {{ dbt.type_string() }}) as industry_id,
        cast(respondents.ai_use_id as {{ dbt.type_string() }}) as ai_use_id
    from respondents
    left join waves
        on respondents.wave_id = waves.wave_id

)

select * from final
