{#-
    Per-wave incremental models: a wave's rows are (re)built only when the wave is new or its inputs changed.

    `int_wave_fingerprints` holds, per carried wave, an integer key (`wave_key`) and a fingerprint of everything
    the wave's rows derive from (its file, its codebook rows, its registry entry). A per-wave model
    (`csx.per_wave_config()`) stores both on its rows (`wave_key`, `wave_fingerprint`), reads only the waves whose fingerprint changed since
    (`csx.waves_to_build()`), replaces exactly those waves' rows, and drops the rows of waves no longer
    carried. On the first build (or with --full-refresh) every wave is built. Model code changes need
    `--full-refresh` (`csx build` does it by itself when models/ or macros/ changed since the published build).
-#}

{#- Model config for a per-wave incremental model (keyed by the integer `wave_key`). -#}
{% macro per_wave_config() -%}
    {%- set config = {
        'materialized': 'incremental',
        'unique_key': 'wave_key',
        'on_schema_change': 'fail',
        'post_hook': ["{{ csx.delete_waves_not_carried() }}"],
    } -%}
    {%- if target.type == 'spark' -%}
        {%- do config.update({'incremental_strategy': 'insert_overwrite', 'partition_by': ['wave_key']}) -%}
    {%- else -%}
        {%- do config.update({'incremental_strategy': 'delete+insert'}) -%}
    {%- endif -%}
    {{ return(config) }}
{%- endmacro %}

{#-
    The carried waves this model must (re)build in this run, each with its `wave_key` and current
    `fingerprint` (int_wave_fingerprints): every carried wave unless incremental, else the waves whose
    fingerprint differs from the one stored on this model's rows. (At parse time, or before
    int_wave_fingerprints exists: every wave, keys NULL.)
-#}
{% macro waves_to_build() -%}
    {%- set fingerprints_relation = ref('int_wave_fingerprints') -%}
    {%- set waves = [] -%}
    {#- before the first build (sqlfluff or `dbt compile` on a fresh clone) there are no fingerprints yet -#}
    {%- set fingerprints_missing = execute and load_relation(fingerprints_relation) is none -%}
    {%- if fingerprints_missing and flags.WHICH in ('run', 'build') -%}
        {{ exceptions.raise_compiler_error(this ~ ': ' ~ fingerprints_relation ~ ' is not built yet; build it first (e.g. `dbt build --select +' ~ this.identifier ~ '`)') }}
    {%- endif -%}
    {%- if not execute or fingerprints_missing -%}
        {%- for wave in csx.carried_waves() -%}
            {%- do waves.append({'wave_id': wave.wave_id, 'wave': wave, 'wave_key': none, 'fingerprint': none}) -%}
        {%- endfor -%}
        {{ return(waves) }}
    {%- endif -%}
    {%- set current = {} -%}
    {%- for row in run_query('select wave_id, wave_key, wave_fingerprint from ' ~ fingerprints_relation).rows -%}
        {%- do current.update({row[0] | string: {'wave_key': row[1], 'fingerprint': row[2]}}) -%}
    {%- endfor -%}
    {%- set built = {} -%}
    {%- if is_incremental() -%}
        {%- for row in run_query('select wave_key, max(wave_fingerprint) from ' ~ this ~ ' group by wave_key').rows -%}
            {%- do built.update({row[0] | string: row[1]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for wave in csx.carried_waves() -%}
        {%- set now = current.get(wave.wave_id | string, {'wave_key': none, 'fingerprint': none}) -%}
        {%- if not is_incremental() or built.get(now.wave_key | string) != now.fingerprint -%}
            {%- do waves.append({'wave_id': wave.wave_id, 'wave': wave, 'wave_key': now.wave_key,
                'fingerprint': now.fingerprint}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(waves) }}
{%- endmacro %}

{#- `wave_id in (...)` over the waves to build (`1 = 0` when there is none). -#}
{% macro wave_filter(waves, column='wave_id') -%}
    {%- if waves | length == 0 -%}
        1 = 0
    {%- else -%}
        {{ column }} in ({{ csx.sql_text_list(waves | map(attribute='wave_id') | list) }})
    {%- endif -%}
{%- endmacro %}

{#-
    The bookkeeping columns of a per-wave model, as literals per built wave (integers, so that they cost
    nothing to store on many rows): `wave_key` and `wave_fingerprint`, chosen by the wave id in `column`.
-#}
{% macro wave_bookkeeping_columns(waves, column='wave_id') -%}
    {%- for name, attribute in [('wave_key', 'wave_key'), ('wave_fingerprint', 'fingerprint')] -%}
        {%- if waves | length == 0 -%}
            cast(null as {{ dbt.type_bigint() }}) as {{ name }}
        {%- else -%}
            cast(case {{ column }}
            {%- for wave in waves %}
                when {{ csx.text_literal(wave.wave_id) }} then {{ wave[attribute] if wave[attribute] is not none else 'null' }}
            {%- endfor %}
            end as {{ dbt.type_bigint() }}) as {{ name }}
        {%- endif -%}
        {{- ',' if loop.first }}
    {% endfor -%}
{%- endmacro %}

{#- Post-hook: remove the rows of waves that are no longer in var('csx_waves'). -#}
{% macro delete_waves_not_carried() -%}
    {{ return(adapter.dispatch('delete_waves_not_carried', 'csx')()) }}
{%- endmacro %}

{% macro default__delete_waves_not_carried() -%}
    delete from {{ this }} where wave_key not in (select wave_key from {{ ref('int_wave_fingerprints') }})
{%- endmacro %}

{#- Spark tables are partitioned by wave_key: dropping a wave drops its partition. -#}
{% macro spark__delete_waves_not_carried() -%}
    {%- if execute -%}
        {%- set carried = run_query('select wave_key from ' ~ ref('int_wave_fingerprints')).columns[0].values() | list -%}
        {%- set present = run_query('select distinct wave_key from ' ~ this).columns[0].values() | list -%}
        {%- for wave_key in present if wave_key not in carried -%}
            alter table {{ this }} drop if exists partition (wave_key = {{ wave_key }});
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- A stable integer from text: the first `hex_digits` hex digits of its md5 (7 fit an int, 15 a bigint). -#}
{% macro stable_hash_int(expression, hex_digits=15) -%}
    {{ return(adapter.dispatch('stable_hash_int', 'csx')(expression, hex_digits)) }}
{%- endmacro %}

{% macro default__stable_hash_int(expression, hex_digits) -%}
    cast(('0x' || substring({{ dbt.hash(expression) }}, 1, {{ hex_digits }})) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro spark__stable_hash_int(expression, hex_digits) -%}
    cast(conv(substring(md5({{ expression }}), 1, {{ hex_digits }}), 16, 10) as {{ dbt.type_bigint() }})
{%- endmacro %}

{#- A file's content fingerprint, or NULL where the engine cannot read files as blobs. -#}
{% macro file_fingerprint(path) -%}
    {{ return(adapter.dispatch('file_fingerprint', 'csx')(path)) }}
{%- endmacro %}

{% macro default__file_fingerprint(path) -%}
    cast(null as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__file_fingerprint(path) -%}
    (select md5(content) from read_blob({{ csx.text_literal(path) }}))
{%- endmacro %}

{#- Spark's `binaryFile` source: read by the executors, so the path must be one they see (shared storage). -#}
{% macro spark__file_fingerprint(path) -%}
    (select md5(content) from binaryFile.`{{ path | replace('`', '``') }}`)
{%- endmacro %}

{#-
    A wave file's fingerprint. On Spark a seed wave is not read from disk by the cluster (its executors may
    not see the dbt machine's files): dbt's checksum of the seed file stands for its content.
-#}
{% macro wave_fingerprint(wave) -%}
    {{ return(adapter.dispatch('wave_fingerprint', 'csx')(wave)) }}
{%- endmacro %}

{% macro default__wave_fingerprint(wave) -%}
    {{ return(csx.file_fingerprint(csx.wave_file(wave))) }}
{%- endmacro %}

{% macro spark__wave_fingerprint(wave) -%}
    {%- if wave.storage == 'external' -%}
        {{ return(csx.file_fingerprint(csx.wave_file(wave))) }}
    {%- endif -%}
    {%- set node = (graph.get('nodes') or {}).get('seed.' ~ project_name ~ '.wave_' ~ wave.wave_id) -%}
    {#- dbt checksums a seed over 1 MiB by its path only: then the file is read after all -#}
    {%- if node is none or node.checksum is none or node.checksum.name != 'sha256' -%}
        {{ return(csx.file_fingerprint(csx.wave_file(wave))) }}
    {%- endif -%}
    {{ return(csx.text_literal(node.checksum.checksum)) }}
{%- endmacro %}

{#- `wave_key in (...)` over the waves to build (`1 = 0` when there is none). -#}
{% macro wave_key_filter(waves, column='wave_key') -%}
    {%- set keys = waves | map(attribute='wave_key') | reject('none') | map('string') | list -%}
    {%- if keys | length == 0 -%}
        1 = 0
    {%- else -%}
        {{ column }} in ({{ keys | join(', ') }})
    {%- endif -%}
{%- endmacro %}
