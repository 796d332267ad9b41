with

source as (

    select * from {{ ref('t_critical_values') }}

),

renamed as (

    select
        cast(degrees_of_freedom as {{ dbt.type_int() }}) as degrees_of_freedom,
        cast(t_critical_975 as {{ csx.type_double() }}) as t_critical
    from source

)

select * from renamed
