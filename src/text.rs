//! Small text operations for the hot paths (webhooks, notifications, phones in free text),
//! written so that they cost a few instructions in place: the standard library's generic
//! searchers and decoder behind `str::trim`, `str::find` with a set of characters and
//! `str::chars` are kept out of line in this module's build, which inlines little to stay
//! small.

/// `text` without leading and trailing white space, as [`str::trim`] gives it: when both
/// ends are visible ASCII (the common case) without a call into the searcher.
#[inline(always)]
pub(crate) fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [] => text,
        [first, .., last] | [first @ last] if is_visible_ascii(*first) && is_visible_ascii(*last) => text,
        _ => text.trim(),
    }
}

fn is_visible_ascii(b: u8) -> bool {
    b > b' ' && b < 0x7f
}

/// The byte offset of the first ASCII byte of `text` that `wanted` accepts. An ASCII byte
/// in UTF-8 is always a whole character, so the offset is a character boundary.
#[inline(always)]
pub(crate) fn find_ascii(text: &str, wanted: impl Fn(u8) -> bool) -> Option<usize> {
    text.bytes().position(|b| b.is_ascii() && wanted(b))
}

/// The characters of `text`, as [`str::chars`] gives them, with one- and two-byte
/// characters (ASCII, Cyrillic) decoded in place.
pub(crate) fn chars(text: &str) -> Chars<'_> {
    Chars { text, at: 0 }
}

/// The iterator of [`chars`].
pub(crate) struct Chars<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Chars<'_> {
    type Item = char;

    #[inline(always)]
    fn next(&mut self) -> Option<char> {
        let (c, next) = char_at(self.text, self.at)?;
        self.at = next;
        Some(c)
    }
}

/// The character that starts at byte `at` of `text` and the offset after it, `None` at the
/// end (or off a character boundary). One- and two-byte characters are decoded in place;
/// longer ones by the standard library.
#[inline(always)]
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let b = *bytes.get(at)?;
    if b < 0x80 {
        return Some((char::from(b), at.wrapping_add(1)));
    }
    if b & 0xE0 == 0xC0 {
        // A two-byte sequence of a `str`: its second byte is there and a continuation.
        let b2 = *bytes.get(at.wrapping_add(1))?;
        let c = char::from_u32(u32::from(b & 0x1F) << 6 | u32::from(b2 & 0x3F))?;
        return Some((c, at.wrapping_add(2)));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, at.wrapping_add(c.len_utf8())))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trim_agrees_with_str_trim_on_any_text(text in "\\PC{0,12}|[ \t\u{a0}\u{3000}a-z\u{85}\u{2028}]{0,8}") {
            prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn chars_agrees_with_str_chars_on_any_text(text in "\\PC{0,24}|\\p{Cyrillic}{0,12}") {
            prop_assert_eq!(chars(&text).collect::<Vec<_>>(), text.chars().collect::<Vec<_>>());
        }

        #[test]
        fn find_ascii_agrees_with_str_find(text in "\\PC{0,24}") {
            let wanted = |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
            prop_assert_eq!(find_ascii(&text, wanted), text.find(['&', '<', '>', '"', '\'']));
        }
    }

    #[test]
    fn trim_agrees_with_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            " a ",
            "\u{a0}a\u{a0}",
            "\u{3000}x",
            "x\u{2029}",
            "\t\r\n",
            "ab",
            "a b",
            "\u{7f}",
            "~",
            "!x!",
            "é",
            " é ",
            "\u{feff}x",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn char_at_walks_as_chars_does() {
        let text = "a7 ж\u{0660}€𝟘\u{7ff}\u{800}\u{10ffff}z";
        let mut walked = Vec::new();
        let mut at = 0;
        while let Some((c, next)) = char_at(text, at) {
            walked.push((at, c));
            at = next;
        }
        assert_eq!(walked, text.char_indices().collect::<Vec<_>>());
        assert_eq!(at, text.len());
        assert_eq!(char_at("ж", 1), None, "off a boundary");
    }

    #[test]
    fn find_ascii_finds_only_whole_characters() {
        assert_eq!(find_ascii("ab<c", |b| b == b'<'), Some(2));
        assert_eq!(find_ascii("жж<", |b| b == b'<'), Some(4));
        assert_eq!(find_ascii("жж", |b| b == 0xb6), None);
        assert_eq!(find_ascii("", |_| true), None);
    }
}
