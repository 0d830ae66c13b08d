//! Webhook bodies of any bytes, as JSON, form and query string, under several content types: no panic; whatever is
//! accepted has a canonical phone and an http(s) link, is written as JSON as serde_json
//! writes it, reads back from its own JSON, merges idempotently, and gives notifications
//! with no markup from outside.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::deal::{deal_variables, DealVariables};
use salebot_sipout::json_writer::{self, WriteJson};
use salebot_sipout::notification::{build_notifications, Locale, NotificationOptions};
use salebot_sipout::webhook::{self, Handled};

/// The crate's JSON of `value`, which must be serde_json's.
fn json<T: WriteJson + serde::Serialize>(value: &T) -> String {
    let own = json_writer::to_string(value);
    assert_eq!(own, serde_json::to_string(value).expect("serde_json writes it"), "the writer and serde_json differ");
    own
}

/// The first byte picks how the rest is sent: as JSON, a form, a query string (alone,
/// after `?`, or in a whole URL), with no content type or one that says nothing of the
/// shape, or a refused one; so each body shape is fuzzed whatever bytes come.
const SHAPES: [(Option<&str>, &[u8]); 9] = [
    (None, b""),
    (Some("application/json"), b""),
    (Some("application/json; charset=utf-8"), b"{"),
    (Some("application/x-www-form-urlencoded"), b""),
    (None, b"?"),
    (None, b"https://pbx.example.ru/hook?"),
    (Some("text/plain"), b""),
    (Some("multipart/form-data"), b""),
    (Some("application/vnd.sipout+json"), b""),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let (content_type, prefix) = SHAPES[usize::from(selector) % SHAPES.len()];
    let body = [prefix, rest].concat();
    let body = body.as_slice();
    let _ = DealVariables::read_json(&String::from_utf8_lossy(body));
    let Ok(event) = webhook::parse(body, content_type) else { return };

    let phone = event.phone.to_string();
    assert!(phone.len() == 11 && phone.starts_with('7'));
    if let Some(link) = &event.record_link {
        let lower = link.as_str().to_ascii_lowercase();
        assert!(lower.starts_with("http://") || lower.starts_with("https://"), "{lower}");
    }
    assert_eq!(event.dedup_key, event.compute_dedup_key());

    let own = json(&event);
    let again = webhook::parse(own.as_bytes(), None).expect("an event reads back from its own JSON");
    // A status inferred from the talk duration reads back spelled by the module.
    let mut want = event.clone();
    if want.status_raw.is_none() {
        want.status_raw = want.status.map(|s| s.as_str().to_string());
    }
    assert_eq!(again, want);

    let vars = deal_variables(&event, &DealVariables::default());
    assert_eq!(deal_variables(&event, &vars), vars);

    let options = NotificationOptions { locale: Locale::En, employee_name: Some("<b>\"name\"</b>".into()) };
    for note in build_notifications(&event, &options) {
        assert!(!note.text.contains(['<', '>', '"']), "{}", note.text);
    }
    json(&Handled::of(&event, &vars, &options));
});
