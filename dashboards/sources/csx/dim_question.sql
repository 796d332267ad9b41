select * from marts.dim_question
