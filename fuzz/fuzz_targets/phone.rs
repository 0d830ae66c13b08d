//! The phone parser and the free-text finder on arbitrary input: no panic, and whatever
//! is accepted is canonical and reads back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::phone::{self, find_phones, ParsedPhone, Phone};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(parsed) = ParsedPhone::parse(&text) {
        let canonical = parsed.phone.to_string();
        assert_eq!(canonical.len(), 11);
        assert!(canonical.starts_with('7') && canonical.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(Phone::parse(&canonical), Ok(parsed.phone));
        let human = phone::format(&text).expect("an accepted phone formats");
        assert_eq!(ParsedPhone::parse(&human), Ok(parsed), "formatted {human:?} reads back");
    }
    if let Ok(found) = find_phones(&text) {
        for p in &found {
            assert_eq!(Phone::parse(&p.to_string()), Ok(*p));
        }
        let mut unique = found.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), found.len(), "each phone once");
    }
});
