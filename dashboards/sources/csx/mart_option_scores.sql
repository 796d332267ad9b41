select * from marts.mart_option_scores
