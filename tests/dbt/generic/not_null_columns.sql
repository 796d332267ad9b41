{#-
    Fails with one row per listed column that has NULLs (and how many). One test node for all the columns of a
    model that must be filled: each dbt test node costs tens of milliseconds of dbt overhead, whatever its size.
-#}
{% test not_null_columns(model, columns) %}

with

null_cells as (

    {% for column in columns %}
        select '{{ column }}' as column_name
        from {{ model }}
        where {{ adapter.quote(column) }} is null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

counted as (

    select
        column_name,
        count(*) as null_rows
    from null_cells
    group by column_name

)

select * from counted

{% endtest %}
