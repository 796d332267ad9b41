{#-
    Survey waves (`var('csx_waves')`) and where their files are.

    A wave is `{wave_id: "2025", storage: seed}` (the seed `seeds/waves/wave_2025.csv`, table `raw.wave_2025`)
    or `{wave_id: "2026", storage: external, path: "data/waves/wave_2026.parquet"}`: a file read by the
    engine's own reader, never by `dbt seed`. Every column is text, so codes such as `01` survive.
-#}

{#- The waves carried through the warehouse (the `csx_waves` var). -#}
{% macro carried_waves() -%}
    {{ return(var('csx_waves')) }}
{%- endmacro %}

{#- The wave ids of var('csx_waves') as a SQL list of text literals: '2023', '2025' -#}
{% macro carried_wave_ids() -%}
    {{ return(csx.sql_text_list(csx.carried_waves() | map(attribute='wave_id') | list)) }}
{%- endmacro %}

{#- A list of strings as a SQL list of text literals (quotes doubled). -#}
{% macro sql_text_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append("'" ~ (value | string).replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {{ return(quoted | join(', ') if quoted else 'null') }}
{%- endmacro %}

{#-
    Where an external wave file is: a URI with a scheme (`s3a://`, `hdfs://`, `abfss://`, `gs://`, `dbfs:/`,
    `file://`) or an absolute path is used as given; anything else is relative to the project directory
    (`$CSX_REPO_ROOT`, else the directory holding dbt_project.yml).
-#}
{% macro wave_file_path(path) -%}
    {%- if modules.re.match('^[A-Za-z][A-Za-z0-9+.-]*:/', path) or path.startswith('/') -%}
        {{ return(path) }}
    {%- endif -%}
    {{ return(env_var('CSX_REPO_ROOT', csx.project_root_dir()) ~ '/' ~ path) }}
{%- endmacro %}

{#- The dbt project directory (unit tests get no graph: then the working directory). -#}
{% macro project_root_dir() -%}
    {%- set seeds = (graph.get('nodes') or {}).values() | selectattr('resource_type', 'equalto', 'seed') | list -%}
    {%- if seeds and seeds[0].root_path -%}
        {{ return(seeds[0].root_path) }}
    {%- endif -%}
    {{ return('.') }}
{%- endmacro %}

{#- The file a wave is read from (seed CSV or external file), as a path or URI. -#}
{% macro wave_file(wave) -%}
    {%- if wave.storage == 'external' -%}
        {{ return(csx.wave_file_path(wave.path)) }}
    {%- endif -%}
    {{ return(csx.project_root_dir() ~ '/seeds/waves/wave_' ~ wave.wave_id ~ '.csv') }}
{%- endmacro %}

{#- A FROM-clause expression reading an external wave file with every column as text. -#}
{% macro read_external_wave(path) -%}
    {{ return(adapter.dispatch('read_external_wave', 'csx')(csx.wave_file_path(path))) }}
{%- endmacro %}

{% macro default__read_external_wave(path) -%}
    {{ exceptions.raise_compiler_error(
        "csx: external waves are not supported on adapter '" ~ adapter.type() ~ "' (" ~ path ~ ")"
    ) }}
{%- endmacro %}

{% macro duckdb__read_external_wave(path) -%}
    {%- if path.endswith('.parquet') -%}
        read_parquet('{{ path }}')
    {%- else -%}
        read_csv('{{ path }}', header = true, all_varchar = true)
    {%- endif -%}
{%- endmacro %}

{#-
    Spark SQL's `csv.<path>` reader takes no options, so the file is read without a header (every
    column is a string `_c0`, `_c1`, ...); the header row names the columns and is filtered out.
-#}
{% macro spark__read_external_wave(path) -%}
    {%- if path.endswith('.parquet') -%}
        parquet.`{{ path }}`
    {%- else -%}
        {%- set names = csx.spark__external_wave_columns(path) -%}
        {%- if names | length == 0 -%}
            (select cast(null as string) as respondent_id where 1 = 0)
        {%- else -%}
            (
                select
                {%- for name in names %}
                    _c{{ loop.index0 }} as {{ adapter.quote(name) }}{{ ',' if not loop.last }}
                {%- endfor %}
                from csv.`{{ path }}`
                where _c0 <> '{{ names[0] }}'
            )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Column names of an external wave file (empty list at parse time). -#}
{% macro external_wave_columns(path) -%}
    {{ return(adapter.dispatch('external_wave_columns', 'csx')(csx.wave_file_path(path))) }}
{%- endmacro %}

{% macro default__external_wave_columns(path) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set described = run_query('describe select * from ' ~ csx.read_external_wave(path)) -%}
    {{ return(described.columns[0].values() | list) }}
{%- endmacro %}

{% macro spark__external_wave_columns(path) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- if path.endswith('.parquet') -%}
        {%- set described = run_query('select * from parquet.`' ~ path ~ '` limit 0') -%}
        {{ return(described.column_names | list) }}
    {%- endif -%}
    {%- set header = run_query('select * from csv.`' ~ path ~ '` limit 1') -%}
    {{ return(header.rows[0].values() | list if header.rows | length > 0 else []) }}
{%- endmacro %}

{#-
    The relation of a seed, looked up through the graph (not through `ref`, so the caller may read a
    seed at compile time without adding a DAG edge; callers add `-- depends_on: ref(...)`). Unit tests get
    no graph: the seed is then where dbt_project.yml puts seeds (schema `raw`). None if not built yet.
-#}
{% macro seed_relation(seed_name) -%}
    {%- set node = (graph.get('nodes') or {}).get('seed.' ~ project_name ~ '.' ~ seed_name) -%}
    {%- if node is not none -%}
        {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias or node.name)) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=target.database, schema=(generate_schema_name('raw', none) | trim), identifier=seed_name)) }}
{%- endmacro %}

{#- Column names of a wave, read from the warehouse at execute time (empty list at parse time). -#}
{% macro wave_columns(wave) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- if wave.storage == 'external' -%}
        {{ return(csx.external_wave_columns(wave.path)) }}
    {%- endif -%}
    {%- set relation = csx.seed_relation('wave_' ~ wave.wave_id) -%}
    {%- if relation is none -%}{{ return([]) }}{%- endif -%}
    {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | list) }}
{%- endmacro %}

{#- FROM-clause source of a wave: its seed (ref) or its external file. -#}
{% macro wave_source(wave) -%}
    {%- if wave.storage == 'external' -%}
        {{ return(csx.read_external_wave(wave.path)) }}
    {%- endif -%}
    {{ return(ref('wave_' ~ wave.wave_id)) }}
{%- endmacro %}
