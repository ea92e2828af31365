module greenloop.local/word_count

go 1.18
