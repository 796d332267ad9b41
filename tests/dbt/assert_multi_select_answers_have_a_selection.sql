{#-
    Every respondent shown a multi-select question chose at least one option (lists carry a "none" option), so
    a question's base can be counted from first answers (macros/recode.sql). Checked on the wide wave files:
    fails with one row per wave x question x respondent with some option cells filled and none equal to 1.
-#}
-- depends_on: {{ ref('stg_survey__responses') }}
-- depends_on: {{ ref('codebook_questions') }}
-- depends_on: {{ ref('codebook_options') }}
with

violations as (

    {% for wave in csx.carried_waves() -%}
        {%- set source = csx.wave_source(wave) -%}
        {%- for question in csx.wave_codebook(wave.wave_id) if question.type == 'multi' -%}
            {%- set columns = [] -%}
            {%- for option in question.options -%}
                {%- do columns.append("coalesce(" ~ adapter.quote(question.code ~ '_' ~ option.code) ~ ", '')") -%}
            {%- endfor %}
            select
                {{ csx.text_literal(wave.wave_id) }} as wave_id,
                {{ csx.text_literal(question.id) }} as question_id,
                cast(respondent_id as {{ dbt.type_string() }}) as respondent_id
            from {{ source }}
            where
                '1' not in ({{ columns | join(', ') }})
                and (
                    {{ columns | join(" <> ''\n                    or ") }} <> ''
                )
            union all
        {%- endfor %}
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as wave_id,
        cast(null as {{ dbt.type_string() }}) as question_id,
        cast(null as {{ dbt.type_string() }}) as respondent_id
    where 1 = 0

)

select * from violations
