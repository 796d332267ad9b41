{#-
    Custom schema names are used verbatim (`raw`, `staging`, `intermediate`, `marts`), not prefixed
    with the target schema, so the warehouse layout is the same on every target and for every user.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
