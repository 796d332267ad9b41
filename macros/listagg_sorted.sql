{#-
    Distinct values of a text expression joined by a delimiter, in ascending order.
    Spark's `dbt.listagg` ignores `order by`, so it gets its own implementation.
-#}
{% macro listagg_sorted(measure, delimiter_text="','") -%}
    {{ return(adapter.dispatch('listagg_sorted', 'csx')(measure, delimiter_text)) }}
{%- endmacro %}

{% macro default__listagg_sorted(measure, delimiter_text) -%}
    {{ dbt.listagg('distinct ' ~ measure, delimiter_text, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__listagg_sorted(measure, delimiter_text) -%}
    array_join(array_sort(collect_set({{ measure }})), {{ delimiter_text }})
{%- endmacro %}
