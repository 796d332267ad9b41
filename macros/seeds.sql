{#-
    DuckDB: wave seeds (`meta: {csx_all_text: true}`) are loaded by DuckDB's own CSV reader, every column as text,
    without dbt's Python CSV parsing (agate: ~50 s per million rows before the first byte reaches the database;
    DuckDB: well under a second). A wave seed whose file is unchanged since it was loaded (md5 of the file kept
    as the table comment) is not reloaded, so adding a wave does not reload the others. Other seeds take dbt's
    default path.
-#}
{% materialization seed, adapter='duckdb' %}
    {%- if not model['config'].get('meta', {}).get('csx_all_text', false) -%}
        {{ return(materialization_seed_default()) }}
    {%- endif -%}
    {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set old_relation = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
    {%- set fingerprint = 'csx-md5:' ~ run_query(
        "select md5(content) from read_blob(" ~ csx.text_literal(path) ~ ")"
    ).columns[0].values()[0] -%}
    {%- set stored = none -%}
    {%- if old_relation is not none and not should_full_refresh() -%}
        {%- set comments = run_query(
            "select comment from duckdb_tables() where database_name = " ~ csx.text_literal(this.database)
            ~ " and schema_name = " ~ csx.text_literal(this.schema)
            ~ " and table_name = " ~ csx.text_literal(this.identifier)
        ).columns[0].values() -%}
        {%- set stored = comments[0] if comments | length > 0 else none -%}
    {%- endif -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- if stored == fingerprint %}
        {% call noop_statement('main', 'SKIP unchanged', 'SKIP', 0) %}
            -- {{ path }} unchanged since it was loaded ({{ fingerprint }})
        {% endcall %}
    {%- else %}
        {% call statement('main', fetch_result=False) %}
            create or replace table {{ target_relation }} as
            select * from read_csv(
                {{ csx.text_literal(path) }},
                header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'
            );
            comment on table {{ target_relation }} is {{ csx.text_literal(fingerprint) }};
        {% endcall %}
    {%- endif %}
    {%- set loaded = run_query('select count(*) as rows_loaded from ' ~ target_relation) -%}
    {#- dbt's seed task reads a result table back; `dbt seed --show` shows the row count -#}
    {%- do store_result('agate_table', response='OK', agate_table=loaded) -%}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

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
