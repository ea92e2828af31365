use rpn_calculator::{evaluate, CalcError};

#[test]
fn a_number_is_its_own_value() {
    assert_eq!(evaluate("42"), Ok(42));
    assert_eq!(evaluate("-3"), Ok(-3));
}

#[test]
fn applies_the_four_operators_in_order() {
    assert_eq!(evaluate("3 4 + 2 *"), Ok(14));
    assert_eq!(evaluate("10 4 -"), Ok(6));
    assert_eq!(evaluate("7 2 /"), Ok(3));
    assert_eq!(evaluate("-7 2 /"), Ok(-3));
}

#[test]
fn dup_and_swap_rearrange_the_stack() {
    assert_eq!(evaluate("5 dup *"), Ok(25));
    assert_eq!(evaluate("1 10 swap -"), Ok(9));
}

#[test]
fn extra_whitespace_is_ignored() {
    assert_eq!(evaluate("  1\t2 +\n"), Ok(3));
}

#[test]
fn an_empty_expression_is_an_error() {
    assert_eq!(evaluate("   "), Err(CalcError::EmptyExpression));
}

#[test]
fn unknown_tokens_are_named() {
    assert_eq!(evaluate("1 2 %"), Err(CalcError::UnknownToken("%".to_string())));
}

#[test]
fn operators_need_enough_values() {
    assert_eq!(evaluate("1 +"), Err(CalcError::StackUnderflow));
    assert_eq!(evaluate("swap"), Err(CalcError::StackUnderflow));
}

#[test]
fn dividing_by_zero_is_an_error() {
    assert_eq!(evaluate("1 0 /"), Err(CalcError::DivisionByZero));
}

#[test]
fn values_left_over_are_counted() {
    assert_eq!(evaluate("1 2 3 +"), Err(CalcError::LeftoverValues(2)));
}
