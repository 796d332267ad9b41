-- Wave-on-wave changes that are significant at 5 % (share: two-proportion z; means: Welch t).
select
    trends.question_id,
    trends.question_label_en,
    trends.option_label_en,
    trends.previous_wave_id,
    trends.wave_id,
    trends.previous_share,
    trends.share,
    trends.share_change,
    trends.share_statistic,
    trends.share_significant,
    trends.cx_change,
    trends.cx_significant
from {{ ref('mart_wave_trends') }} as trends
where
    not trends.suppressed
    and (trends.share_significant or trends.cx_significant or trends.ex_significant or trends.ox_significant)
order by abs(trends.share_statistic) desc
