//! The JSON reader that webhook bodies and the host's options go through, against
//! serde_json on the same text: no panic, and the two agree on what is JSON, but for the
//! reader's two documented differences (a lone surrogate escape reads as U+FFFD; nesting
//! past 128 levels is refused).
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::deal::DealVariables;
use salebot_sipout::json::{self, Json};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = json::validate(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    let shallow = depth(text) < 100;
    if theirs.is_ok() && shallow {
        assert!(ours.is_ok(), "serde_json reads {text:?}, ours says {ours:?}");
    }
    // serde_json refuses numbers past f64's range, which the reader keeps as text.
    let out_of_range = theirs.as_ref().is_err_and(|e| e.to_string().contains("out of range"));
    if ours.is_ok() && !text.contains("\\u") && !out_of_range {
        assert!(theirs.is_ok(), "ours reads {text:?}, serde_json says {theirs:?}");
    }
    // The members of an object, strings decoded as serde_json decodes them (it keeps the
    // last of a repeated key; so does this map).
    if let (Ok(serde_json::Value::Object(map)), true) = (&theirs, shallow) {
        let mut ours = std::collections::HashMap::new();
        let read = json::read_object(text, |key, value| {
            ours.insert(key.into_owned(), value);
        });
        assert!(read.is_ok());
        assert_eq!(ours.len(), map.len());
        for (key, value) in &ours {
            let theirs = map.get(key).expect("the same keys");
            match (value, theirs) {
                (Json::Str(s), serde_json::Value::String(t)) => assert_eq!(s, t),
                (Json::Num(_), serde_json::Value::Number(_))
                | (Json::Null, serde_json::Value::Null)
                | (Json::Object(_), serde_json::Value::Object(_))
                | (Json::Array(_), serde_json::Value::Array(_)) => {}
                (Json::Bool(a), serde_json::Value::Bool(b)) => assert_eq!(a, b),
                (a, b) => panic!("{key:?}: ours {a:?}, serde_json {b:?}"),
            }
        }
    }
    let _ = json::read_array(text, |_| {});
    let _ = DealVariables::read_json(text);
});

/// The deepest nesting of brackets outside strings.
fn depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (false, _, b'"') => in_string = true,
            (false, _, b'{' | b'[') => {
                depth += 1;
                max = max.max(depth);
            }
            (false, _, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}
