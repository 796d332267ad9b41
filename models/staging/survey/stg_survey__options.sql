{#- Codebook answer options of every wave, typed; `answer_seq` numbers them within the wave (macros/recode.sql). -#}
with

source as (

    select * from {{ ref('codebook_options') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(question_code as {{ dbt.type_string() }}) as question_code,
        cast(option_code as {{ dbt.type_string() }}) as option_code,
        cast(option_id as {{ dbt.type_string() }}) as option_id,
        cast(coalesce(nullif(trend_option_id, ''), option_id) as {{ dbt.type_string() }}) as trend_option_id,
        cast(nullif(value_domain, '') as {{ dbt.type_string() }}) as value_domain,
        cast(option_order as {{ dbt.type_int() }}) as option_order,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(score_value as {{ dbt.type_int() }}) as score_value,
        coalesce(cast(is_exclusive as {{ dbt.type_boolean() }}), false) as is_exclusive,
        cast(notes as {{ dbt.type_string() }}) as notes
    from source

),

numbered as (

    select
        *,
        cast({{ csx.answer_seq() }} as {{ dbt.type_int() }}) as answer_seq
    from renamed

)

select * from numbered
