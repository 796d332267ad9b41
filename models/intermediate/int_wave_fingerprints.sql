{#-
    One row per carried wave: an integer key (`wave_key`, from the wave id) and a fingerprint of everything its
    rows derive from (the wave file's content, its entry in var('csx_waves'), its codebook rows), as integers. A per-wave incremental model stores the fingerprint its
    rows were built from and rebuilds exactly the waves whose fingerprint changed (macros/incremental.sql).
-#}

with

questions as (

    select * from {{ ref('stg_survey__questions') }}

),

options as (

    select * from {{ ref('stg_survey__options') }}

),

files as (

    {% for wave in csx.carried_waves() %}
        select
            {{ csx.text_literal(wave.wave_id) }} as wave_id,
            {{ csx.text_literal(wave.storage ~ ':' ~ (wave.path or '')) }} as registry_entry,
            {{ csx.wave_fingerprint(wave) }} as file_fingerprint
        union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as wave_id,
        cast(null as {{ dbt.type_string() }}) as registry_entry,
        cast(null as {{ dbt.type_string() }}) as file_fingerprint
    where 1 = 0

),

question_rows as (

    select
        wave_id,
        {{ csx.listagg_sorted(dbt.concat([
            'question_code', "'|'", 'question_id', "'|'", 'question_type', "'|'",
            "coalesce(cast(question_order as " ~ dbt.type_string() ~ "), '')",
        ])) }} as question_text
    from questions
    group by wave_id

),

option_rows as (

    select
        wave_id,
        {{ csx.listagg_sorted(dbt.concat([
            'question_code', "'|'", 'option_code', "'|'", 'option_id', "'|'", 'trend_option_id', "'|'",
            "coalesce(cast(score_value as " ~ dbt.type_string() ~ "), '')",
        ])) }} as option_text
    from options
    group by wave_id

),

fingerprinted as (

    select
        files.wave_id,
        {{ csx.stable_hash_int('files.wave_id', 7) }} as wave_key,
        {{ csx.stable_hash_int(dbt.concat([
            'files.registry_entry', "'#'", "coalesce(files.file_fingerprint, '')", "'#'",
            "coalesce(question_rows.question_text, '')", "'#'", "coalesce(option_rows.option_text, '')",
        ])) }} as wave_fingerprint
    from files
    left join question_rows
        on files.wave_id = question_rows.wave_id
    left join option_rows
        on files.wave_id = option_rows.wave_id

),

final as (

    select * from fingerprinted

)

select * from final
