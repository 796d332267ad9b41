select * from marts.mart_rating_scores
