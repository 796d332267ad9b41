{#-
    Confidentiality: respondent ids appear in the fact tables only. Fails with one row per marts
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
-- every marts model other than the facts (tests/python/test_dbt_project.py checks this list is complete):
-- depends_on: {{ ref('dim_wave') }}
-- depends_on: {{ ref('dim_question') }}
-- depends_on: {{ ref('dim_answer_option') }}
-- depends_on: {{ ref('dim_company_size') }}
-- depends_on: {{ ref('dim_cs_team_size') }}
-- depends_on: {{ ref('dim_customer_segment') }}
-- depends_on: {{ ref('dim_industry') }}
-- depends_on: {{ ref('dim_ai_use') }}
-- depends_on: {{ ref('dim_segment') }}
-- depends_on: {{ ref('dim_channel') }}
-- depends_on: {{ ref('dim_ai_capability') }}
-- depends_on: {{ ref('mart_option_scores') }}
-- depends_on: {{ ref('mart_wave_summary') }}
-- depends_on: {{ ref('mart_report_reconciliation') }}
-- depends_on: {{ ref('mart_wave_trends') }}
-- depends_on: {{ ref('mart_question_coverage') }}
-- depends_on: {{ ref('mart_rating_scores') }}
-- depends_on: {{ ref('mart_rating_trends') }}
-- depends_on: {{ ref('mart_weighting_diagnostics') }}
-- depends_on: {{ ref('dim_weighting_scheme') }}
-- depends_on: {{ ref('mart_value_provenance') }}
select model_name
from (
    select cast(null as {{ dbt.type_string() }}) as model_name
    {%- for name in offenders %}
    union all
    select '{{ name }}' as model_name
    {%- endfor %}
) as offending_models
where model_name is not null
