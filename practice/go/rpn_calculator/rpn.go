// Package rpn evaluates integer expressions in reverse Polish notation ("3 4 +" is 7).
package rpn

import "errors"

// The errors Eval reports; wrap them with details if you like (errors.Is must still find them).
var (
	ErrDivisionByZero = errors.New("division by zero")
	ErrTooFewOperands = errors.New("too few operands")
	ErrUnknownToken   = errors.New("unknown token")
	ErrLeftover       = errors.New("values left on the stack")
)

// Eval evaluates expr: integers (optionally negative, "-3") and the operators + - * /, separated
// by spaces. Division truncates toward zero. The expression must leave exactly one value.
func Eval(expr string) (int, error) {
	// TODO: push numbers on a stack; an operator pops two values and pushes the result.
	// TODO: report the errors above (an empty expression has too few operands).
	return 0, nil
}
