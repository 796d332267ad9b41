with

source as (

    select * from {{ ref('published_figure_options') }}

),

renamed as (

    select
        cast(figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(option_id as {{ dbt.type_string() }}) as option_id
    from source

)

select * from renamed
