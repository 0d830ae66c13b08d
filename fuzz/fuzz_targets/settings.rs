//! Settings JSON on arbitrary input: no panic; what is accepted serialises without the key
//! (the crate's writer and serde_json alike), reads back to itself through its revealed
//! form, and answers for every employee; what is refused says so without the key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::json_writer::{self, WriteJson};
use salebot_sipout::{apply_extensions, card_phone_actions, phone_action, sipout_employees, validate_settings};
use salebot_sipout::{ExtensionAssignment, PhoneAction};
use serde_json::Value;

/// The crate's JSON of `value`, which must be serde_json's.
fn written<T: WriteJson + serde::Serialize>(value: &T) -> String {
    let own = json_writer::to_string(value);
    assert_eq!(own, serde_json::to_string(value).expect("serde_json writes it"), "the writer and serde_json differ");
    own
}

/// Settings JSON around the input, so that the fuzzer gets past the API key quickly.
fn inputs(data: &[u8]) -> [String; 2] {
    let text = String::from_utf8_lossy(data).into_owned();
    let wrapped = format!(r#"{{"apiKey":"sk_live_9fA3kQ2mZx7LpW4tR8","employees":[{text}]}}"#);
    [text, wrapped]
}

fuzz_target!(|data: &[u8]| {
    for json in inputs(data) {
        let key = serde_json::from_str::<Value>(&json)
            .ok()
            .and_then(|v| v.get("apiKey").and_then(|k| k.as_str()).map(|k| k.trim().to_string()))
            .filter(|k| k.len() >= 16);
        let leaks = |text: &str| key.as_deref().is_some_and(|k| text.contains(k));
        match validate_settings(&json) {
            Err(e) => {
                assert!(!leaks(&e.to_string()) && !leaks(&format!("{e:?}")), "{e}");
            }
            Ok(settings) => {
                let key = settings.api_key().expose().to_string();
                assert!(!format!("{settings:?}").contains(&key));
                let masked = written(&settings);
                let revealed = written(&settings.revealed());
                // Whole numbers only in the CRM part: everything reads back exactly.
                let again = validate_settings(&revealed).unwrap();
                assert_eq!(again, settings, "revealed settings read back");
                assert_eq!(written(&again), masked);
                // The masked form holds the key only if the CRM part, kept as it is, does.
                if !settings.crm().is_some_and(|crm| crm.to_string().contains(&key)) {
                    assert!(!masked.contains(&key), "the masked form holds the key");
                }
                for employee in settings.employees() {
                    let id = employee.id();
                    let action = phone_action(&settings, id, "89123456789").unwrap();
                    assert!(!format!("{action:?}").contains(&key));
                    written(&action);
                    written(&action.revealed());
                    if let PhoneAction::Request { request } = &action {
                        assert!(request.url().starts_with("https://"));
                        let body: serde_json::Value = serde_json::from_str(request.body()).unwrap();
                        assert_eq!(body["to"], "79123456789");
                    }
                    let card = card_phone_actions(&settings, id, &[("v", "8 912 345 67 89, +7 495 123 45 67")]).unwrap();
                    assert!(card.is_empty() || card.len() == 2);
                    written(&card);
                    written(&salebot_sipout::calling::revealed_card(&card));
                }
                let pulled = sipout_employees(&settings);
                written(&pulled);
                let back: Vec<_> = pulled
                    .iter()
                    .map(|e| ExtensionAssignment { id: e.id.clone(), extension: e.extension.clone() })
                    .collect();
                assert_eq!(apply_extensions(&settings, &back).as_ref(), Ok(&settings), "a round trip through SipOut");
            }
        }
    }
});
