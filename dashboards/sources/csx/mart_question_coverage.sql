select * replace (cast(wave_ids as varchar) as wave_ids) from marts.mart_question_coverage
