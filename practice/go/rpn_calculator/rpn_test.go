package rpn

import (
	"errors"
	"testing"
)

func TestEvalValues(t *testing.T) {
	cases := []struct {
		name string
		expr string
		want int
	}{
		{"addition", "3 4 +", 7},
		{"nested", "5 1 2 + 4 * + 3 -", 14},
		{"order of operands", "2 3 4 * -", -10},
		{"truncating division", "-7 2 /", -3},
		{"negative numbers", "-3 -4 *", 12},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Eval(c.expr)
			if err != nil || got != c.want {
				t.Errorf("Eval(%q) = %d, %v, want %d", c.expr, got, err, c.want)
			}
		})
	}
}

func TestEvalErrors(t *testing.T) {
	cases := []struct {
		name string
		expr string
		want error
	}{
		{"division by zero", "1 0 /", ErrDivisionByZero},
		{"too few operands", "1 +", ErrTooFewOperands},
		{"empty", "   ", ErrTooFewOperands},
		{"unknown token", "1 2 x", ErrUnknownToken},
		{"leftover", "1 2", ErrLeftover},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Eval(c.expr)
			if !errors.Is(err, c.want) {
				t.Errorf("Eval(%q) error = %v, want %v", c.expr, err, c.want)
			}
		})
	}
}
