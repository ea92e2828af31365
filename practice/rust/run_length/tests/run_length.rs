use run_length::{decode, encode};

#[test]
fn encodes_the_empty_string() {
    assert_eq!(encode(""), "");
}

#[test]
fn leaves_single_characters_alone() {
    assert_eq!(encode("XYZ"), "XYZ");
}

#[test]
fn encodes_runs() {
    assert_eq!(encode("WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWB"), "12WB12W3B24WB");
}

#[test]
fn encodes_spaces_and_unicode() {
    assert_eq!(encode("  hsqq qww  "), "2 hs2q q2w2 ");
    assert_eq!(encode("ééé!"), "3é!");
}

#[test]
fn decodes_runs_with_multi_digit_counts() {
    assert_eq!(decode("12WB12W3B24WB"), "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWB");
}

#[test]
fn decodes_single_characters() {
    assert_eq!(decode("XYZ"), "XYZ");
    assert_eq!(decode(""), "");
}

#[test]
fn round_trips() {
    let text = "zzz ZZ  zZ";
    assert_eq!(decode(&encode(text)), text);
}
