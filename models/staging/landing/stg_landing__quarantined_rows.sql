{#- Rows `csx wave add` refused to load, one row per problem (empty when none). -#}
with

source as (

    select * from {{ ref('quarantined_rows') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(source_file as {{ dbt.type_string() }}) as source_file,
        cast(source_row as {{ dbt.type_int() }}) as source_row,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(column_name as {{ dbt.type_string() }}) as column_name,
        cast(rule as {{ dbt.type_string() }}) as rule_name,
        cast(message as {{ dbt.type_string() }}) as message,
        cast(raw_record as {{ dbt.type_string() }}) as raw_record,
        cast(raw_record_length as {{ dbt.type_int() }}) as raw_record_length,
        cast(raw_record_sha256 as {{ dbt.type_string() }}) as raw_record_sha256
    from source

)

select * from renamed
