module greenloop.local/rpn_calculator

go 1.18
