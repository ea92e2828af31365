module greenloop.local/inventory

go 1.18
