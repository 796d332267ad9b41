{#-
    Wide to long: one row per (key columns, value column) with a non-NULL value.

    input_sql       a SELECT giving the key columns and one column per value (all values of one type)
    key_columns     column names kept on every row
    value_columns   column names turned into rows
    name_column     output column holding the source column's name
    value_column    output column holding the value

    duckdb: native UNPIVOT (one scan). spark: SQL-standard UNPIVOT EXCLUDE NULLS (one scan).
    default: a portable `union all` of one select per column (one scan per column).
-#}
{% macro unpivot(input_sql, key_columns, value_columns, name_column='column_name', value_column='column_value') -%}
    {{ return(adapter.dispatch('unpivot', 'csx')(input_sql, key_columns, value_columns, name_column, value_column)) }}
{%- endmacro %}

{% macro default__unpivot(input_sql, key_columns, value_columns, name_column, value_column) -%}
    {%- for column in value_columns %}
        select
        {%- for key in key_columns %}
            {{ adapter.quote(key) }},
        {%- endfor %}
            {{ csx.text_literal(column) }} as {{ name_column }},
            {{ adapter.quote(column) }} as {{ value_column }}
        from ({{ input_sql }}) as unpivot_input
        where {{ adapter.quote(column) }} is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro duckdb__unpivot(input_sql, key_columns, value_columns, name_column, value_column) -%}
    select
    {%- for key in key_columns %}
        {{ adapter.quote(key) }},
    {%- endfor %}
        {{ name_column }},
        {{ value_column }}
    from (
        unpivot ({{ input_sql }})
        on {% for column in value_columns %}{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %}
        into name {{ name_column }} value {{ value_column }}
    )
{%- endmacro %}

{% macro spark__unpivot(input_sql, key_columns, value_columns, name_column, value_column) -%}
    select
    {%- for key in key_columns %}
        {{ adapter.quote(key) }},
    {%- endfor %}
        {{ name_column }},
        {{ value_column }}
    from ({{ input_sql }})
    unpivot exclude nulls (
        {{ value_column }} for {{ name_column }} in (
            {%- for column in value_columns %}
            {{ adapter.quote(column) }}{{ ',' if not loop.last }}
            {%- endfor %}
        )
    )
{%- endmacro %}
