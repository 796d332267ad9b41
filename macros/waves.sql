{#-
    Reading survey waves (`var('csx_waves')`).

    A wave is `{wave_id: "2025", storage: seed}` (the seed `wave_2025`) or
    `{wave_id: "2026", storage: external, path: "data/wave_2026.parquet"}` (a file read by the
    warehouse engine's own reader; path relative to the repo root unless absolute).
    Every column is read as text, so codes such as `01` survive.
-#}

{#- Absolute path of an external wave file. -#}
{% macro wave_file_path(path) -%}
    {%- if path.startswith('/') or ':' in path[:3] -%}
        {{ return(path) }}
    {%- else -%}
        {{ return(env_var('CSX_REPO_ROOT', project_root_dir()) ~ '/' ~ path) }}
    {%- endif -%}
{%- endmacro %}

{#- The dbt project directory (where dbt_project.yml lives). -#}
{% macro project_root_dir() -%}
    {#- unit tests get no graph: paths then resolve against the working directory -#}
    {%- set seed_node = (graph.get('nodes') or {}).values() | selectattr('resource_type', 'equalto', 'seed') | first -%}
    {%- if seed_node and seed_node.root_path -%}
        {{ return(seed_node.root_path) }}
    {%- endif -%}
    {{ return('.') }}
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
    Column names of a wave, read from the warehouse at execute time (empty list at parse time).
    Seed waves are looked up through the graph (not through `ref`), so the same columns are found
    when a unit test replaces the seed by a fixture.
-#}
{% macro wave_columns(wave) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- if wave.storage == 'external' -%}
        {{ return(csx.external_wave_columns(wave.path)) }}
    {%- endif -%}
    {%- set nodes = graph.get('nodes') or {} -%}
    {%- set node = nodes.get('seed.' ~ project_name ~ '.wave_' ~ wave.wave_id) -%}
    {%- if node is not none -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias or node.name
        ) -%}
    {%- else -%}
        {#- unit tests get no graph: the seed is where dbt_project.yml puts seeds (schema `raw`) -#}
        {%- set relation = adapter.get_relation(
            database=target.database, schema='raw', identifier='wave_' ~ wave.wave_id
        ) -%}
    {%- endif -%}
    {%- if relation is none -%}{{ return([]) }}{%- endif -%}
    {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | list) }}
{%- endmacro %}

{#- The wave ids of var('csx_waves') as a SQL list of text literals: '2023', '2025' -#}
{% macro carried_wave_ids() -%}
    {%- set quoted = [] -%}
    {%- for wave in var('csx_waves') -%}
        {%- do quoted.append("'" ~ wave.wave_id ~ "'") -%}
    {%- endfor -%}
    {{ return(quoted | join(', ')) }}
{%- endmacro %}

{#- A list of strings as a SQL list of text literals. -#}
{% macro sql_text_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append("'" ~ value ~ "'") -%}
    {%- endfor -%}
    {{ return(quoted | join(', ')) }}
{%- endmacro %}

{#- FROM-clause source of a wave: its seed (ref) or its external file. -#}
{% macro wave_source(wave) -%}
    {%- if wave.storage == 'external' -%}
        {{ return(csx.read_external_wave(wave.path)) }}
    {%- else -%}
        {{ return(ref('wave_' ~ wave.wave_id)) }}
    {%- endif -%}
{%- endmacro %}

{#-
    Every wave of `waves` in long form, `union all`: wave_id, respondent_id, column_name, answer_value
    (one row per non-NULL cell of the wide export; respondent_id and submitted_at are not unpivoted).
-#}
{% macro waves_unpivoted(waves) -%}
    {%- for wave in waves %}
    {%- set value_columns = [] -%}
    {%- for column in csx.wave_columns(wave) -%}
        {%- if column | lower not in ['respondent_id', 'submitted_at'] -%}
            {%- do value_columns.append(column) -%}
        {%- endif -%}
    {%- endfor %}
    select
        '{{ wave.wave_id }}' as wave_id,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        column_name,
        answer_value
    from (
        {{ csx.unpivot(csx.wave_source(wave), ['respondent_id'], value_columns) }}
    ) as wave_{{ loop.index }}_unpivoted
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Every wave of `waves`, `union all`: wave_id, respondent_id, submitted_at (as in the file). -#}
{% macro waves_respondents(waves) -%}
    {%- for wave in waves %}
    select
        '{{ wave.wave_id }}' as wave_id,
        respondent_id,
        submitted_at
    from {{ csx.wave_source(wave) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
