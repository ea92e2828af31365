//! Run-length encoding: "WWWBB" <-> "3W2B". Replace every TODO so the tests pass.

/// Encodes `text`: each run of two or more equal characters becomes its length and the character
/// ("AAB" -> "2AB"); single characters stay as they are. Works on any Unicode characters.
pub fn encode(text: &str) -> String {
    // TODO: walk the characters, counting each run
    todo!("encode {text:?}")
}

/// Decodes what `encode` produced ("2AB" -> "AAB"). A count may have several digits ("12W").
pub fn decode(encoded: &str) -> String {
    // TODO: read digits into a count, then repeat the next character that many times (1 when no digits)
    todo!("decode {encoded:?}")
}
