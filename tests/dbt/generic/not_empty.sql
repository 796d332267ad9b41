{#- Fails when the model returns no row (reads at most one row: cheap on large views). -#}
{% test not_empty(model) %}

with

first_row as (

    select 1 as found
    from {{ model }}
    limit 1

),

missing as (

    select 'no rows' as problem
    where not exists (select found from first_row)

)

select * from missing

{% endtest %}
