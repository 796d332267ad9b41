{#-
    One row per wave x respondent x answer chosen, in integers: the respondent's number within the wave
    (`respondent_number`, see stg_survey__respondents), the answer number (`answer_seq`, which
    int_answer_options_mapped turns into question and option ids) and whether it is the respondent's first
    chosen option of the question (so that bases are counts).

    Each wave of var('csx_waves') is a wide survey-tool export (one row per respondent). Every column is
    recoded in place by a CASE built from the wave's codebook (macros/recode.sql) and the integers are
    unpivoted: one scan of the file, no string join. Values the codebook does not list give answer_seq -1,
    unknown columns -2 (tests fail on both: nothing is dropped silently).

    A table on Spark: its SQL (one CASE per column) outgrows the 32 700 characters a Hive metastore on Derby
    stores for a view's text.
-#}
{{ config(materialized='table' if target.type == 'spark' else 'view') }}
-- depends_on: {{ ref('codebook_questions') }}
-- depends_on: {{ ref('codebook_options') }}
{%- set flag = csx.first_answer_flag() %}

with

unpivoted as (

    {% for wave in csx.carried_waves() -%}
        {%- set source = csx.wave_source(wave) -%}
        {%- set columns = csx.answer_code_columns(wave) -%}
        {%- if columns %}
            select
                {{ csx.text_literal(wave.wave_id) }} as wave_id,
                respondent_number,
                answer_code
            from (
                {% set input_sql -%}
                    select
                        numbers.respondent_number,
                        {%- for column in columns %}
                            {{ column.expression }} as {{ adapter.quote(column.column) }}
                            {{- ',' if not loop.last }}
                        {%- endfor %}
                    from {{ source }} as wave_rows
                    {#- numbered on the id alone: a window over the wide rows would buffer every column #}
                    inner join (
                        select
                            respondent_id,
                            cast({{ csx.respondent_number() }} as {{ dbt.type_int() }}) as respondent_number
                        from {{ source }}
                    ) as numbers
                        on wave_rows.respondent_id = numbers.respondent_id
                {%- endset %}
                {{ csx.unpivot(input_sql, ['respondent_number'], columns | map(attribute='column') | list,
                    'column_name', 'answer_code') }}
            ) as wave_{{ loop.index }}
            union all
        {%- endif %}
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as wave_id,
        cast(null as {{ dbt.type_int() }}) as respondent_number,
        cast(null as {{ dbt.type_int() }}) as answer_code
    where 1 = 0

),

decoded as (

    select
        wave_id,
        respondent_number,
        cast(case when answer_code >= {{ flag }} then answer_code - {{ flag }} else answer_code end
            as {{ dbt.type_int() }}) as answer_seq,
        answer_code >= {{ flag }} as is_first_answer
    from unpivoted

)

select * from decoded
