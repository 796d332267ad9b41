{#-
    Survey answers in long form: one row per wave x respondent x question x answer option shown or
    chosen, harmonized through the codebook.

    Each wave in var('csx_waves') is a wide survey-tool export (one row per respondent). Its columns are
    read from the warehouse at execute time and unpivoted by the dispatched `csx.unpivot` macro:
      single / rating / coded_text / grid row: column = question_code, value = the chosen option_code
      multi-select: column = question_code || '_' || option_code, value 1 = selected, 0 = shown, not selected
    Cells that match no codebook entry (unknown column, or a value the codebook does not list for the
    question) keep a NULL question_id and option_id (caught by not_null tests).
    Column names are matched exactly (case-sensitive), as the survey tool writes them.
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

answer_options as (

    select
        options.wave_id,
        options.question_code,
        options.option_code,
        questions.question_id,
        questions.question_type,
        options.option_id,
        options.trend_option_id,
        options.score_value
    from options
    inner join questions
        on
            options.wave_id = questions.wave_id
            and options.question_code = questions.question_code

),

multi_select_columns as (

    select
        *,
        {{ dbt.concat(['question_code', "'_'", 'option_code']) }} as column_name
    from answer_options
    where question_type = 'multi'

),

single_value_columns as (

    select
        *,
        question_code as column_name
    from answer_options
    where question_type <> 'multi'

),

answered as (

    select
        wave_id,
        respondent_id,
        column_name,
        trim(answer_value) as answer_value
    from unpivoted
    where trim(answer_value) <> ''

),

recoded as (

    select
        answered.wave_id,
        answered.respondent_id,
        coalesce(multi_select_columns.question_id, single_value_columns.question_id) as question_id,
        coalesce(multi_select_columns.option_id, single_value_columns.option_id) as option_id,
        coalesce(multi_select_columns.trend_option_id, single_value_columns.trend_option_id) as trend_option_id,
        coalesce(multi_select_columns.question_type, single_value_columns.question_type) as question_type,
        answered.column_name,
        coalesce(multi_select_columns.question_code, single_value_columns.question_code) as question_code,
        coalesce(multi_select_columns.option_code, answered.answer_value) as option_code,
        answered.answer_value,
        coalesce(multi_select_columns.score_value, single_value_columns.score_value) as score_value,
        case
            when multi_select_columns.option_id is not null then answered.answer_value = '1'
            else true
        end as is_selected
    from answered
    left join multi_select_columns
        on
            answered.wave_id = multi_select_columns.wave_id
            and answered.column_name = multi_select_columns.column_name
    left join single_value_columns
        on
            answered.wave_id = single_value_columns.wave_id
            and answered.column_name = single_value_columns.column_name
            and answered.answer_value = single_value_columns.option_code

)

select * from recoded
