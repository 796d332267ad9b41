{#-
    Custom schema names are used verbatim (`raw`, `staging`, `intermediate`, `marts`), not prefixed
    with the target schema, so the warehouse layout is the same on every target and for every user.
    `csx build` on Spark builds into a staging copy of that layout: `$CSX_SCHEMA_PREFIX` (e.g. `csx_a_`)
    goes in front of every schema, and publishing repoints the views readers use (src/csx/spark/publish.py).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set prefix = env_var('CSX_SCHEMA_PREFIX', '') -%}
    {%- if custom_schema_name is none -%}
        {{ prefix ~ target.schema }}
    {%- else -%}
        {{ prefix ~ (custom_schema_name | trim) }}
    {%- endif -%}
{%- endmacro %}
