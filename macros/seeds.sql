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

{#-
    Spark (session method): dbt-spark passes seed values as unescaped `%s` bindings, so any text with an
    apostrophe breaks the INSERT. Values are rendered here as escaped literals instead. Wave seeds
    (`csx_all_text`) are created with string columns and filled by Spark's own CSV reader, like DuckDB's COPY.
-#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- if not model['config'].get('meta', {}).get('csx_all_text', false) -%}
        {{ return(dbt.spark__create_csv_table(model, agate_table)) }}
    {%- endif -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {{ adapter.quote_seed_column(col_name | string, model['config'].get('quote_columns', None)) }} string
                {%- if not loop.last -%}, {% endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{% macro spark_literal(value) -%}
    {%- if value is none -%}
        null
    {%- else -%}
        '{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- if model['config'].get('meta', {}).get('csx_all_text', false) -%}
        {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
        {%- set names = agate_table.column_names -%}
        {% set sql %}
            insert into {{ this.render() }}
            select
            {%- for name in names %}
                _c{{ loop.index0 }}{{ ',' if not loop.last }}
            {%- endfor %}
            from csv.`{{ path }}`
            where _c0 <> '{{ names[0] }}'
        {% endset %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {{ return(sql) }}
    {%- endif -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {% set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = column_override.get(col_name, inferred_type) -%}
                    cast({{ csx.spark_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {% endset %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
