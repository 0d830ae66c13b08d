//! Processing time grows linearly with input: crafted inputs of about 1 MB, each of the
//! kind that makes a naive parser go quadratic (re-scanning, backtracking, growing a
//! buffer or a result one piece at a time), through the webhook reader and the free-text
//! phone finder. A quadratic path on 1 MB is some 10¹² steps: these tests would not end.
//! No timing is asserted; each input is also checked to give a sensible answer.

use salebot_sipout::phone::{find_phones, MAX_TEXT_BYTES};
use salebot_sipout::webhook::{self, MAX_BODY_BYTES};
use salebot_sipout::{build_notifications, NotificationOptions};

/// `unit` repeated to fill `size` bytes, whole units only.
fn fill(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len())
}

/// A body of at most MAX_BODY_BYTES: `head`, `unit` repeated, `tail`.
fn body(head: &str, unit: &str, tail: &str) -> String {
    let room = MAX_BODY_BYTES - head.len() - tail.len();
    format!("{head}{}{tail}", fill(unit, room))
}

const CALL: &str = r#""call_id":"c1","event":"text","direction":"in","phone":"89123456789""#;

fn adversarial_bodies() -> Vec<(&'static str, String, Option<&'static str>)> {
    vec![
        // JSON
        ("json: one string of escapes", body(&format!("{{{CALL},\"text\":\""), "\\u00e9\\n\\\"<&>", "\"}"), None),
        ("json: lone surrogate escapes", body(&format!("{{{CALL},\"text\":\""), "\\ud800", "\"}"), None),
        ("json: 100 000 unknown keys", body(&format!("{{{CALL}"), ",\"zz\":1", "}"), None),
        ("json: one known key repeated", body(&format!("{{{CALL}"), ",\"call_id\":\"x\"", "}"), None),
        ("json: keys that almost match", body(&format!("{{{CALL}"), ",\"call_total_duration_se\":1", "}"), None),
        ("json: long keys of separators", body(&format!("{{{CALL},\""), "_-", "\":1}"), None),
        (
            "json: nesting at the limit, many times",
            body(&format!("{{{CALL},\"x\":["), &format!("{}{},", "[".repeat(120), "]".repeat(120)), "0]}"),
            None,
        ),
        ("json: unclosed nesting", body("{\"a\":", "[", ""), None),
        (
            "json: a conversation of tiny phrases",
            body(&format!("{{{CALL},\"text\":["), "{\"speaker\":\"a\",\"text\":\"<\"},", "\"\"]}"),
            None,
        ),
        ("json: a conversation of phrase strings", body(&format!("{{{CALL},\"text\":["), "\"&\",", "\"\"]}"), None),
        ("json: numbers of many digits", body(&format!("{{{CALL},\"billsec\":"), "9", "}"), None),
        ("json: an unterminated string", body("{\"call_id\":\"", "x", ""), None),
        ("json: white space", body("{", " \t\r\n", &format!("{CALL}}}")), None),
        // Forms and query strings
        ("form: percent signs", body("call_id=c1&event=text&direction=in&phone=89123456789&text=", "%", ""), None),
        ("form: escapes", body("call_id=c1&event=text&direction=in&phone=89123456789&text=", "%3C%26+", ""), None),
        ("form: ampersands", body("call_id=c1&event=text&direction=in&phone=89123456789", "&", ""), None),
        ("form: one key repeated", body("event=text&direction=in&phone=89123456789", "&call_id=1", ""), None),
        ("form: equals signs", body("call_id=c1&event=text&direction=in&phone=89123456789&text=", "=", ""), None),
        (
            "query: a URL with a long path",
            body("https://pbx.example.ru/", "a/", "?call_id=c1&event=dial&direction=in&phone=89123456789"),
            None,
        ),
        ("form: labelled JSON", body("call_id=", "x", ""), Some("application/json")),
        (
            "form: a content type of parameters",
            body("call_id=c1", "&", ""),
            Some("application/x-www-form-urlencoded; a=b; c=d"),
        ),
    ]
}

#[test]
fn webhook_bodies_of_a_megabyte_are_read_in_linear_time() {
    let options = NotificationOptions::default();
    for (name, body, content_type) in adversarial_bodies() {
        assert!(body.len() <= MAX_BODY_BYTES && body.len() > MAX_BODY_BYTES - 1024, "{name}: {} bytes", body.len());
        // Refused or read: either way, it ends; what is read gives its notifications.
        if let Ok(event) = webhook::parse(body.as_bytes(), content_type) {
            let notes = build_notifications(&event, &options);
            assert!(!notes.is_empty(), "{name}");
        }
    }
}

#[test]
fn webhook_bodies_over_the_limit_are_refused_before_reading() {
    let over = "{".repeat(MAX_BODY_BYTES + 1);
    let e = webhook::parse(over.as_bytes(), None).unwrap_err();
    assert_eq!(e.reason(), "too_large");
}

#[test]
fn text_of_a_megabyte_is_searched_for_phones_in_linear_time() {
    let texts = [
        ("one run of digits", fill("9", MAX_TEXT_BYTES)),
        ("one run of digit groups", fill("9 ", MAX_TEXT_BYTES)),
        ("phones one after another", fill("8 912 345-67-89 ", MAX_TEXT_BYTES)),
        ("different phones", (0..MAX_TEXT_BYTES / 12).map(|i| format!("79{:09} ", i % 1_000_000_000)).collect()),
        ("plus signs", fill("+7", MAX_TEXT_BYTES)),
        ("separators", fill("-( )./", MAX_TEXT_BYTES)),
        ("phones with extensions", fill("89123456789 доб. 1234 ", MAX_TEXT_BYTES)),
        ("digits of other scripts", fill("٩١٢ ", MAX_TEXT_BYTES)),
        ("almost phones", fill("8912345678 ", MAX_TEXT_BYTES)),
        ("dates", fill("15.01.2024 10:00 ", MAX_TEXT_BYTES)),
    ];
    for (name, text) in texts {
        assert!(text.len() <= MAX_TEXT_BYTES, "{name}");
        let found = find_phones(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(found.len() <= 90_000, "{name}: {} phones", found.len());
    }
    let over = "9".repeat(MAX_TEXT_BYTES + 1);
    assert_eq!(find_phones(&over).unwrap_err().reason(), "too_long");
}
