{#-
    Wave seeds are loaded with every column as text, whatever the CSV looks like, so codes such as `01`
    survive and waves added by `csx wave add` need no column_types (seed config `meta: {csx_all_text: true}`,
    set for seeds/waves/ in dbt_project.yml). dbt-duckdb then COPYs the file itself into the table.
    Other adapters (Spark) insert agate-parsed values; there the explicit column_types in
    seeds/_seeds.yml keep the committed waves as text.
-#}
{% macro duckdb__create_csv_table(model, agate_table) %}
    {%- if not model['config'].get('meta', {}).get('csx_all_text', false) -%}
        {{ return(dbt.default__create_csv_table(model, agate_table)) }}
    {%- endif -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} varchar
                {%- if not loop.last -%}, {% endif -%}
            {%- endfor -%}
        )
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}
