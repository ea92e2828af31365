//! A reverse Polish notation calculator: "3 4 + 2 *" is (3 + 4) * 2. Replace every TODO so the tests pass.

#[derive(Debug, PartialEq, Eq)]
pub enum CalcError {
    /// The expression holds no token at all.
    EmptyExpression,
    /// A token that is neither an integer nor a known operator.
    UnknownToken(String),
    /// An operator found fewer values on the stack than it needs.
    StackUnderflow,
    DivisionByZero,
    /// More than one value is left at the end; the count of values left.
    LeftoverValues(usize),
}

/// Evaluates `expression`: tokens split by whitespace; integers (possibly negative, like "-3") are pushed,
/// `+ - * /` pop two values (division truncates toward zero), `dup` copies the top value, `swap` swaps the
/// top two. Exactly one value must be left.
pub fn evaluate(expression: &str) -> Result<i64, CalcError> {
    // TODO: keep a stack of values, apply each token, then check what is left
    todo!("evaluate {expression:?}")
}
