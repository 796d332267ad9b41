{#-
    Two-sided 95 % t critical values as half-open degrees-of-freedom ranges [df_from, df_to): a df between
    two tabulated rows uses the lower row's (larger, conservative) value. Beyond the last row the marts
    use the normal value 1.959964.
-#}
with

t_values as (

    select * from {{ ref('stg_reference__t_critical_values') }}

),

ranged as (

    select
        degrees_of_freedom as df_from,
        coalesce(
            lead(degrees_of_freedom) over (order by degrees_of_freedom),
            degrees_of_freedom + 1
        ) as df_to,
        t_critical
    from t_values

)

select * from ranged
