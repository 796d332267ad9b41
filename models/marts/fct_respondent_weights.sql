{#-
    One row per wave x respondent x weighting scheme: the respondent's survey weight (docs/weighting.md).
    Weights average 1 per wave and scheme; `unweighted` is 1 for everyone. Computed by `csx weights compute`
    before dbt runs (raking with trimming), checked here by tests against the scheme's targets and bounds.
-#}

with

weights as (

    select * from {{ ref('stg_weighting__respondent_weights') }}

),

final as (

    select
        cast({{ csx.surrogate_key(['weights.wave_id', 'weights.respondent_id']) }} as {{ dbt.type_string() }})
            as respondent_key,
        cast(weights.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(weights.respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(weights.weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(weights.weight as {{ csx.type_double() }}) as weight
    from weights

)

select * from final
