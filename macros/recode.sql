{#-
    Recoding a wide wave export through the codebook, without joins.

    At execute time the wave's codebook rows are read from the codebook seeds (`wave_codebook`) and turned into
    one CASE expression per wave column: the column's text value becomes an integer answer code. The wide
    rows are then unpivoted (`csx.unpivot`) on those integers, so the long form is built in one scan of the
    file with no string join (see docs/models.md, "How a wave is read").

    Answer codes, per wave:
      answer_seq        row number of the option in the wave's codebook (`csx.answer_seq()`), 1, 2, ...
      + first_flag      added when the cell is the respondent's first chosen option of the question (every
                        single-choice / rating answer; for multi-select, the first option marked 1 in codebook
                        order), so a question's base (respondents asked) is a count, not a distinct count
      -1                a non-empty value the codebook does not list for the column
      -2                a non-empty value in a column the codebook does not know
    Empty cells and multi-select `0` give NULL, i.e. no row. The landing rules guarantee that a multi-select
    question a respondent was shown has at least one option marked 1, so "asked" = "has a first answer".
-#}

{#- The flag added to an answer code for the respondent's first chosen option of a question. -#}
{% macro first_answer_flag() -%}1048576{%- endmacro %}

{#- The answer number of an option within its wave (same expression at compile time and in stg_survey__options). -#}
{% macro answer_seq() -%}
    row_number() over (partition by wave_id order by question_code, option_code)
{%- endmacro %}

{#-
    The wave's codebook, read from the seeds at execute time: a list of questions in questionnaire order,
    each {code, id, type, options: [{code, seq, score, option_id}]}, options in answer_seq order.
    Empty at parse time.
-#}
{% macro wave_codebook(wave_id) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set questions_relation = csx.seed_relation('codebook_questions') -%}
    {%- set options_relation = csx.seed_relation('codebook_options') -%}
    {%- if questions_relation is none or options_relation is none -%}{{ return([]) }}{%- endif -%}
    {%- set sql -%}
        with options as (
            select
                cast(wave_id as {{ dbt.type_string() }}) as wave_id,
                cast(question_code as {{ dbt.type_string() }}) as question_code,
                cast(option_code as {{ dbt.type_string() }}) as option_code,
                cast(option_id as {{ dbt.type_string() }}) as option_id,
                cast(score_value as {{ dbt.type_string() }}) as score_value
            from {{ options_relation }}
            where cast(wave_id as {{ dbt.type_string() }}) = '{{ wave_id }}'
        ),
        numbered as (
            select *, {{ csx.answer_seq() }} as answer_seq from options
        )
        select
            questions.question_code,
            questions.question_id,
            questions.question_type,
            numbered.option_code,
            numbered.answer_seq,
            numbered.score_value,
            numbered.option_id
        from {{ questions_relation }} as questions
        inner join numbered
            on cast(questions.question_code as {{ dbt.type_string() }}) = numbered.question_code
        where cast(questions.wave_id as {{ dbt.type_string() }}) = '{{ wave_id }}'
        order by cast(questions.question_order as {{ dbt.type_int() }}), questions.question_code, numbered.answer_seq
    {%- endset -%}
    {%- set questions = [] -%}
    {%- set by_code = {} -%}
    {%- for row in run_query(sql).rows -%}
        {%- set code = row[0] | string -%}
        {%- if code not in by_code -%}
            {%- do by_code.update({code: {'code': code, 'id': row[1], 'type': row[2], 'options': []}}) -%}
            {%- do questions.append(by_code[code]) -%}
        {%- endif -%}
        {%- do by_code[code]['options'].append(
            {'code': row[3] | string, 'seq': row[4] | int, 'score': row[5], 'option_id': row[6]}
        ) -%}
    {%- endfor -%}
    {{ return(questions) }}
{%- endmacro %}

{#- A text literal for SQL (quotes doubled). -#}
{% macro text_literal(value) -%}
    '{{ (value | string).replace("'", "''") }}'
{%- endmacro %}

{#-
    The wave's answer columns as {column, expression} pairs: one CASE per column of the file (other than
    respondent_id and submitted_at) giving the integer answer code described at the top of this file.
-#}
{% macro answer_code_columns(wave) -%}
    {%- set flag = csx.first_answer_flag() -%}
    {%- set by_column = {} -%}
    {%- for question in csx.wave_codebook(wave.wave_id) -%}
        {%- if question.type == 'multi' -%}
            {%- set earlier = [] -%}
            {%- for option in question.options -%}
                {%- set column = question.code ~ '_' ~ option.code -%}
                {%- set quoted = adapter.quote(column) -%}
                {%- set first_test = ('case when ' ~ (earlier | join(' or ')) ~ ' then 0 else ' ~ flag ~ ' end') if earlier else flag -%}
                {%- do by_column.update({column: (
                    "case when " ~ quoted ~ " <> '' then (case " ~ quoted
                    ~ " when '1' then " ~ option.seq ~ " + " ~ first_test
                    ~ " when '0' then null else -1 end) end"
                )}) -%}
                {%- do earlier.append(quoted ~ " = '1'") -%}
            {%- endfor -%}
        {%- else -%}
            {%- set quoted = adapter.quote(question.code) -%}
            {%- set whens = [] -%}
            {%- for option in question.options -%}
                {%- do whens.append("when " ~ csx.text_literal(option.code) ~ " then " ~ (option.seq + (flag | int))) -%}
            {%- endfor -%}
            {%- do by_column.update({question.code: (
                "case when " ~ quoted ~ " <> '' then (case " ~ quoted ~ " " ~ (whens | join(' ')) ~ " else -1 end) end"
            )}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- for column in csx.wave_columns(wave) -%}
        {%- if column | lower not in ['respondent_id', 'submitted_at'] -%}
            {%- set quoted = adapter.quote(column) -%}
            {%- do columns.append({
                'column': column,
                'expression': by_column.get(column, "case when " ~ quoted ~ " <> '' then -2 end"),
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#-
    The respondent profile of a wave as {name: expression}: `<question_id>_score` (integer score_value) for
    the self-rating questions and `<question_id>_id` (harmonized option id) for the segment questions.
    A question the wave did not ask is NULL; a value the codebook does not list is NULL here and -1 in
    stg_survey__responses (where a test catches it).
-#}
{% macro profile_columns(wave, score_questions, segment_questions) -%}
    {%- set by_id = {} -%}
    {%- for question in csx.wave_codebook(wave.wave_id) -%}
        {%- do by_id.update({question.id: question}) -%}
    {%- endfor -%}
    {%- set columns = {} -%}
    {%- for question_id in score_questions + segment_questions -%}
        {%- set is_score = question_id in score_questions -%}
        {%- set name = question_id if is_score else question_id ~ '_id' -%}
        {%- set question = by_id.get(question_id) -%}
        {%- if question is none -%}
            {%- do columns.update({name: 'cast(null as ' ~ (dbt.type_int() if is_score else dbt.type_string()) ~ ')'}) -%}
        {%- else -%}
            {%- set whens = [] -%}
            {%- for option in question.options -%}
                {%- set value = (option.score | int) if is_score else csx.text_literal(option.option_id) -%}
                {%- do whens.append("when " ~ csx.text_literal(option.code) ~ " then " ~ value) -%}
            {%- endfor -%}
            {%- do columns.update({name: "case " ~ adapter.quote(question.code) ~ " " ~ (whens | join(' ')) ~ " end"}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- The self-rating questions every chart crosses (harmonized question ids). -#}
{% macro score_questions() -%}
    {{ return(['cx_score', 'ex_score', 'ox_score']) }}
{%- endmacro %}

{#-
    A respondent's number within its wave: 1 = the smallest respondent_id. Respondent ids are unique within a
    wave (landing rule, tested), so both staging models that read a wave number its rows the same way.
-#}
{% macro respondent_number() -%}
    row_number() over (order by cast(respondent_id as {{ dbt.type_string() }}))
{%- endmacro %}
