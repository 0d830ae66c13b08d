//! Characters as the phone parser sees them: decimal digits in any script, separators,
//! invisible marks.

/// The code points of the digit zero of every Unicode decimal-digit (`Nd`) run outside
/// ASCII, sorted. Each run holds the ten digits 0–9 in order (Unicode 14).
const NON_ASCII_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20,
    0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
    0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
    0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The first code point that is a decimal digit outside ASCII: below it, only `0`–`9` are
/// digits.
pub(crate) const FIRST_NON_ASCII_DIGIT: u32 = NON_ASCII_ZEROS[0];

/// The value of a decimal digit in any script (`'7'`, `'７'`, `'٧'`), or `None`.
#[inline(always)]
pub(crate) fn decimal_digit(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 {
        return c.is_ascii_digit().then(|| cp.wrapping_sub(u32::from(b'0')) as u8);
    }
    if cp < NON_ASCII_ZEROS[0] {
        return None;
    }
    let i = NON_ASCII_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = *NON_ASCII_ZEROS.get(i.checked_sub(1)?)?;
    let value = cp.checked_sub(zero)?;
    (value < 10).then_some(value as u8)
}

/// The lower case of `c` if it is an upper-case Latin (ASCII) or Cyrillic letter, or the
/// Kelvin sign (`K`, lower case `k`); `c` itself otherwise. For words of lower-case ASCII
/// and Cyrillic, comparing folded characters gives what comparing full Unicode lower case
/// does (a test checks every character), without the 11 kB table of `char::to_lowercase`.
#[inline(always)]
pub(crate) fn fold_letter(c: char) -> char {
    let shift = match c {
        'A'..='Z' | 'А'..='Я' => 0x20,
        'Ѐ'..='Џ' => 0x50,
        '\u{212A}' => return 'k',
        _ => return c,
    };
    // Letters of the ranges above: far from the top of the code space.
    char::from_u32((c as u32).wrapping_add(shift)).unwrap_or(c)
}

/// Marks with no width that text copied from web pages and messengers carries: zero-width
/// space and joiners, direction marks, word joiner, byte-order mark, soft hyphen.
#[inline(always)]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters people put between the digits of a phone number: white space of any kind,
/// hyphens and dashes, dots, slashes, parentheses (ASCII and full-width), invisible marks.
#[inline(always)]
pub(crate) fn is_separator(c: char) -> bool {
    match c {
        ' ' | '-' | '.' | '/' | '(' | ')' => true,
        _ if c.is_ascii() => c.is_ascii_whitespace(),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => true,
        '\u{FF08}' | '\u{FF09}' | '\u{FF0E}' | '\u{FF0F}' => true,
        _ => c.is_whitespace() || is_invisible(c),
    }
}

/// `+` or its full-width form.
#[inline(always)]
pub(crate) fn is_plus(c: char) -> bool {
    c == '+' || c == '\u{FF0B}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_letter_agrees_with_unicode_lower_case_on_latin_and_cyrillic() {
        let word_letter = |c: char| c.is_ascii_lowercase() || ('\u{430}'..='\u{45F}').contains(&c);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let (first, more) = (lower.next().unwrap(), lower.next().is_some());
            let folded = fold_letter(c);
            if word_letter(first) && !more {
                assert_eq!(folded, first, "{c:?}");
            } else {
                assert!(!word_letter(folded), "{c:?}");
            }
        }
    }

    #[test]
    fn digits_of_several_scripts() {
        assert_eq!(decimal_digit('0'), Some(0));
        assert_eq!(decimal_digit('9'), Some(9));
        assert_eq!(decimal_digit('９'), Some(9));
        assert_eq!(decimal_digit('٣'), Some(3));
        assert_eq!(decimal_digit('७'), Some(7));
        assert_eq!(decimal_digit('𝟘'), Some(0));
        assert_eq!(decimal_digit('a'), None);
        assert_eq!(decimal_digit('²'), None, "superscripts are not decimal digits");
        assert_eq!(decimal_digit('Ⅸ'), None, "roman numerals are not decimal digits");
        assert_eq!(decimal_digit('\u{65F}'), None);
    }

    #[test]
    fn every_table_entry_starts_a_run_of_ten() {
        for zero in NON_ASCII_ZEROS {
            for v in 0..10u32 {
                let c = char::from_u32(zero + v).unwrap();
                assert_eq!(decimal_digit(c), Some(v as u8), "{c:?}");
            }
        }
        assert!(NON_ASCII_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]));
    }

    #[test]
    fn separators() {
        for c in [' ', '\t', '\u{A0}', '\u{2009}', '\u{202F}', '-', '–', '—', '−', '.', '/', '(', ')', '\u{200B}']
        {
            assert!(is_separator(c), "{c:?}");
        }
        for c in ['a', '+', '#', ',', '*', '_', '7'] {
            assert!(!is_separator(c), "{c:?}");
        }
    }
}
