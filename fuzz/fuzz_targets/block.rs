//! The block dispatcher on arbitrary bytes, as the C ABI takes them: no panic, and every
//! answer is one JSON object holding `ok` or a coded error. The bytes before the first NUL
//! name the action (the input picks one of the manifest's when it starts with its index);
//! the rest are the arguments, as they are and inside an object with each parameter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::block::{self, envelope};

fn check(name: &[u8], args: &[u8]) {
    let answer = envelope::invoke(name, args);
    let value: serde_json::Value = serde_json::from_str(&answer).expect("the answer is JSON");
    let object = value.as_object().expect("an object");
    assert_eq!(object.len(), 1, "{answer}");
    match object.get("error") {
        Some(error) => {
            assert!(error["code"].is_string() && error["message"].is_string(), "{answer}");
        }
        None => assert!(object.contains_key("ok"), "{answer}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let (name, args) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    check(name, args);
    let actions = block::actions();
    let Some(action) = data.first().and_then(|&i| actions.get(usize::from(i) % actions.len())) else { return };
    check(action.name.as_bytes(), args);
    let text = String::from_utf8_lossy(args);
    for param in action.params {
        let wrapped = format!("{{\"{}\":{text}}}", param.name);
        check(action.name.as_bytes(), wrapped.as_bytes());
        let quoted = serde_json::to_string(&text).unwrap_or_default();
        let all: Vec<String> = action.params.iter().map(|p| format!("\"{}\":{quoted}", p.name)).collect();
        check(action.name.as_bytes(), format!("{{{}}}", all.join(",")).as_bytes());
    }
});
