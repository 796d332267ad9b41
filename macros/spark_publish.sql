{#-
    Write-audit-publish on Spark (`csx build --target spark`, src/csx/spark/publish.py). A build goes into one
    of two slots of schemas (`csx_a_marts`, ... or `csx_b_marts`, ...: the one readers are not on), its marts
    are exported to parquet for the audit and the dashboards, and publishing repoints the views of the
    reader-facing schema (`marts`) to the new slot. The slot readers are on is recorded in
    `csx_meta.publication`. Run through `dbt run-operation`, so every Spark connection method works.
-#}

{#- Log the slot readers are on (`csx-publication: a|b|none`). -#}
{% macro spark_publication() -%}
    {%- do run_query('create schema if not exists csx_meta') -%}
    {%- do run_query(
        'create table if not exists csx_meta.publication '
        ~ '(slot string, build_id string, published_at string) using parquet'
    ) -%}
    {%- set rows = run_query('select slot from csx_meta.publication limit 1').rows -%}
    {%- do log('csx-publication: ' ~ (rows[0][0] if rows | length > 0 else 'none'), info=True) -%}
{%- endmacro %}

{#- Write each relation (`{schema, name}`) as parquet under `directory`/<name> (executors write it). -#}
{% macro spark_export_relations(relations, directory) -%}
    {%- for r in relations -%}
        {%- do run_query(
            "insert overwrite directory '" ~ directory ~ "/" ~ r.name ~ "' using parquet "
            ~ "select * from " ~ r.schema ~ "." ~ r.name
        ) -%}
        {%- do log('csx-exported: ' ~ r.name, info=True) -%}
    {%- endfor -%}
{%- endmacro %}

{#-
    Point `published_schema`.<name> at each staged relation (`{schema, name}`), then record the slot. Each
    view is replaced in one metastore call; a table of that name (left by a plain `dbt build`) is dropped first.
-#}
{% macro spark_publish_views(relations, published_schema, slot, build_id) -%}
    {%- do run_query('create schema if not exists ' ~ published_schema) -%}
    {%- for r in relations -%}
        {%- set existing = adapter.get_relation(database=none, schema=published_schema, identifier=r.name) -%}
        {%- if existing is not none and existing.type != 'view' -%}
            {%- do run_query('drop table if exists ' ~ published_schema ~ '.' ~ r.name) -%}
        {%- endif -%}
        {%- do run_query(
            'create or replace view ' ~ published_schema ~ '.' ~ r.name
            ~ ' as select * from ' ~ r.schema ~ '.' ~ r.name
        ) -%}
    {%- endfor -%}
    {%- do run_query(
        "insert overwrite table csx_meta.publication values ('" ~ slot ~ "', '" ~ build_id ~ "', '"
        ~ modules.datetime.datetime.utcnow().isoformat(timespec='seconds') ~ "')"
    ) -%}
    {%- do log('csx-published: ' ~ slot, info=True) -%}
{%- endmacro %}
