{#-
    Confidentiality: respondent ids appear in the two fact tables only. Fails with one row per marts
    model (other than fct_*) that has a respondent_id column.
-#}
{%- set offenders = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.fqn[1] == 'marts'
        and not node.name.startswith('fct_') -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- if relation is not none -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- if column.name | lower == 'respondent_id' -%}
                    {%- do offenders.append(node.name) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}
{#- runs after every marts model:
    {{ ref('dim_wave') }}
    {{ ref('dim_question') }}
    {{ ref('dim_answer_option') }}
    {{ ref('dim_industry') }}
    {{ ref('dim_company_size') }}
    {{ ref('dim_cs_team_size') }}
    {{ ref('dim_customer_segment') }}
    {{ ref('dim_channel') }}
    {{ ref('dim_ai_capability') }}
    {{ ref('mart_option_scores') }}
    {{ ref('mart_wave_summary') }}
    {{ ref('mart_report_reconciliation') }}
    {{ ref('mart_wave_trends') }}
    {{ ref('mart_question_coverage') }}
-#}
select model_name
from (
    select cast(null as {{ dbt.type_string() }}) as model_name
    {%- for name in offenders %}
    union all
    select '{{ name }}' as model_name
    {%- endfor %}
) as offending_models
where model_name is not null
