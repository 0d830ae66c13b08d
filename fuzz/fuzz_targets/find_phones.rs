//! The free-text phone finder on arbitrary text: no panic; every phone found is canonical,
//! found once, and its digits are in the text in order; text over the limit is an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::phone::{find_phones, Phone, MAX_TEXT_BYTES};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let found = match find_phones(&text) {
        Ok(found) => found,
        Err(e) => {
            assert!(text.len() > MAX_TEXT_BYTES, "only text over the limit is refused: {e}");
            return;
        }
    };
    let mut unique = found.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), found.len(), "each phone once");
    // Every phone's national digits occur in the text, in order, each a decimal digit of
    // some script (the finder reads any script's digits).
    let digits: Vec<u32> = text.chars().filter_map(|c| decimal(c)).collect();
    for p in &found {
        let canonical = p.to_string();
        assert_eq!(Phone::parse(&canonical), Ok(*p));
        let national: Vec<u32> = canonical.bytes().skip(1).map(|b| u32::from(b - b'0')).collect();
        assert!(digits.windows(10).any(|w| w == national.as_slice()), "{canonical} is in the text's digits");
    }
});

/// The zeros of Unicode's decimal-digit (`Nd`) runs outside ASCII (Unicode 14): the finder
/// reads full-width, Arabic-Indic… digits too.
const ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20,
    0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
    0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
    0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script.
fn decimal(c: char) -> Option<u32> {
    let code = c as u32;
    c.to_digit(10).or_else(|| ZEROS.iter().find_map(|&zero| code.checked_sub(zero).filter(|d| *d < 10)))
}
