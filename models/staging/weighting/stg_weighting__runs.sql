{#- One row per wave x weighting scheme: how the raking went, as `csx weights compute` wrote it. Typed only. -#}

with

source as (

    -- the file behind source('weighting', 'weighting_runs'), read by path on every engine
    {%- set weights_source = source('weighting', 'weighting_runs') %}
    select * from {{ csx.read_weights_file('weighting_runs') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(margins as {{ dbt.type_string() }}) as margin_question_ids,
        cast(iterations as {{ dbt.type_int() }}) as iterations,
        cast(converged as {{ dbt.type_boolean() }}) as converged,
        cast(max_margin_error as {{ csx.type_double() }}) as max_margin_error,
        cast(raked_n as {{ dbt.type_bigint() }}) as raked_n,
        cast(missing_margin_n as {{ dbt.type_bigint() }}) as missing_margin_n,
        cast(trim_min as {{ csx.type_double() }}) as trim_min,
        cast(trim_max as {{ csx.type_double() }}) as trim_max,
        cast(tolerance as {{ csx.type_double() }}) as tolerance,
        cast(library as {{ dbt.type_string() }}) as library
    from source

)

select * from renamed
