-- The rating questions of the chosen wave (input rating_wave), for the distribution picker.
select distinct question_id, question_label_en as question_label
from csx.mart_rating_scores
where wave_id = '${inputs.rating_wave.value}'
order by question_label
