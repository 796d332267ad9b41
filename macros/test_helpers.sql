{#-
    Implementations behind the generic tests in tests/dbt/generic/ (dispatched per engine).

    duplicates_by_bitmap: rows of a uniqueness check grouped by `group_columns`, comparing each group's row count
    with the distinct values of the small-integer `bitmap_column` (DuckDB: a bitstring per group; elsewhere a
    distinct count). Used by unique_combination_of_columns(bitmap_column=...).
-#}
{% macro default__duplicates_by_bitmap(model, group_columns, bitmap_column) -%}
with

duplicated as (

    select
        {{ group_columns | join(',\n        ') }},
        count(*) - count(distinct {{ bitmap_column }}) as occurrences
    from {{ model }}
    group by {{ group_columns | join(', ') }}
    having count(*) <> count(distinct {{ bitmap_column }})

)

select * from duplicated
{%- endmacro %}

{% macro duckdb__duplicates_by_bitmap(model, group_columns, bitmap_column) -%}
    {%- set bounds = run_query(
        'select min(' ~ bitmap_column ~ '), max(' ~ bitmap_column ~ ') from ' ~ model
    ).rows[0] if execute else [0, 0] -%}
    {%- set low = bounds[0] if bounds[0] is not none else 0 -%}
    {%- set high = bounds[1] if bounds[1] is not none else 0 -%}
    {%- if high - low > 65535 -%}
        {{ return(csx.default__duplicates_by_bitmap(model, group_columns, bitmap_column)) }}
    {%- endif %}
with

duplicated as (

    select
        {{ group_columns | join(',\n        ') }},
        count(*) - bit_count(bitstring_agg({{ bitmap_column }}, {{ low }}, {{ high }})) as occurrences
    from {{ model }}
    group by {{ group_columns | join(', ') }}
    having count(*) <> bit_count(bitstring_agg({{ bitmap_column }}, {{ low }}, {{ high }}))

)

select * from duplicated
{%- endmacro %}
