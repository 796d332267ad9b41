{#- One row per weighting scheme (seeds/reference/weighting_schemes.csv; docs/weighting.md): labels and options. -#}

with

schemes as (

    select * from {{ ref('stg_reference__weighting_schemes') }}

),

final as (

    select
        cast(weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(trim_min as {{ csx.type_double() }}) as trim_min,
        cast(trim_max as {{ csx.type_double() }}) as trim_max,
        cast(tolerance as {{ csx.type_double() }}) as tolerance,
        cast(max_iterations as {{ dbt.type_int() }}) as max_iterations
    from schemes

)

select * from final
