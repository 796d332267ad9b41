-- Provenance of each cell's values, one row per wave x segment x question x option, one column pair per
-- measure (mart_value_provenance, long -> wide). Used by option_scores.sql and wave_summary.sql.
select
    wave_id, segment_question_id, segment_option_id, question_id, option_id,
    max(case when measure = 'share' then provenance end) as share_provenance,
    max(case when measure = 'share' then printed_value end) as share_printed,
    max(case when measure = 'share' then contradiction end) as share_contradiction,
    max(case when measure = 'avg_cx' then provenance end) as cx_provenance,
    max(case when measure = 'avg_cx' then printed_value end) as cx_printed,
    max(case when measure = 'avg_ex' then provenance end) as ex_provenance,
    max(case when measure = 'avg_ex' then printed_value end) as ex_printed,
    max(case when measure = 'avg_ox' then provenance end) as ox_provenance,
    max(case when measure = 'avg_ox' then printed_value end) as ox_printed,
    max(case when measure = 'respondents_n' then provenance end) as n_provenance,
    max(case when measure not in ('share', 'respondents_n') then contradiction end) as score_contradiction,
    max(assumption_note) as assumption_note
from csx.mart_value_provenance
group by all
