{#-
    Survey answers in long form: one row per wave x respondent x question x answer option shown or
    chosen, harmonized through the codebook.

    Each wave in var('csx_waves') is a wide survey-tool export (one row per respondent). Its columns are
    read from the warehouse at execute time and unpivoted by the dispatched `csx.unpivot` macro:
      single / rating / coded_text / grid row: column = question_code, value = the chosen option_code
      multi-select: column = question_code || '_' || option_code, value 1 = selected, 0 = shown, not selected
    Columns that match no codebook question keep a NULL question_id (caught by a not_null test).
-#}
with

unpivoted as (

    {{ csx.waves_unpivoted(var('csx_waves')) }}

),

questions as (

    select * from {{ ref('stg_survey__questions') }}

),

options as (

    select * from {{ ref('stg_survey__options') }}

),

column_map as (

    select
        wave_id,
        lower(question_code) as column_key,
        question_code,
        cast(null as {{ dbt.type_string() }}) as multi_option_code,
        false as is_multi
    from questions
    where question_type <> 'multi'

    union all

    select
        options.wave_id,
        lower({{ dbt.concat(['options.question_code', "'_'", 'options.option_code']) }}) as column_key,
        options.question_code,
        options.option_code as multi_option_code,
        true as is_multi
    from options
    inner join questions
        on
            options.wave_id = questions.wave_id
            and options.question_code = questions.question_code
    where questions.question_type = 'multi'

),

answered as (

    select
        unpivoted.wave_id,
        unpivoted.respondent_id,
        unpivoted.column_name,
        trim(unpivoted.answer_value) as answer_value,
        column_map.question_code,
        coalesce(column_map.multi_option_code, trim(unpivoted.answer_value)) as option_code,
        coalesce(column_map.is_multi, false) as is_multi
    from unpivoted
    left join column_map
        on
            unpivoted.wave_id = column_map.wave_id
            and lower(unpivoted.column_name) = column_map.column_key
    where trim(unpivoted.answer_value) <> ''

),

recoded as (

    select
        answered.wave_id,
        answered.respondent_id,
        questions.question_id,
        options.option_id,
        options.trend_option_id,
        questions.question_type,
        answered.column_name,
        answered.question_code,
        answered.option_code,
        answered.answer_value,
        options.score_value,
        case
            when answered.is_multi then answered.answer_value = '1'
            else true
        end as is_selected
    from answered
    left join questions
        on
            answered.wave_id = questions.wave_id
            and answered.question_code = questions.question_code
    left join options
        on
            answered.wave_id = options.wave_id
            and answered.question_code = options.question_code
            and answered.option_code = options.option_code

)

select * from recoded
