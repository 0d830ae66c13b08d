//! The phone parser and the free-text finder on arbitrary input: no panic, whatever is
//! accepted is canonical and reads back to itself, and a refusal's message is whole text
//! that hides no control character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::phone::{self, find_phones, ParsedPhone, Phone};

fuzz_target!(|data: &[u8]| {
    // The quick pass on raw bytes (the single call's lane) only ever agrees with the parser.
    if let Some(quick) = Phone::quick_bytes(data) {
        let text = std::str::from_utf8(data).expect("the quick pass takes ASCII only");
        assert_eq!(Phone::parse(text), Ok(quick.phone()));
        // What a batch writes is the canonical form of that phone.
        let mut written = [0; 11];
        quick.write(&mut written);
        assert_eq!(written, quick.phone().digits());
    }
    let text = String::from_utf8_lossy(data);
    match ParsedPhone::parse(&text) {
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("phone"), "{message:?}");
            assert!(!message.chars().any(char::is_control), "{message:?}");
            assert!(message.len() <= 1024, "{message:?}");
        }
        Ok(parsed) => {
            let canonical = parsed.phone.to_string();
            assert_eq!(canonical.len(), 11);
            assert!(canonical.starts_with('7') && canonical.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(Phone::parse(&canonical), Ok(parsed.phone));
            let human = phone::format(&text).expect("an accepted phone formats");
            assert_eq!(ParsedPhone::parse(&human), Ok(parsed), "formatted {human:?} reads back");
        }
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
