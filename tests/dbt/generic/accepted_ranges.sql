{#-
    Fails with one row per listed column that has values outside its [min, max] (NULLs pass), with how many and
    the extremes: `ranges` maps a column to `[min, max]` (either may be null). One test node for a model's ranges.
-#}
{% test accepted_ranges(model, ranges) %}

with

outside as (

    {% for column, bounds in ranges.items() %}
        {%- set quoted = adapter.quote(column) %}
        select
            '{{ column }}' as column_name,
            cast({{ quoted }} as {{ csx.type_double() }}) as column_value
        from {{ model }}
        where
            {{ quoted }} is not null
            and (
                1 = 0
                {%- if bounds[0] is not none %} or {{ quoted }} < {{ bounds[0] }}{% endif %}
                {%- if bounds[1] is not none %} or {{ quoted }} > {{ bounds[1] }}{% endif %}
            )
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

counted as (

    select
        column_name,
        count(*) as rows_outside,
        min(column_value) as lowest,
        max(column_value) as highest
    from outside
    group by column_name

)

select * from counted

{% endtest %}
