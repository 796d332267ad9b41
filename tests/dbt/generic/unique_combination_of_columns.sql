{#-
    Fails for every combination of the given columns that occurs more than once (the primary-key test).

    bitmap_column: for very large tables, name a small-integer column of the combination. The test then groups
    by the other columns and compares each group's row count with the number of distinct values of that column,
    counted with a bitmap (DuckDB) or a distinct count (other engines): the same check, without a hash table of
    every combination (at a million respondents: 60 million rows checked in seconds and under 1 GB).
-#}
{% test unique_combination_of_columns(model, combination_of_columns, bitmap_column=none) %}

{%- if bitmap_column is none %}

with

duplicated as (

    select
        {{ combination_of_columns | join(',\n        ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1

)

select * from duplicated

{%- else %}
    {%- set group_columns = combination_of_columns | reject('equalto', bitmap_column) | list %}
    {{ adapter.dispatch('duplicates_by_bitmap', 'csx')(model, group_columns, bitmap_column) }}
{%- endif %}

{% endtest %}
