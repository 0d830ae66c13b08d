//! SipOut webhooks (SPEC §2-§4): golden cases for every alias, body shape, status
//! spelling, delivery order, direction, recording, transcription, time form and error; and
//! properties: any event written in any accepted form reads back to itself, no input panics.

// The tests hold the crate's JSON to serde_json's, through the `serde` feature.
#![cfg(feature = "serde")]

mod common;

use salebot_sipout::deal::{deal_variables, DealVariables};
use salebot_sipout::event::{Action, CallEvent, Direction, Status};
use salebot_sipout::notification::{
    build_notifications, format_duration, Locale, NotificationKind, NotificationOptions,
};
use salebot_sipout::webhook::{self, Field, WebhookError, ALIASES, MAX_BODY_BYTES, MAX_VALUE_BYTES};
use salebot_sipout::{Error, Phone};

fn parse(body: &str, content_type: Option<&str>) -> CallEvent {
    webhook::parse(body.as_bytes(), content_type).unwrap_or_else(|e| panic!("{body:?}: {e}"))
}

fn json(body: &str) -> CallEvent {
    parse(body, Some("application/json"))
}

fn fail(body: &str, content_type: Option<&str>) -> WebhookError {
    match webhook::parse(body.as_bytes(), content_type) {
        Ok(e) => panic!("{body:?} should be rejected, got {e:?}"),
        Err(e) => e,
    }
}

fn phone(s: &str) -> Phone {
    Phone::parse(s).unwrap()
}

const COMPLETE: &str = r#"{
    "call_id": "sip-42",
    "call_action": "complete",
    "call_direction": "in",
    "call_phone": "8 (912) 345-67-89",
    "call_did": "+7 495 123-45-67",
    "call_extension": "101",
    "call_status": "Success",
    "call_total_duration_sec": "65",
    "call_talk_duration_sec": 58,
    "call_record_link": "https://rec.sipout.net/r/sip-42.mp3?k=1&t=2",
    "call_time": 1732633200,
    "something_else": {"nested": [1, 2, {"x": null}]}
}"#;

#[test]
fn golden_complete_event() {
    let e = json(COMPLETE);
    assert_eq!(e.call_id, "sip-42");
    assert_eq!(e.action, Action::Complete);
    assert_eq!(e.direction, Direction::In);
    assert_eq!(e.phone, phone("79123456789"));
    assert_eq!(e.did, Some(phone("74951234567")));
    assert_eq!(e.extension.as_deref(), Some("101"));
    assert_eq!(e.status, Some(Status::Success));
    assert_eq!(e.status_raw.as_deref(), Some("Success"));
    assert_eq!(e.total_duration_sec, Some(65));
    assert_eq!(e.talk_duration_sec, Some(58));
    assert_eq!(e.record_link.as_ref().map(|l| l.as_str()), Some("https://rec.sipout.net/r/sip-42.mp3?k=1&t=2"));
    assert_eq!(e.text, None);
    assert_eq!(e.time.map(|t| t.to_string()).as_deref(), Some("2024-11-26T15:00:00Z"));
    assert!(e.dedup_key.starts_with("complete:sip-42:"), "{}", e.dedup_key);
    assert_eq!(e.dedup_key.len(), "complete:sip-42:".len() + 16);

    let js = common::value(&e);
    assert_eq!(
        js,
        serde_json::json!({
            "callId": "sip-42", "action": "complete", "direction": "in", "phone": "79123456789",
            "did": "74951234567", "extension": "101", "status": "Success", "statusRaw": "Success",
            "totalDurationSec": 65, "talkDurationSec": 58,
            "recordLink": "https://rec.sipout.net/r/sip-42.mp3?k=1&t=2", "time": "2024-11-26T15:00:00Z",
            "dedupKey": e.dedup_key,
        })
    );
}

/// A body with the minimum of fields, in canonical keys, plus `extra`.
fn minimal(action: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = vec![
        ("call_id".to_string(), "c1".to_string()),
        ("call_action".to_string(), action.to_string()),
        ("call_direction".to_string(), "in".to_string()),
        ("call_phone".to_string(), "79123456789".to_string()),
    ];
    for (k, v) in extra {
        fields.retain(|(key, _)| key != k);
        fields.push((k.to_string(), v.to_string()));
    }
    fields
}

fn as_json(fields: &[(String, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        fields.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
    serde_json::Value::Object(map).to_string()
}

/// Form encoding as browsers write it: unreserved bytes as they are, space as `+`, the
/// rest as `%XX`.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn as_form(fields: &[(String, String)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// The value each field gets in the alias tests, and what the event then holds.
fn sample(field: Field) -> (&'static str, &'static str) {
    match field {
        Field::CallId => ("call-77", "call-77"),
        Field::Action => ("complete", "complete"),
        Field::Direction => ("out", "out"),
        Field::Phone => ("+7 916 000-11-22", "79160001122"),
        Field::Caller => ("+7 916 000-11-22", "79160001122"),
        Field::Callee => ("+7 916 000-11-22", "79160001122"),
        Field::Did => ("84991112233", "74991112233"),
        Field::Extension => ("205", "205"),
        Field::Status => ("BUSY", "Busy"),
        Field::StatusRaw => ("busy-here", "busy-here"),
        Field::TotalDuration => ("1:05", "65"),
        Field::TalkDuration => ("12", "12"),
        Field::RecordLink => ("https://r.example.ru/1.mp3", "https://r.example.ru/1.mp3"),
        Field::Time => ("2024-11-26T18:00:00+03:00", "2024-11-26T15:00:00Z"),
        Field::Text => ("Клиент: алло", "Клиент: алло"),
    }
}

/// What the event says about `field`, as text.
fn read_back(e: &CallEvent, field: Field) -> Option<String> {
    match field {
        Field::CallId => Some(e.call_id.clone()),
        Field::Action => Some(e.action.as_str().to_string()),
        Field::Direction => Some(e.direction.as_str().to_string()),
        Field::Phone | Field::Caller | Field::Callee => Some(e.phone.to_string()),
        Field::Did => e.did.map(|p| p.to_string()),
        Field::Extension => e.extension.clone(),
        Field::Status => e.status.map(|s| s.as_str().to_string()),
        Field::StatusRaw => e.status_raw.clone(),
        Field::TotalDuration => e.total_duration_sec.map(|n| n.to_string()),
        Field::TalkDuration => e.talk_duration_sec.map(|n| n.to_string()),
        Field::RecordLink => e.record_link.as_ref().map(|l| l.to_string()),
        Field::Time => e.time.map(|t| t.to_string()),
        Field::Text => e.text.clone(),
    }
}

#[test]
fn every_alias_in_every_spelling_and_body_shape() {
    let mut checked = 0;
    for (key, field) in ALIASES {
        let (value, want) = sample(field);
        // The other required fields in canonical keys; the one under test replaces its own.
        let mut extra: Vec<(&str, &str)> = vec![("call_status", "Success"), ("call_talk_duration_sec", "3")];
        let mut base = minimal("complete", &[]);
        match field {
            Field::CallId => base.retain(|(k, _)| k != "call_id"),
            Field::Action => base.retain(|(k, _)| k != "call_action"),
            Field::Direction => {
                base.retain(|(k, _)| k != "call_direction");
                // An outbound call: the client is the callee.
            }
            Field::Phone => base.retain(|(k, _)| k != "call_phone"),
            Field::Caller => {
                base.retain(|(k, _)| k != "call_phone");
                // The caller is the client on an inbound call.
            }
            Field::Callee => {
                base.retain(|(k, _)| k != "call_phone");
                extra.push(("call_direction", "out"));
            }
            Field::Status => extra.retain(|(k, _)| *k != "call_status"),
            Field::StatusRaw => {}
            Field::TalkDuration => extra.retain(|(k, _)| *k != "call_talk_duration_sec"),
            _ => {}
        }
        for (k, v) in extra {
            base.retain(|(key, _)| key != k);
            base.push((k.to_string(), v.to_string()));
        }
        let camel: String = key
            .split('_')
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] })
            .collect();
        for spelling in [key.to_string(), key.to_uppercase(), key.replace('_', "-"), camel] {
            let mut fields = base.clone();
            fields.push((spelling.clone(), value.to_string()));
            for (body, ct) in [
                (as_json(&fields), Some("application/json")),
                (as_form(&fields), Some("application/x-www-form-urlencoded")),
                (format!("?{}", as_form(&fields)), None),
            ] {
                let e = parse(&body, ct);
                assert_eq!(read_back(&e, field).as_deref(), Some(want), "{spelling} in {body}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, ALIASES.len() * 4 * 3);
}

#[test]
fn canonical_key_wins_over_aliases_and_first_of_a_repeated_key() {
    let e = json(
        r#"{"id":"alias","call_id":"canonical","call_action":"dial","direction":"in","phone":"79123456789","call_phone":"79990000000"}"#,
    );
    assert_eq!(e.call_id, "canonical");
    assert_eq!(e.phone, phone("79990000000"));
    let e = parse("call_id=first&call_id=second&action=dial&direction=in&phone=79123456789", None);
    assert_eq!(e.call_id, "first");
    // An empty value does not hide an alias that has one.
    let e = parse("call_phone=&phone=79123456789&call_id=1&action=dial&direction=in", None);
    assert_eq!(e.phone, phone("79123456789"));
    // Unknown keys, nested or not, are ignored.
    let e = json(
        r#"{"call_id":"x","action":"dial","direction":"in","phone":"79123456789","meta":{"a":[1,{"b":2}]},"phone2":"junk"}"#,
    );
    assert_eq!(e.call_id, "x");
}

#[test]
fn body_shapes_and_content_types() {
    let fields = minimal("dial", &[("call_time", "1732633200")]);
    let want = parse(&as_json(&fields), None);
    let form = as_form(&fields);
    let bodies = [
        (as_json(&fields), Some("application/json")),
        (as_json(&fields), Some("application/json; charset=utf-8")),
        (as_json(&fields), Some("application/vnd.sipout+json")),
        (as_json(&fields), Some("text/plain")),
        (as_json(&fields), None),
        (format!("\u{feff}  \n{}", as_json(&fields)), None),
        // JSON labelled a form: read as JSON.
        (as_json(&fields), Some("application/x-www-form-urlencoded")),
        (form.clone(), Some("application/x-www-form-urlencoded")),
        (form.clone(), Some("application/x-www-form-urlencoded; charset=UTF-8")),
        (form.clone(), None),
        (form.clone(), Some("application/octet-stream")),
        (format!("?{form}"), None),
        (format!("https://hooks.example.ru/sipout?{form}#top"), None),
        (format!("/sipout?{form}"), None),
    ];
    for (body, ct) in bodies {
        assert_eq!(parse(&body, ct), want, "{ct:?} {body}");
    }
    // Bytes are read as UTF-8.
    let bytes = as_json(&fields).into_bytes();
    assert_eq!(webhook::parse(&bytes, None).unwrap(), want);
    // Numbers may be numbers or strings.
    let e = json(
        r#"{"call_id":12345,"action":"complete","direction":"in","phone":79123456789,"extension":101,"status":"Busy","duration":20,"billsec":"0"}"#,
    );
    assert_eq!((e.call_id.as_str(), e.phone, e.extension.as_deref()), ("12345", phone("79123456789"), Some("101")));
    assert_eq!((e.total_duration_sec, e.talk_duration_sec), (Some(20), Some(0)));
}

#[test]
fn status_spellings() {
    let cases = [
        ("Success", Status::Success),
        ("success", Status::Success),
        ("SUCCESSFUL", Status::Success),
        ("answered", Status::Success),
        ("ANSWERED", Status::Success),
        ("ANSWER", Status::Success),
        ("ok", Status::Success),
        ("Busy", Status::Busy),
        ("BUSY", Status::Busy),
        ("user busy", Status::Busy),
        ("Missed", Status::Missed),
        ("no answer", Status::Missed),
        ("NO ANSWER", Status::Missed),
        ("NOANSWER", Status::Missed),
        ("no_answer", Status::Missed),
        ("no-answer", Status::Missed),
        ("cancel", Status::Missed),
        ("CANCELLED", Status::Missed),
        ("canceled", Status::Missed),
        ("failed", Status::Missed),
        ("FAILED", Status::Missed),
        ("congestion", Status::Missed),
        ("CHANUNAVAIL", Status::Missed),
        ("rejected", Status::Missed),
        ("Пропущен", Status::Missed),
        ("занято", Status::Busy),
        ("  Answered  ", Status::Success),
    ];
    for (spelling, want) in cases {
        let e = json(&as_json(&minimal("complete", &[("call_status", spelling)])));
        assert_eq!(e.status, Some(want), "{spelling:?}");
        assert_eq!(e.status_raw.as_deref(), Some(spelling.trim()), "the raw value is kept");
    }
    // No status: a conversation that took time succeeded, one that took none was missed.
    let e = json(&as_json(&minimal("complete", &[("billsec", "42")])));
    assert_eq!((e.status, e.status_raw), (Some(Status::Success), None));
    let e = json(&as_json(&minimal("complete", &[("billsec", "0")])));
    assert_eq!(e.status, Some(Status::Missed));
    // Status is a complete event's: a dial's is not read.
    let e = json(&as_json(&minimal("dial", &[("call_status", "ringing")])));
    assert_eq!((e.status, e.status_raw), (None, None));
}

#[test]
fn actions_and_directions() {
    for (spelling, want) in [
        ("dial", Action::Dial),
        ("DIAL", Action::Dial),
        ("Complete", Action::Complete),
        ("hangup", Action::Complete),
        ("text", Action::Text),
        ("transcription", Action::Text),
    ] {
        let e = json(&as_json(&minimal(spelling, &[("billsec", "1")])));
        assert_eq!(e.action, want, "{spelling}");
    }
    for (spelling, want) in [
        ("in", Direction::In),
        ("IN", Direction::In),
        ("inbound", Direction::In),
        ("incoming", Direction::In),
        ("out", Direction::Out),
        ("Outgoing", Direction::Out),
        ("outbound", Direction::Out),
    ] {
        let e = json(&as_json(&minimal("dial", &[("call_direction", spelling)])));
        assert_eq!(e.direction, want, "{spelling}");
    }
}

#[test]
fn inbound_and_outbound_sides() {
    // Inbound: the caller is the client, the callee the line (a phone) or an extension.
    let e = parse("id=1&event=dial&direction=in&from=%2B7+912+345-67-89&to=84951234567", None);
    assert_eq!((e.phone, e.did, e.extension.as_deref()), (phone("79123456789"), Some(phone("74951234567")), None));
    let e = parse("id=1&event=dial&direction=in&caller=89123456789&callee=101", None);
    assert_eq!((e.phone, e.did, e.extension.as_deref()), (phone("79123456789"), None, Some("101")));
    // An explicit DID or extension wins over the callee.
    let e =
        parse("id=1&event=dial&direction=in&caller=89123456789&callee=84951234567&did=88001234567&extension=7", None);
    assert_eq!((e.did, e.extension.as_deref()), (Some(phone("78001234567")), Some("7")));
    // Outbound: the callee is the client, the caller the employee's extension.
    let e = parse("id=1&event=dial&direction=out&from=102&to=8+(912)+345-67-89", None);
    assert_eq!((e.phone, e.did, e.extension.as_deref()), (phone("79123456789"), None, Some("102")));
    // An outbound caller that is a phone (the company's number) is no DID and no extension.
    let e = parse("id=1&event=dial&direction=out&from=84951234567&to=89123456789", None);
    assert_eq!((e.phone, e.did, e.extension), (phone("79123456789"), None, None));
    // call_phone wins over the sides.
    let e = parse("id=1&event=dial&direction=in&phone=79990001122&from=89123456789", None);
    assert_eq!(e.phone, phone("79990001122"));
    // A SIP URI is a phone too.
    let e = parse("id=1&event=dial&direction=in&from=sip%3A79123456789%40pbx.sipout.net", None);
    assert_eq!(e.phone, phone("79123456789"));
}

#[test]
fn with_and_without_recording() {
    let with = json(&as_json(&minimal(
        "complete",
        &[("call_status", "ANSWERED"), ("recording_url", " https://r.example.ru/a.mp3?x=1&y=%20 ")],
    )));
    assert_eq!(with.record_link.as_ref().map(|l| l.as_str()), Some("https://r.example.ru/a.mp3?x=1&y=%20"));
    let without = json(&as_json(&minimal("complete", &[("call_status", "NO ANSWER"), ("record", "")])));
    assert_eq!(without.record_link, None);
    let null = json(
        r#"{"call_id":"1","action":"complete","direction":"in","phone":"79123456789","status":"Busy","record":null}"#,
    );
    assert_eq!(null.record_link, None);
    let vars = deal_variables(&without, &DealVariables::default());
    assert_eq!(vars.call_record_link, "");
}

#[test]
fn transcription_with_several_speakers() {
    let lines = "Оператор: Здравствуйте!\nКлиент: Добрый день, <заказ> №5 & «доставка»\nОператор: Уточню.";
    let as_string = json(&as_json(&minimal("text", &[("call_text", lines)])));
    assert_eq!(as_string.text.as_deref(), Some(lines));
    let as_form = parse(&as_form(&minimal("text", &[("transcription", lines)])), None);
    assert_eq!(as_form.text.as_deref(), Some(lines));
    let as_list = json(
        r#"{"call_id":"c1","action":"text","direction":"in","phone":"79123456789","transcription":[
            {"speaker":"Оператор","text":"Здравствуйте!"},
            {"role":"Клиент","phrase":"Добрый день, <заказ> №5 & «доставка»"},
            {"channel":"Оператор","message":" Уточню. "}
        ]}"#,
    );
    assert_eq!(as_list.text.as_deref(), Some(lines));
    assert_eq!(as_list.dedup_key, as_string.dedup_key, "the same conversation in any shape is the same event");
    let plain_list = json(
        r#"{"call_id":"c1","action":"text","direction":"in","phone":"79123456789","text":["Алло?","Да, слушаю."]}"#,
    );
    assert_eq!(plain_list.text.as_deref(), Some("Алло?\nДа, слушаю."));

    let notes = build_notifications(&as_list, &NotificationOptions::default());
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].kind, NotificationKind::Telephony);
    assert_eq!(
        notes[0].text,
        "Входящий звонок: текст разговора\nКлиент: +7 912 345-67-89\n\nОператор: Здравствуйте!\n\
         Клиент: Добрый день, &lt;заказ&gt; №5 &amp; «доставка»\nОператор: Уточню."
    );
    assert_eq!((notes[1].kind, notes[1].text.as_str()), (NotificationKind::Callback, "telephony_call_text"));
    // A text event without text says so.
    let empty = json(&as_json(&minimal("text", &[])));
    let notes = build_notifications(&empty, &NotificationOptions { locale: Locale::En, employee_name: None });
    assert!(notes[0].text.ends_with("\n\nThe conversation text is empty."), "{}", notes[0].text);
}

#[test]
fn times_in_unix_seconds_milliseconds_and_iso() {
    let cases = [
        ("1732633200", "2024-11-26T15:00:00Z"),
        ("1732633200123", "2024-11-26T15:00:00.123Z"),
        ("1732633200.5", "2024-11-26T15:00:00.500Z"),
        ("2024-11-26T15:00:00Z", "2024-11-26T15:00:00Z"),
        ("2024-11-26T15:00:00.120Z", "2024-11-26T15:00:00.120Z"),
        ("2024-11-26T18:00:00+03:00", "2024-11-26T15:00:00Z"),
        ("2024-11-26 18:00:00+0300", "2024-11-26T15:00:00Z"),
        ("2024-11-26T18:00:00", "2024-11-26T18:00:00"),
    ];
    for (given, want) in cases {
        for body in [as_json(&minimal("dial", &[("call_time", given)])), as_form(&minimal("dial", &[("time", given)]))]
        {
            let e = parse(&body, None);
            assert_eq!(e.time.map(|t| t.to_string()).as_deref(), Some(want), "{given}");
        }
    }
    // JSON numbers, seconds and milliseconds, are read exactly.
    let e = json(r#"{"call_id":"1","action":"dial","direction":"in","phone":"79123456789","timestamp":1732633200123}"#);
    assert_eq!(e.time.unwrap().to_string(), "2024-11-26T15:00:00.123Z");
    let e =
        json(r#"{"call_id":"1","action":"dial","direction":"in","phone":"79123456789","timestamp":1732633200.123}"#);
    assert_eq!(e.time.unwrap().to_string(), "2024-11-26T15:00:00.123Z");
    // The same moment in any form is the same event.
    let keys: Vec<String> = ["1732633200", "1732633200000", "2024-11-26T18:00:00+03:00"]
        .iter()
        .map(|t| json(&as_json(&minimal("dial", &[("call_time", t)]))).dedup_key)
        .collect();
    assert!(keys.windows(2).all(|w| w[0] == w[1]), "{keys:?}");
}

#[test]
fn durations() {
    for (given, want) in [("65", 65), ("65.4", 65), ("65.5", 66), ("1:05", 65), ("0:01:05", 65), (" 7 ", 7), ("0", 0)] {
        let e = json(&as_json(&minimal("complete", &[("call_status", "Success"), ("duration", given)])));
        assert_eq!(e.total_duration_sec, Some(want), "{given}");
    }
    let e = json(
        r#"{"call_id":"1","action":"complete","direction":"in","phone":"79123456789","status":"ok","duration":65.6}"#,
    );
    assert_eq!(e.total_duration_sec, Some(66));
    assert_eq!(format_duration(65, Locale::Ru), "1 мин 05 с");
    assert_eq!(format_duration(3905, Locale::En), "1 h 05 min 05 s");
}

#[test]
fn dedup_keys() {
    let a = json(COMPLETE);
    let b = json(COMPLETE);
    assert_eq!(a.dedup_key, b.dedup_key, "the same delivery twice");
    // The same event as a form, with aliases and other spellings.
    let form = "id=sip-42&event=COMPLETE&direction=inbound&caller=%2B79123456789&called_did=84951234567&extension=101\
                &status=Success&duration=1%3A05&billsec=58&recording_url=https%3A%2F%2Frec.sipout.net%2Fr%2Fsip-42.mp3%3Fk%3D1%26t%3D2\
                &timestamp=1732633200000";
    assert_eq!(parse(form, None).dedup_key, a.dedup_key);
    // Different events of one call, or a different status, differ.
    let dial = json(&COMPLETE.replace("\"complete\"", "\"dial\""));
    let busy = json(&COMPLETE.replace("\"Success\"", "\"Busy\""));
    let text = json(&COMPLETE.replace("\"complete\"", "\"text\""));
    // Another spelling of the same status is the same event.
    assert_eq!(json(&COMPLETE.replace("\"Success\"", "\"ANSWERED\"")).dedup_key, a.dedup_key);
    let keys = [&a.dedup_key, &dial.dedup_key, &busy.dedup_key, &text.dedup_key];
    for (i, x) in keys.iter().enumerate() {
        for y in keys.iter().skip(i + 1) {
            assert_ne!(x, y);
        }
    }
    assert!(dial.dedup_key.starts_with("dial:sip-42:"));
}

fn event(action: &str, extra: &[(&str, &str)]) -> CallEvent {
    json(&as_json(&minimal(action, extra)))
}

#[test]
fn deal_variables_after_a_call() {
    let dial = event("dial", &[("call_did", "84951234567")]);
    let complete = event(
        "complete",
        &[
            ("call_status", "ANSWERED"),
            ("duration", "65"),
            ("billsec", "58"),
            ("record", "https://r.example.ru/c1.mp3"),
        ],
    );
    let after_dial = deal_variables(&dial, &DealVariables::default());
    assert_eq!(
        after_dial.pairs(),
        [
            ("call_action", "dial"),
            ("call_status", ""),
            ("call_total_duration_sec", ""),
            ("call_talk_duration_sec", ""),
            ("call_record_link", ""),
            ("call_did", "74951234567"),
            ("call_id", "c1"),
        ]
    );
    let after_complete = deal_variables(&complete, &after_dial);
    let want = [
        ("call_action", "complete"),
        ("call_status", "Success"),
        ("call_total_duration_sec", "65"),
        ("call_talk_duration_sec", "58"),
        ("call_record_link", "https://r.example.ru/c1.mp3"),
        ("call_did", "74951234567"),
        ("call_id", "c1"),
    ];
    assert_eq!(after_complete.pairs(), want, "the DID only the dial carried is kept");
    assert_eq!(common::value(&after_complete).as_object().unwrap().len(), 7);

    // Out of order: the complete first, its dial after: the same end.
    let complete_first = deal_variables(&complete, &DealVariables::default());
    assert_eq!(deal_variables(&dial, &complete_first).pairs(), want);
    // A dial after its complete changes nothing when the complete said it all.
    let full = event(
        "complete",
        &[
            ("call_status", "ANSWERED"),
            ("duration", "65"),
            ("billsec", "58"),
            ("record", "https://r.example.ru/c1.mp3"),
            ("did", "84951234567"),
        ],
    );
    let done = deal_variables(&full, &after_dial);
    assert_eq!(deal_variables(&dial, &done), done);
    // Duplicates change nothing.
    assert_eq!(deal_variables(&complete, &after_complete), after_complete);
    assert_eq!(deal_variables(&dial, &after_complete), after_complete);
    // A transcription changes no variable.
    assert_eq!(deal_variables(&event("text", &[("text", "…")]), &after_complete), after_complete);

    // A new call's dial replaces the last call's values, clearing what it does not say.
    let next = json(&as_json(&minimal("dial", &[("call_id", "c2"), ("call_direction", "out")])));
    let after_next = deal_variables(&next, &after_complete);
    assert_eq!(
        after_next.pairs(),
        [
            ("call_action", "dial"),
            ("call_status", ""),
            ("call_total_duration_sec", ""),
            ("call_talk_duration_sec", ""),
            ("call_record_link", ""),
            ("call_did", ""),
            ("call_id", "c2"),
        ]
    );
    // A deal written before call_id existed is another call.
    let legacy =
        DealVariables { call_action: "complete".into(), call_status: "Busy".into(), ..DealVariables::default() };
    assert_eq!(deal_variables(&dial, &legacy), after_dial);
}

#[test]
fn deal_variables_read_from_the_host() {
    let vars = DealVariables::read_json(
        r#"{"name":"Иван","call_id":42,"call_action":"complete","call_talk_duration_sec":58,"call_did":null,"flag":true}"#,
    )
    .unwrap();
    assert_eq!((vars.call_id.as_str(), vars.call_talk_duration_sec.as_str(), vars.call_did.as_str()), ("42", "58", ""));
    assert_eq!(
        DealVariables::read_json(r#"{"call_status":{"a":1}}"#).unwrap_err(),
        "call_status: expected a string, got an object"
    );
    assert!(DealVariables::read_json("[]").is_err());
}

#[test]
fn notification_texts() {
    let complete = json(COMPLETE);
    let ru = build_notifications(
        &complete,
        &NotificationOptions { locale: Locale::Ru, employee_name: Some("Анна <b>".into()) },
    );
    assert_eq!(ru.len(), 2);
    assert_eq!(
        ru[0].text,
        "Входящий звонок: окончание разговора\nКлиент: +7 912 345-67-89\nНомер линии: +7 495 123-45-67\n\
         Сотрудник: Анна &lt;b&gt; (доб. 101)\nСтатус: успешный звонок\nДлительность: 1 мин 05 с\nРазговор: 58 с\n\
         Запись: https://rec.sipout.net/r/sip-42.mp3?k=1&amp;t=2"
    );
    assert_eq!(ru[1].text, "telephony_call_success");
    assert!(ru[0].data.is_some() && ru[1].data.is_none());
    let data = common::value(&ru[0]);
    assert_eq!(data["data"]["recordLink"], "https://rec.sipout.net/r/sip-42.mp3?k=1&t=2");
    assert_eq!(data["data"].get("dedupKey"), None);

    let en = build_notifications(&complete, &NotificationOptions { locale: Locale::En, employee_name: None });
    assert_eq!(
        en[0].text,
        "Inbound call: conversation ended\nClient: +7 912 345-67-89\nLine number: +7 495 123-45-67\n\
         Employee: ext. 101\nStatus: successful\nDuration: 1 min 05 s\nTalk time: 58 s\n\
         Recording: https://rec.sipout.net/r/sip-42.mp3?k=1&amp;t=2"
    );
    let busy = json(&COMPLETE.replace("\"Success\"", "\"BUSY\""));
    assert_eq!(build_notifications(&busy, &NotificationOptions::default())[1].text, "telephony_call_busy");
    let missed = json(&COMPLETE.replace("\"Success\"", "\"NO ANSWER\""));
    assert_eq!(build_notifications(&missed, &NotificationOptions::default())[1].text, "telephony_call_missed");

    let dial = parse("id=9&event=dial&direction=out&from=102&to=89123456789", None);
    let notes =
        build_notifications(&dial, &NotificationOptions { locale: Locale::Ru, employee_name: Some("Олег".into()) });
    assert_eq!(notes.len(), 1, "a dial gives one Telephony notification");
    assert_eq!(
        notes[0].text,
        "Исходящий звонок: начало разговора\nКлиент: +7 912 345-67-89\nСотрудник: Олег (доб. 102)"
    );
}

#[test]
fn outside_text_is_escaped_for_html() {
    let e = json(
        r#"{"call_id":"x","action":"complete","direction":"in","phone":"79123456789","status":"Success","billsec":1,
            "extension":"<img src=x onerror=alert(1)>","record":"https://r.example.ru/?a=1&b='2'"}"#,
    );
    let notes = build_notifications(
        &e,
        &NotificationOptions { locale: Locale::Ru, employee_name: Some("\"Tom\" & 'Jerry'".into()) },
    );
    let text = &notes[0].text;
    assert!(
        text.contains("Сотрудник: &quot;Tom&quot; &amp; &#39;Jerry&#39; (доб. &lt;img src=x onerror=alert(1)&gt;)"),
        "{text}"
    );
    assert!(text.contains("Запись: https://r.example.ru/?a=1&amp;b=&#39;2&#39;"), "{text}");
    assert!(!text.contains('<') && !text.contains('"'), "{text}");
}

#[test]
fn javascript_links_never_come_out() {
    for link in [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:x",
        "//evil.example/x",
        "https://x/\"><script>",
    ] {
        let e = webhook::parse(
            as_json(&minimal("complete", &[("call_status", "Success"), ("record", link)])).as_bytes(),
            None,
        );
        let e = e.expect_err(link);
        assert_eq!((e.reason(), e.field()), ("invalid_link", Some("call_record_link")), "{link}");
    }
}

#[test]
fn bad_bodies_say_which_field_and_why() {
    let huge = "x".repeat(MAX_BODY_BYTES + 1);
    let long_id = "9".repeat(MAX_VALUE_BYTES + 1);
    let long_id_body = as_json(&minimal("dial", &[("call_id", &long_id)]));
    // Body, content type, reason, field, a part of the message.
    type Case<'a> = (String, Option<&'a str>, &'a str, Option<&'a str>, &'a str);
    let cases: Vec<Case> = vec![
        ("".into(), None, "empty", None, "body is empty"),
        ("  \n ".into(), None, "empty", None, "body is empty"),
        (huge, None, "too_large", None, "over the limit of 1048576"),
        ("{\"call_id\": 1,".into(), None, "not_json", None, "body is not JSON: unexpected end at byte 14"),
        ("{'call_id': 1}".into(), None, "not_json", None, "body is not JSON"),
        ("call_id=1&action=dial".into(), Some("application/json"), "not_json", None, "not JSON"),
        ("[1, 2]".into(), None, "not_object", None, "not an object"),
        ("\"call\"".into(), Some("application/json"), "not_object", None, "not an object"),
        ("a=1".into(), Some("multipart/form-data; boundary=x"), "unsupported_content_type", None, "multipart"),
        (
            as_json(&minimal("dial", &[]))[..0].to_string() + "{}",
            None,
            "missing_field",
            Some("call_id"),
            "call_id: missing (accepted keys: call_id, id, call_uuid, uuid)",
        ),
        (
            "call_id=1&direction=in&phone=79123456789".into(),
            None,
            "missing_field",
            Some("call_action"),
            "call_action: missing",
        ),
        (
            "call_id=1&action=dial&phone=79123456789".into(),
            None,
            "missing_field",
            Some("call_direction"),
            "call_direction: missing",
        ),
        ("call_id=1&action=dial&direction=in".into(), None, "missing_field", Some("call_phone"), "call_phone: missing"),
        (
            "call_id=1&action=dial&direction=out&from=79123456789".into(),
            None,
            "missing_field",
            Some("call_phone"),
            "callee/to on an outbound one",
        ),
        (
            "call_id=1&action=complete&direction=in&phone=79123456789".into(),
            None,
            "missing_field",
            Some("call_status"),
            "needs a status or a talk duration",
        ),
        (
            "call_id=1&action=ring-ring&direction=in&phone=79123456789".into(),
            None,
            "invalid_action",
            Some("call_action"),
            "action (call_action): \"ring-ring\" is not an action",
        ),
        (
            "call_id=1&action=dial&direction=sideways&phone=79123456789".into(),
            None,
            "invalid_direction",
            Some("call_direction"),
            "\"sideways\" is not a direction",
        ),
        (
            "call_id=1&action=complete&direction=in&phone=79123456789&disposition=maybe".into(),
            None,
            "invalid_status",
            Some("call_status"),
            "disposition (call_status): \"maybe\" is not a call status",
        ),
        (
            "call_id=1&action=dial&direction=in&phone=12345".into(),
            None,
            "invalid_phone",
            Some("call_phone"),
            "phone (call_phone): phone \"12345\": 5 digits, too few",
        ),
        (
            "call_id=1&action=dial&direction=in&caller=%2B380441234567".into(),
            None,
            "invalid_phone",
            Some("caller"),
            "caller: phone \"+380441234567\": country code +380",
        ),
        (
            "call_id=1&action=dial&direction=in&phone=79123456789&did=abc".into(),
            None,
            "invalid_phone",
            Some("call_did"),
            "did (call_did): phone \"abc\"",
        ),
        (
            "call_id=1&action=complete&direction=in&phone=79123456789&status=ok&billsec=abc".into(),
            None,
            "invalid_duration",
            Some("call_talk_duration_sec"),
            "billsec (call_talk_duration_sec): \"abc\" is not a duration",
        ),
        (
            "call_id=1&action=complete&direction=in&phone=79123456789&status=ok&duration=-5".into(),
            None,
            "invalid_duration",
            Some("call_total_duration_sec"),
            "negative",
        ),
        (
            "call_id=1&action=complete&direction=in&phone=79123456789&status=ok&duration=999999999".into(),
            None,
            "invalid_duration",
            Some("call_total_duration_sec"),
            "longer than a week",
        ),
        (
            "call_id=1&action=dial&direction=in&phone=79123456789&time=yesterday".into(),
            None,
            "invalid_time",
            Some("call_time"),
            "time (call_time): \"yesterday\" is not a time",
        ),
        (
            "call_id=1&action=dial&direction=in&phone=79123456789&time=2023-02-29T10:00:00Z".into(),
            None,
            "invalid_time",
            Some("call_time"),
            "no such day",
        ),
        (
            "call_id=1&action=dial&direction=in&phone=79123456789&record=ftp%3A%2F%2Fx".into(),
            None,
            "invalid_link",
            Some("call_record_link"),
            "only http and https",
        ),
        (
            r#"{"call_id":{"a":1},"action":"dial","direction":"in","phone":"79123456789"}"#.into(),
            None,
            "invalid_value",
            Some("call_id"),
            "call_id: expected a string or a number, got an object",
        ),
        (
            r#"{"call_id":"1","action":"dial","direction":"in","phone":["79123456789"]}"#.into(),
            None,
            "invalid_value",
            Some("call_phone"),
            "got an array",
        ),
        (
            r#"{"call_id":"1","action":"dial","direction":true,"phone":"79123456789"}"#.into(),
            None,
            "invalid_value",
            Some("call_direction"),
            "got true",
        ),
        (
            r#"{"call_id":"1","action":"text","direction":"in","phone":"79123456789","text":[{"speaker":"a"}]}"#.into(),
            None,
            "invalid_value",
            Some("call_text"),
            "a phrase has no text",
        ),
        (long_id_body, None, "too_long", Some("call_id"), "call_id: 4097 bytes, over the limit of 4096"),
    ];
    for (body, ct, reason, field, message) in cases {
        let e = fail(&body, ct);
        let shown: String = body.chars().take(60).collect();
        assert_eq!(e.reason(), reason, "{shown}: {e}");
        assert_eq!(e.field(), field, "{shown}: {e}");
        assert!(e.to_string().contains(message), "{shown}: message {:?} lacks {message:?}", e.to_string());
        let crate_error = Error::from(e);
        assert_eq!(crate_error.code(), "invalid_webhook");
        assert_eq!(crate_error.reason(), Some(reason));
    }
    // Bytes that are not UTF-8.
    let e = webhook::parse(b"call_id=1&\xff\xfe", None).unwrap_err();
    assert_eq!((e.reason(), e.to_string()), ("not_utf8", "body is not UTF-8: invalid byte at offset 10".to_string()));
}

#[test]
fn an_event_reads_back_from_its_own_json() {
    for body in [
        COMPLETE.to_string(),
        as_json(&minimal("text", &[("text", "a\nb")])),
        as_json(&minimal("dial", &[("call_time", "2024-11-26T18:00:00")])),
    ] {
        let e = parse(&body, None);
        let again = json(&common::json(&e));
        assert_eq!(again, e);
    }
    // The raw status survives apart from the status.
    let e = json(&as_json(&minimal("complete", &[("call_status", "NO ANSWER")])));
    assert_eq!(json(&common::json(&e)).status_raw.as_deref(), Some("NO ANSWER"));
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use salebot_sipout::event::RecordLink;
    use salebot_sipout::EventTime;

    const STATUS_SPELLINGS: [(&str, Status); 8] = [
        ("Success", Status::Success),
        ("ANSWERED", Status::Success),
        ("answered", Status::Success),
        ("Busy", Status::Busy),
        ("BUSY", Status::Busy),
        ("NO ANSWER", Status::Missed),
        ("cancel", Status::Missed),
        ("failed", Status::Missed),
    ];

    /// How a time is written in the body.
    #[derive(Debug, Clone, Copy)]
    enum TimeForm {
        Iso,
        Offset(i32),
        Seconds,
        Millis,
    }

    fn arb_phone() -> impl Strategy<Value = Phone> {
        (0u64..10_000_000_000).prop_map(|n| Phone::from_national(n).unwrap())
    }

    fn arb_event() -> impl Strategy<Value = (CallEvent, TimeForm)> {
        let text = "[^\u{0}-\u{1f}\u{7f}]{0,30}(\n[^\u{0}-\u{1f}\u{7f}]{1,20}){0,3}";
        (
            (
                "[A-Za-z0-9][A-Za-z0-9:_.-]{0,24}",
                prop::sample::select(vec![Action::Dial, Action::Complete, Action::Text]),
                prop::sample::select(vec![Direction::In, Direction::Out]),
                arb_phone(),
                prop::option::of(arb_phone()),
                prop::option::of("[0-9A-Za-z#*]{1,8}"),
                prop::option::of(0usize..STATUS_SPELLINGS.len()),
            ),
            (
                prop::option::of(0u32..=604_800),
                prop::option::of(0u32..=604_800),
                prop::option::of("https?://[a-z]{1,10}\\.ru(/[A-Za-z0-9/_.?=&%-]{0,30})?"),
                prop::option::of(text),
                prop::option::of((100_000_000_000i64..253_402_300_799_999, 0u8..4, -14i32..=14)),
            ),
        )
            .prop_map(
                |((call_id, action, direction, phone, did, extension, status), (total, talk, link, text, time))| {
                    let (mut status, mut status_raw) = match (action, status) {
                        (Action::Complete, Some(i)) => {
                            (Some(STATUS_SPELLINGS[i].1), Some(STATUS_SPELLINGS[i].0.to_string()))
                        }
                        _ => (None, None),
                    };
                    let mut talk = talk;
                    if action == Action::Complete && status.is_none() {
                        // No status: the talk duration decides.
                        let t = talk.unwrap_or(0);
                        talk = Some(t);
                        status = Some(if t > 0 { Status::Success } else { Status::Missed });
                        status_raw = None;
                    }
                    let (time, form) = match time {
                        None => (None, TimeForm::Iso),
                        Some((ms, form, hours)) => {
                            let form = match form {
                                0 => TimeForm::Iso,
                                1 => TimeForm::Offset(hours),
                                2 => TimeForm::Seconds,
                                _ => TimeForm::Millis,
                            };
                            // Seconds from the year 5138 on would read as milliseconds.
                            let form = if matches!(form, TimeForm::Seconds) && ms >= 100_000_000_000_000 {
                                TimeForm::Iso
                            } else {
                                form
                            };
                            let ms = if matches!(form, TimeForm::Seconds) { ms - ms % 1000 } else { ms };
                            (EventTime::from_unix_ms(ms), form)
                        }
                    };
                    let text = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
                    let event = CallEvent {
                        call_id,
                        action,
                        direction,
                        phone,
                        did,
                        extension,
                        status,
                        status_raw,
                        total_duration_sec: total,
                        talk_duration_sec: talk,
                        record_link: link.map(|l| RecordLink::parse(&l).unwrap()),
                        text,
                        time,
                        dedup_key: String::new(),
                    };
                    (event.with_dedup_key(), form)
                },
            )
    }

    fn write_time(time: EventTime, form: TimeForm) -> String {
        let ms = time.unix_ms().unwrap();
        match form {
            TimeForm::Iso => time.to_string(),
            TimeForm::Seconds => (ms / 1000).to_string(),
            TimeForm::Millis => ms.to_string(),
            TimeForm::Offset(hours) => {
                let local = EventTime::from_unix_ms(ms + i64::from(hours) * 3_600_000);
                match local {
                    Some(local) => {
                        let wall = local.to_string();
                        let wall = wall.trim_end_matches('Z');
                        let sign = if hours < 0 { '-' } else { '+' };
                        format!("{wall}{sign}{:02}:00", hours.abs())
                    }
                    None => time.to_string(),
                }
            }
        }
    }

    /// The event as a webhook would say it: `keys` picks among each field's keys.
    fn fields_of(e: &CallEvent, form: TimeForm, keys: &[usize]) -> Vec<(String, String)> {
        let key = |field: Field, i: usize| {
            let options = field.keys();
            let k = options[keys[i] % options.len()];
            if keys[i] % 3 == 1 {
                k.to_uppercase()
            } else {
                k.to_string()
            }
        };
        let mut out = vec![
            (key(Field::CallId, 0), e.call_id.clone()),
            (key(Field::Action, 1), e.action.as_str().to_string()),
            (key(Field::Direction, 2), e.direction.as_str().to_string()),
        ];
        // The client under call_phone's keys, or under the side it is on.
        let side = match e.direction {
            Direction::In => Field::Caller,
            Direction::Out => Field::Callee,
        };
        let phone_field = if keys[3] % 2 == 0 { Field::Phone } else { side };
        out.push((key(phone_field, 3), if keys[3] % 4 < 2 { e.phone.to_string() } else { e.phone.to_human() }));
        if let Some(did) = e.did {
            out.push((key(Field::Did, 4), did.to_human()));
        }
        if let Some(ext) = &e.extension {
            out.push((key(Field::Extension, 5), ext.clone()));
        }
        if let Some(raw) = &e.status_raw {
            out.push((key(Field::Status, 6), raw.clone()));
        }
        if let Some(n) = e.total_duration_sec {
            out.push((key(Field::TotalDuration, 7), n.to_string()));
        }
        if let Some(n) = e.talk_duration_sec {
            out.push((key(Field::TalkDuration, 8), n.to_string()));
        }
        if let Some(link) = &e.record_link {
            out.push((key(Field::RecordLink, 9), link.to_string()));
        }
        if let Some(text) = &e.text {
            out.push((key(Field::Text, 10), text.clone()));
        }
        if let Some(time) = e.time {
            out.push((key(Field::Time, 11), write_time(time, form)));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_event_in_any_form_reads_back((event, form) in arb_event(), keys in prop::collection::vec(0usize..12, 12), shape in 0u8..5) {
            let fields = fields_of(&event, form, &keys);
            let (body, ct) = match shape {
                0 => (as_json(&fields), Some("application/json")),
                1 => (as_json(&fields), None),
                2 => (as_form(&fields), Some("application/x-www-form-urlencoded")),
                3 => (format!("?{}", as_form(&fields)), None),
                _ => (format!("https://hooks.example.ru/sipout?{}", as_form(&fields)), None),
            };
            let got = webhook::parse(body.as_bytes(), ct);
            prop_assert_eq!(got.as_ref(), Ok(&event), "{}", body);
            // And from its own JSON, as the JS API reads events back; a status inferred
            // from the talk duration then reads as spelled by the module.
            let own = common::json(&event);
            let mut want = event.clone();
            if want.status_raw.is_none() {
                want.status_raw = want.status.map(|s| s.as_str().to_string());
            }
            prop_assert_eq!(webhook::parse(own.as_bytes(), None), Ok(want));
        }

        #[test]
        fn one_calls_events_merge_the_same_in_any_order((event, _) in arb_event(), other in arb_event(), order in 0usize..6) {
            // A dial and a complete of one call, and a transcription, delivered in any order,
            // some twice.
            let mut dial = event.clone();
            dial.action = Action::Dial;
            dial.status = None;
            dial.status_raw = None;
            let mut complete = other.0.clone();
            complete.call_id = event.call_id.clone();
            complete.action = Action::Complete;
            complete.status = Some(complete.status.unwrap_or(Status::Busy));
            let mut text = event.clone();
            text.action = Action::Text;
            let all = [&dial, &complete, &text];
            let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
            let mut in_order = DealVariables::default();
            for e in all {
                in_order = deal_variables(e, &in_order);
            }
            let mut shuffled = DealVariables::default();
            for &i in &orders[order] {
                shuffled = deal_variables(all[i], &shuffled);
                shuffled = deal_variables(all[i], &shuffled);
            }
            prop_assert_eq!(&shuffled, &in_order);
            prop_assert_eq!(in_order.call_action.as_str(), "complete");
        }

        #[test]
        fn no_input_panics(body in "\\PC{0,200}", ct in prop::option::of("[a-z/+;= -]{0,40}")) {
            let _ = webhook::parse(body.as_bytes(), ct.as_deref());
        }

        #[test]
        fn no_bytes_panic(body in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = webhook::parse(&body, None);
            let _ = webhook::parse(&body, Some("application/json"));
        }

        #[test]
        fn webhook_like_inputs_never_panic(
            pairs in prop::collection::vec((
                prop::sample::select(ALIASES.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>()),
                "[-+:.,0-9a-zA-Z %/&=\"'<>{}\\[\\]\\\\]{0,24}",
            ), 0..16),
            json_shape in any::<bool>(),
        ) {
            let body = if json_shape {
                let members: Vec<String> = pairs.iter().map(|(k, v)| {
                    let value = if v.starts_with('{') || v.starts_with('[') { v.clone() } else { serde_json::Value::String(v.clone()).to_string() };
                    format!("{:?}:{}", k, value)
                }).collect();
                format!("{{{}}}", members.join(","))
            } else {
                pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
            };
            if let Ok(e) = webhook::parse(body.as_bytes(), None) {
                prop_assert_eq!(e.phone.to_string().len(), 11);
                prop_assert!(e.record_link.as_ref().is_none_or(|l| l.as_str().starts_with("http")));
                let notes = build_notifications(&e, &NotificationOptions::default());
                prop_assert!(!notes.is_empty());
            }
        }
    }
}
