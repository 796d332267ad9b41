{#-
    Wide to long: one row per (key columns, value column) with a non-NULL value.

    from_sql       a relation or a parenthesised subquery
    key_columns    column names kept on every row
    value_columns  column names turned into rows (values cast to text)
    name_column    output column holding the source column's name
    value_column   output column holding the value as text

    default: a portable `union all` of one select per column (one scan per column).
    duckdb: native UNPIVOT (one scan). spark: SQL-standard UNPIVOT (one scan).
-#}
{% macro unpivot(from_sql, key_columns, value_columns, name_column='column_name', value_column='answer_value') -%}
    {%- if value_columns | length == 0 -%}
        select
        {%- for key in key_columns %}
            cast(null as {{ dbt.type_string() }}) as {{ adapter.quote(key) }},
        {%- endfor %}
            cast(null as {{ dbt.type_string() }}) as {{ name_column }},
            cast(null as {{ dbt.type_string() }}) as {{ value_column }}
        from {{ from_sql }}
        where 1 = 0
    {%- else -%}
        {{ return(adapter.dispatch('unpivot', 'csx')(from_sql, key_columns, value_columns, name_column, value_column)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__unpivot(from_sql, key_columns, value_columns, name_column, value_column) -%}
    {%- for column in value_columns %}
        select
        {%- for key in key_columns %}
            {{ adapter.quote(key) }},
        {%- endfor %}
            '{{ column }}' as {{ name_column }},
            cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as {{ value_column }}
        from {{ from_sql }}
        where {{ adapter.quote(column) }} is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro duckdb__unpivot(from_sql, key_columns, value_columns, name_column, value_column) -%}
    select
    {%- for key in key_columns %}
        {{ adapter.quote(key) }},
    {%- endfor %}
        {{ name_column }},
        {{ value_column }}
    from (
        unpivot (
            {{ csx._unpivot_text_input(from_sql, key_columns, value_columns) }}
        )
        on {% for column in value_columns %}{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %}
        into name {{ name_column }} value {{ value_column }}
    )
{%- endmacro %}

{% macro spark__unpivot(from_sql, key_columns, value_columns, name_column, value_column) -%}
    select
    {%- for key in key_columns %}
        {{ adapter.quote(key) }},
    {%- endfor %}
        {{ name_column }},
        {{ value_column }}
    from (
        {{ csx._unpivot_text_input(from_sql, key_columns, value_columns) }}
    )
    unpivot exclude nulls (
        {{ value_column }} for {{ name_column }} in (
            {%- for column in value_columns %}
            {{ adapter.quote(column) }}{{ ',' if not loop.last }}
            {%- endfor %}
        )
    )
{%- endmacro %}

{#- The unpivot input: key columns as they are, every value column cast to the adapter's text type. -#}
{% macro _unpivot_text_input(from_sql, key_columns, value_columns) -%}
    select
    {%- for key in key_columns %}
        {{ adapter.quote(key) }},
    {%- endfor %}
    {%- for column in value_columns %}
        cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as {{ adapter.quote(column) }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ from_sql }}
{%- endmacro %}
