//! CRM forwarding (SPEC §7): request bodies field by field against the amoCRM and Bitrix24
//! API facts for every status and direction, on and off switches, entity or none, the
//! Bitrix24 CALL_ID kept by the host, text safety, secrets kept out of errors and Debug,
//! idempotency keys, and whole calls (dial, complete, text) giving exactly the expected
//! requests; properties: no input panics, texts never carry markup.

// The tests hold the crate's JSON to serde_json's, through the `serde` feature.
#![cfg(feature = "serde")]

mod common;

use salebot_sipout::crm::{
    self, crm_requests, read_notifications, CrmError, CrmSettings, CrmState, HttpRequest, RequestKind, Target,
    MAX_NOTIFICATIONS, MAX_SETTINGS_BYTES,
};
use salebot_sipout::event::CallEvent;
use salebot_sipout::notification::{build_notifications, escape_html, NotificationOptions};
use salebot_sipout::webhook;
use salebot_sipout::Error;
use serde_json::{json, Value};

const AMO_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.amo-secret-token";
const HOOK_TOKEN: &str = "hooksecret4k9x2q";

fn event(body: Value) -> CallEvent {
    let text = body.to_string();
    webhook::parse(text.as_bytes(), Some("application/json")).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn settings(value: Value) -> CrmSettings {
    CrmSettings::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

fn settings_error(value: &str) -> CrmError {
    match CrmSettings::from_json(value) {
        Ok(s) => panic!("{value} should be refused, got {s:?}"),
        Err(e) => e,
    }
}

fn amo(extra: Value) -> Value {
    let mut section = json!({"enabled": true, "baseUrl": "https://acme.amocrm.ru", "accessToken": AMO_TOKEN});
    merge(&mut section, extra);
    json!({ "amocrm": section })
}

fn bitrix(extra: Value) -> Value {
    let mut section = json!({"enabled": true, "webhookUrl": format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/")});
    merge(&mut section, extra);
    json!({ "bitrix24": section })
}

fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(t), Value::Object(e)) = (target, extra) {
        for (k, v) in e {
            t.insert(k, v);
        }
    }
}

fn requests(e: &CallEvent, s: &CrmSettings, state: &CrmState) -> Vec<HttpRequest> {
    let notes = build_notifications(e, &NotificationOptions::default());
    crm_requests(e, &notes, s, state).unwrap_or_else(|err| panic!("{err}"))
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_str(r.body()).unwrap_or_else(|e| panic!("body of {r:?} is not JSON: {e}"))
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn sorted(mut v: Vec<&str>) -> Vec<String> {
    v.sort();
    v.into_iter().map(String::from).collect()
}

fn state(call_id: &str) -> CrmState {
    CrmState { bitrix_call_id: Some(call_id.into()), bitrix_entity: None }
}

fn dial(direction: &str) -> Value {
    json!({
        "call_id": "sip-42", "call_action": "dial", "call_direction": direction,
        "call_phone": "8 (912) 345-67-89", "call_extension": "101", "call_time": 1732633200,
    })
}

fn complete(direction: &str, status: &str) -> Value {
    json!({
        "call_id": "sip-42", "call_action": "complete", "call_direction": direction,
        "call_phone": "+7 912 345 67 89", "call_extension": "101", "call_status": status,
        "call_total_duration_sec": 65, "call_talk_duration_sec": if status == "Success" { 58 } else { 0 },
        "call_record_link": "https://rec.sipout.net/r/sip-42.mp3?k=1&t=2", "call_time": "2024-11-26T18:01:05+03:00",
    })
}

fn text_event(text: &str) -> Value {
    json!({
        "call_id": "sip-42", "call_action": "text", "call_direction": "in",
        "call_phone": "79123456789", "call_text": text,
    })
}

/// Every request's common shape: POST, https, JSON body, the key in the header and field.
fn check_common(r: &HttpRequest) {
    assert_eq!(r.method(), "POST");
    assert!(r.url().starts_with("https://"), "{}", r.url());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("Idempotency-Key"), Some(r.idempotency_key()));
    assert!(r.idempotency_key().bytes().all(|b| b.is_ascii_graphic()), "{}", r.idempotency_key());
    body(r);
    let wire: Value = common::value(&r);
    assert_eq!(
        keys(&wire),
        sorted(vec!["target", "kind", "method", "url", "headers", "body", "idempotencyKey"]),
        "the JSON shape hosts get"
    );
    assert_eq!(wire["headers"]["Idempotency-Key"], r.idempotency_key());
}

// ---------------------------------------------------------------- amoCRM

#[test]
fn amocrm_call_record_for_every_status_and_direction() {
    let s = settings(amo(json!({"responsibleUserId": 314})));
    for (direction, want_direction) in [("in", "inbound"), ("out", "outbound")] {
        for (status, call_status, result, talk) in
            [("Success", 4, "Успешный звонок", 58), ("Busy", 7, "Занято", 0), ("Missed", 6, "Пропущенный звонок", 0)]
        {
            let e = event(complete(direction, status));
            let r = requests(&e, &s, &CrmState::default());
            assert_eq!(r.len(), 1, "no entity: the call record alone");
            let call = &r[0];
            check_common(call);
            assert_eq!(call.target(), Target::Amocrm);
            assert_eq!(call.kind(), RequestKind::AmocrmCall);
            assert_eq!(call.url(), "https://acme.amocrm.ru/api/v4/calls");
            assert_eq!(call.header("Authorization"), Some(format!("Bearer {AMO_TOKEN}").as_str()));
            let b = body(call);
            let calls = b.as_array().expect("a JSON array of calls");
            assert_eq!(calls.len(), 1);
            let c = &calls[0];
            assert_eq!(
                keys(c),
                sorted(vec![
                    "direction",
                    "uniq",
                    "duration",
                    "source",
                    "link",
                    "phone",
                    "call_status",
                    "call_result",
                    "responsible_user_id",
                    "created_at",
                    "request_id",
                ])
            );
            assert_eq!(c["direction"], want_direction);
            assert_eq!(c["uniq"], "sip-42");
            assert_eq!(c["duration"], talk);
            assert_eq!(c["source"], crm::amocrm::AMOCRM_SOURCE);
            assert_eq!(c["link"], "https://rec.sipout.net/r/sip-42.mp3?k=1&t=2");
            assert_eq!(c["phone"], "+79123456789");
            assert_eq!(c["call_status"], call_status, "{status}");
            assert_eq!(c["call_result"], result);
            assert_eq!(c["responsible_user_id"], 314);
            assert_eq!(c["created_at"], 1732633265);
            assert_eq!(c["request_id"], call.idempotency_key());
        }
    }
}

#[test]
fn amocrm_optional_fields_and_english() {
    let s = settings(json!({"amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru"}, "locale": "en"}));
    let mut e = complete("in", "Missed");
    let o = e.as_object_mut().unwrap();
    o.remove("call_record_link");
    o.remove("call_talk_duration_sec");
    o.insert("call_time".into(), json!("2024-11-26T18:01:05"));
    let r = requests(&event(e), &s, &CrmState::default());
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].header("Authorization"), None, "no token: the host authorises");
    let c = &body(&r[0])[0];
    assert_eq!(
        keys(c),
        sorted(vec!["direction", "uniq", "duration", "source", "phone", "call_status", "call_result", "request_id"]),
        "no link, no responsible user, no created_at for a time without a zone"
    );
    assert_eq!(c["duration"], 0);
    assert_eq!(c["call_result"], "Missed call");
    for (status, text) in [("Success", "Successful call"), ("Busy", "Busy")] {
        let r = requests(&event(complete("out", status)), &s, &CrmState::default());
        assert_eq!(body(&r[0])[0]["call_result"], text);
    }
}

#[test]
fn amocrm_notes_only_when_an_entity_is_configured() {
    let plain = settings(amo(json!({})));
    assert!(requests(&event(dial("in")), &plain, &CrmState::default()).is_empty(), "dial: nothing without an entity");
    assert!(requests(&event(text_event("алло")), &plain, &CrmState::default()).is_empty());
    for (kind, path) in [("leads", "leads/77"), ("contacts", "contacts/77")] {
        let s = settings(amo(json!({"entity": {"type": kind, "id": 77}})));
        let e = event(dial("in"));
        let r = requests(&e, &s, &CrmState::default());
        assert_eq!(r.len(), 1);
        let note = &r[0];
        check_common(note);
        assert_eq!(note.kind(), RequestKind::AmocrmNote);
        assert_eq!(note.url(), format!("https://acme.amocrm.ru/api/v4/{path}/notes"));
        let b = body(note);
        assert_eq!(b.as_array().map(Vec::len), Some(1));
        assert_eq!(keys(&b[0]), sorted(vec!["note_type", "params"]));
        assert_eq!(b[0]["note_type"], "common");
        assert_eq!(keys(&b[0]["params"]), vec!["text"]);
        let telephony = &build_notifications(&e, &NotificationOptions::default())[0].text;
        assert_eq!(b[0]["params"]["text"], telephony.as_str(), "no markup in it: the same text");
        assert!(b[0]["params"]["text"].as_str().unwrap().starts_with("Входящий звонок: начало разговора\n"));
    }
}

// ---------------------------------------------------------------- Bitrix24

#[test]
fn bitrix_register_at_dial_inbound_with_extension_and_did() {
    let s = settings(bitrix(json!({"userId": 12})));
    let mut d = dial("in");
    d.as_object_mut().unwrap().insert("call_did".into(), json!("+7 495 123-45-67"));
    let r = requests(&event(d), &s, &CrmState::default());
    assert_eq!(r.len(), 1);
    let reg = &r[0];
    check_common(reg);
    assert_eq!(reg.target(), Target::Bitrix24);
    assert_eq!(reg.kind(), RequestKind::BitrixRegister);
    assert_eq!(reg.url(), format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/telephony.externalcall.register.json"));
    assert_eq!(reg.header("Authorization"), None, "the webhook URL authorises");
    let b = body(reg);
    assert_eq!(
        keys(&b),
        sorted(vec![
            "USER_PHONE_INNER",
            "PHONE_NUMBER",
            "TYPE",
            "CALL_START_DATE",
            "CRM_CREATE",
            "SHOW",
            "LINE_NUMBER"
        ]),
        "exactly one of USER_PHONE_INNER and USER_ID"
    );
    assert_eq!(b["USER_PHONE_INNER"], "101");
    assert_eq!(b["PHONE_NUMBER"], "+79123456789");
    assert_eq!(b["TYPE"], 2, "incoming");
    assert_eq!(b["CALL_START_DATE"], "2024-11-26T15:00:00+00:00");
    assert_eq!(b["CRM_CREATE"], 0);
    assert_eq!(b["SHOW"], 0);
    assert_eq!(b["LINE_NUMBER"], "74951234567", "the DID of an inbound call");
}

#[test]
fn bitrix_register_outbound_without_extension() {
    let mut d = dial("out");
    let o = d.as_object_mut().unwrap();
    o.remove("call_extension");
    o.insert("call_time".into(), json!(1732633200123u64));
    let e = event(d);
    // USER_ID: the settings' user, else the webhook's.
    for (extra, user) in [(json!({"userId": 12}), 12), (json!({}), 7)] {
        let r = requests(&e, &settings(bitrix(extra)), &CrmState::default());
        let b = body(&r[0]);
        assert_eq!(b["USER_ID"], user);
        assert!(b.get("USER_PHONE_INNER").is_none());
        assert_eq!(b["TYPE"], 1, "outgoing");
        assert_eq!(b["CALL_START_DATE"], "2024-11-26T15:00:00+00:00", "to the second");
        assert!(b.get("LINE_NUMBER").is_none(), "no DID, no line set");
    }
    let s = settings(bitrix(json!({"lineNumber": " sipout-1 ", "crmCreate": true, "showCard": true})));
    let b = body(&requests(&e, &s, &CrmState::default())[0]);
    assert_eq!(b["LINE_NUMBER"], "sipout-1");
    assert_eq!(b["CRM_CREATE"], 1);
    assert_eq!(b["SHOW"], 1);
    // A time without a zone: which zone is unknown, so no CALL_START_DATE.
    let mut d = dial("in");
    d.as_object_mut().unwrap().insert("call_time".into(), json!("2024-11-26 18:00:00"));
    let b = body(&requests(&event(d), &s, &CrmState::default())[0]);
    assert!(b.get("CALL_START_DATE").is_none(), "{b}");
}

#[test]
fn bitrix_finish_for_every_status_with_the_recording() {
    let s = settings(bitrix(json!({})));
    for direction in ["in", "out"] {
        for (status, code, reason, talk) in [
            ("Success", "200", None, 58),
            ("Busy", "486", Some("Занято"), 0),
            ("Missed", "304", Some("Пропущенный звонок"), 0),
        ] {
            let r = requests(&event(complete(direction, status)), &s, &state("externalCall.abc.1732633200"));
            assert_eq!(
                r.iter().map(HttpRequest::kind).collect::<Vec<_>>(),
                [RequestKind::BitrixFinish, RequestKind::BitrixRecord]
            );
            r.iter().for_each(check_common);
            assert_eq!(
                r[0].url(),
                format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/telephony.externalcall.finish.json")
            );
            let f = body(&r[0]);
            let mut want = vec!["CALL_ID", "USER_PHONE_INNER", "DURATION", "STATUS_CODE", "ADD_TO_CHAT"];
            if reason.is_some() {
                want.push("FAILED_REASON");
            }
            assert_eq!(keys(&f), sorted(want));
            assert_eq!(f["CALL_ID"], "externalCall.abc.1732633200");
            assert_eq!(f["USER_PHONE_INNER"], "101");
            assert_eq!(f["DURATION"], talk);
            assert_eq!(f["STATUS_CODE"], code, "{status}");
            assert_eq!(f.get("FAILED_REASON").and_then(Value::as_str), reason);
            assert_eq!(f["ADD_TO_CHAT"], 1);
            assert_eq!(
                r[1].url(),
                format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/telephony.externalCall.attachRecord.json")
            );
            let a = body(&r[1]);
            assert_eq!(keys(&a), sorted(vec!["CALL_ID", "FILENAME", "RECORD_URL"]));
            assert_eq!(a["CALL_ID"], "externalCall.abc.1732633200");
            assert_eq!(a["FILENAME"], "sip-42.mp3");
            assert_eq!(a["RECORD_URL"], "https://rec.sipout.net/r/sip-42.mp3?k=1&t=2");
        }
    }
    // No recording: no attachRecord. ADD_TO_CHAT switched off.
    let mut c = complete("in", "Success");
    c.as_object_mut().unwrap().remove("call_record_link");
    let r = requests(&event(c), &settings(bitrix(json!({"addToChat": false}))), &state("c1"));
    assert_eq!(r.len(), 1);
    assert_eq!(body(&r[0])["ADD_TO_CHAT"], 0);
}

#[test]
fn bitrix_complete_without_call_id_registers_then_finishes_when_asked_again() {
    let s = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "entity": {"type": "leads", "id": 5}},
        "bitrix24": {"enabled": true, "webhookUrl": format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/"), "showCard": true},
    }));
    let e = event(complete("in", "Success"));
    let first = requests(&e, &s, &CrmState::default());
    assert_eq!(
        first.iter().map(HttpRequest::kind).collect::<Vec<_>>(),
        [RequestKind::AmocrmCall, RequestKind::AmocrmNote, RequestKind::BitrixRegister]
    );
    let reg = body(&first[2]);
    assert!(reg.get("CALL_START_DATE").is_none(), "a complete event's time is not the start");
    assert_eq!(reg["SHOW"], 0, "no card after the call");
    let answer =
        r#"{"result":{"CALL_ID":"externalCall.late","CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":9},"time":{}}"#;
    let kept = CrmState::from_register_answer(answer).unwrap();
    let second = requests(&e, &s, &kept);
    assert_eq!(
        second.iter().map(HttpRequest::kind).collect::<Vec<_>>(),
        [RequestKind::AmocrmCall, RequestKind::AmocrmNote, RequestKind::BitrixFinish, RequestKind::BitrixRecord]
    );
    assert_eq!(first[..2], second[..2], "the same requests, keys and all: the host skips them");
    assert_eq!(body(&second[2])["CALL_ID"], "externalCall.late");
}

#[test]
fn bitrix_conversation_text_as_comment_or_notification() {
    let e = event(text_event("Оператор: Здравствуйте!\nКлиент: [b]<i>привет</i>[/b]"));
    let s = settings(bitrix(json!({"userId": 12})));
    let telephony = &build_notifications(&e, &NotificationOptions::default())[0].text;
    let want = telephony.replace("&lt;", "‹").replace("&gt;", "›").replace('[', "［").replace(']', "］");
    // The register answer named an entity: a timeline comment there.
    for (kind, id) in [("LEAD", 3u64), ("CONTACT", 4), ("COMPANY", 5)] {
        let answer = json!({"result": {"CALL_ID": "externalCall.1", "CRM_ENTITY_TYPE": kind, "CRM_ENTITY_ID": id}});
        let kept = CrmState::from_register_answer(&answer.to_string()).unwrap();
        let r = requests(&e, &s, &kept);
        assert_eq!(r.len(), 1);
        check_common(&r[0]);
        assert_eq!(r[0].kind(), RequestKind::BitrixComment);
        assert_eq!(r[0].url(), format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/crm.timeline.comment.add.json"));
        let b = body(&r[0]);
        assert_eq!(keys(&b), vec!["fields"]);
        assert_eq!(keys(&b["fields"]), sorted(vec!["ENTITY_ID", "ENTITY_TYPE", "COMMENT"]));
        assert_eq!(b["fields"]["ENTITY_ID"], id);
        assert_eq!(b["fields"]["ENTITY_TYPE"], kind.to_ascii_lowercase());
        assert_eq!(b["fields"]["COMMENT"], want.as_str());
    }
    // None named: a notification to the user.
    let r = requests(&e, &s, &state("externalCall.1"));
    assert_eq!(r[0].kind(), RequestKind::BitrixNotify);
    assert_eq!(r[0].url(), format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/im.notify.system.add.json"));
    let b = body(&r[0]);
    assert_eq!(keys(&b), sorted(vec!["USER_ID", "MESSAGE"]));
    assert_eq!(b["USER_ID"], 12);
    assert_eq!(b["MESSAGE"], want.as_str());
    assert!(want.contains("［b］‹i›привет‹/i›［/b］"), "{want}");
}

// ---------------------------------------------------------------- switches

#[test]
fn nothing_when_an_integration_is_off() {
    let every = [event(dial("in")), event(complete("in", "Success")), event(text_event("алло"))];
    for off in [
        json!({}),
        json!({"amocrm": null, "bitrix24": null}),
        json!({"amocrm": {"enabled": false}, "bitrix24": {"enabled": false}}),
        // Switched off, nothing else is read: a stale or broken section does not matter.
        json!({"amocrm": {"enabled": false, "baseUrl": "http://old", "typo": 1},
               "bitrix24": {"enabled": false, "webhookUrl": 5}}),
    ] {
        let s = settings(off.clone());
        assert_eq!(s.amocrm, None);
        assert_eq!(s.bitrix24, None);
        for e in &every {
            assert!(requests(e, &s, &state("x")).is_empty(), "{off}");
        }
    }
    // One on, one off: only that one's requests.
    let amo_only = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "entity": {"type": "leads", "id": 1}},
        "bitrix24": {"enabled": false, "webhookUrl": "https://acme.bitrix24.ru/rest/7/abc/"},
    }));
    for e in &every {
        assert!(requests(e, &amo_only, &state("x")).iter().all(|r| r.target() == Target::Amocrm));
    }
    let bitrix_only = settings(json!({
        "amocrm": {"enabled": false, "baseUrl": "https://acme.amocrm.ru"},
        "bitrix24": {"enabled": true, "webhookUrl": "https://acme.bitrix24.ru/rest/7/abc/"},
    }));
    for e in &every {
        let r = requests(e, &bitrix_only, &state("x"));
        assert!(!r.is_empty() && r.iter().all(|r| r.target() == Target::Bitrix24));
    }
}

#[test]
fn callbacks_and_blank_texts_are_not_forwarded() {
    let s = settings(amo(json!({"entity": {"type": "contacts", "id": 8}})));
    let e = event(complete("in", "Busy"));
    let notes = build_notifications(&e, &NotificationOptions::default());
    assert_eq!(notes.len(), 2, "a Telephony notification and the callback");
    let r = crm_requests(&e, &notes, &s, &CrmState::default()).unwrap();
    assert_eq!(r.iter().map(HttpRequest::kind).collect::<Vec<_>>(), [RequestKind::AmocrmCall, RequestKind::AmocrmNote]);
    let read =
        read_notifications(r#"[{"kind":"callback","text":"telephony_call_busy"},{"kind":"telephony","text":"  "}]"#)
            .unwrap();
    let r = crm_requests(&e, &read, &s, &CrmState::default()).unwrap();
    assert_eq!(r.iter().map(HttpRequest::kind).collect::<Vec<_>>(), [RequestKind::AmocrmCall]);
}

// ---------------------------------------------------------------- idempotency

#[test]
fn idempotency_keys_are_stable_across_deliveries_and_distinct_per_request() {
    let s = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "entity": {"type": "leads", "id": 5}},
        "bitrix24": {"enabled": true, "webhookUrl": "https://acme.bitrix24.ru/rest/7/abc/"},
    }));
    let as_json = event(complete("out", "Success"));
    let form = "call_id=sip-42&action=complete&direction=out&phone=%2B7+912+345+67+89&extension=101&status=ANSWERED\
        &duration=65&billsec=58&record=https%3A%2F%2Frec.sipout.net%2Fr%2Fsip-42.mp3%3Fk%3D1%26t%3D2\
        &call_time=2024-11-26T15%3A01%3A05Z";
    let as_form = webhook::parse(form.as_bytes(), Some("application/x-www-form-urlencoded")).unwrap();
    let st = state("externalCall.1");
    let a = requests(&as_json, &s, &st);
    let b = requests(&as_form, &s, &st);
    assert_eq!(a, b, "the same event however delivered: the same requests and keys");
    assert_eq!(a, requests(&as_json, &s, &st), "asked again: the same");
    let mut all: Vec<String> = Vec::new();
    for e in [event(dial("out")), as_json, event(text_event("один")), event(text_event("два"))] {
        for r in requests(&e, &s, &st) {
            assert!(r.idempotency_key().starts_with(r.kind().as_str()), "{}", r.idempotency_key());
            assert!(r.idempotency_key().contains(&e.dedup_key), "derived from the dedup key");
            all.push(r.idempotency_key().to_string());
        }
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "every request of every event has its own key");
    // A call id no header may carry as it is.
    let mut d = dial("in");
    d.as_object_mut().unwrap().insert("call_id".into(), json!("звонок 1/2\"x"));
    let key = requests(&event(d), &s, &st)[1].idempotency_key().to_string();
    assert!(key.starts_with("bitrix24.register:dial:%D0%B7") && key.contains("%20") && key.contains("%22"), "{key}");
}

// ---------------------------------------------------------------- text safety

#[test]
fn outside_text_reaches_the_crms_as_plain_text_that_cannot_become_markup() {
    let nasty = "<script>alert(1)</script> & \"q\" 'a' [url=javascript:x]y[/url] [USER=1]\u{202E}gnp.exe\u{7}\r\nend";
    let s = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "entity": {"type": "leads", "id": 5}},
        "bitrix24": {"enabled": true, "webhookUrl": "https://acme.bitrix24.ru/rest/7/abc/"},
    }));
    let e = event(text_event(nasty));
    let r = requests(&e, &s, &CrmState::default());
    assert_eq!(r.len(), 2);
    let amo_text = body(&r[0])[0]["params"]["text"].as_str().unwrap().to_string();
    let bitrix_text = body(&r[1])["MESSAGE"].as_str().unwrap().to_string();
    assert!(
        amo_text.ends_with("\n\n‹script›alert(1)‹/script› & \"q\" 'a' [url=javascript:x]y[/url] [USER=1]gnp.exe\nend"),
        "{amo_text:?}"
    );
    assert!(
        bitrix_text.ends_with(
            "\n\n‹script›alert(1)‹/script› & \"q\" 'a' ［url=javascript:x］y［/url］ ［USER=1］gnp.exe\nend"
        ),
        "{bitrix_text:?}"
    );
    for t in [&amo_text, &bitrix_text] {
        assert!(!t.contains(['<', '>', '\r', '\u{7}', '\u{202E}']), "{t:?}");
        assert!(!t.contains("&lt;") && !t.contains("&amp;") && !t.contains("&quot;"), "escaping undone: {t:?}");
    }
    assert!(!bitrix_text.contains(['[', ']']));
    // A text that tries to close the JSON string stays inside it.
    let breakout = "\"}],\"note_type\":\"attachment\",\"x\":[{\"";
    let r = requests(&event(text_event(breakout)), &s, &CrmState::default());
    let b = body(&r[0]);
    assert_eq!(b.as_array().map(Vec::len), Some(1));
    assert_eq!(keys(&b[0]), sorted(vec!["note_type", "params"]));
    assert_eq!(b[0]["note_type"], "common");
    assert!(b[0]["params"]["text"].as_str().unwrap().ends_with(breakout));
    assert_eq!(keys(&body(&r[1])), sorted(vec!["USER_ID", "MESSAGE"]));
}

// ---------------------------------------------------------------- secrets

#[test]
fn secrets_stay_out_of_debug_and_errors() {
    let s = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "accessToken": format!("Bearer {AMO_TOKEN}"),
                   "entity": {"type": "leads", "id": 5}},
        "bitrix24": {"enabled": true, "webhookUrl": format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/profile.json")},
    }));
    assert_eq!(s.amocrm.as_ref().unwrap().access_token.as_ref().unwrap().expose(), AMO_TOKEN, "Bearer dropped");
    let debug = format!("{s:?} {s:#?}");
    assert!(!debug.contains(AMO_TOKEN) && !debug.contains(HOOK_TOKEN), "{debug}");
    assert!(debug.contains("Secret(***)"));
    for e in [event(dial("in")), event(complete("in", "Success")), event(text_event("x"))] {
        for r in requests(&e, &s, &state("externalCall.1")) {
            let debug = format!("{r:?} {r:#?}");
            assert!(!debug.contains(AMO_TOKEN) && !debug.contains(HOOK_TOKEN), "{debug}");
            // The host gets them: it has to send them.
            let wire = common::json(&r);
            match r.target() {
                Target::Amocrm => {
                    assert!(wire.contains(&format!("Bearer {AMO_TOKEN}")));
                    assert!(debug.contains("\"***\""), "{debug}");
                }
                Target::Bitrix24 => {
                    assert!(r.url().contains(HOOK_TOKEN));
                    assert!(debug.contains("/rest/7/***/"), "{debug}");
                }
            }
        }
    }
    // Errors about a URL or a token never quote it.
    for (bad, reason) in [
        (format!("http://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/"), "not_https"),
        (format!("https://u:{HOOK_TOKEN}@acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/"), "has_credentials"),
        (format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/a/b/c"), "not_webhook_url"),
        (format!("https://acme.bitrix24.ru/rest/x/{HOOK_TOKEN}/"), "not_webhook_url"),
        (format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}-/"), "invalid_token"),
        (format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/?q=1"), "invalid_url"),
        (format!("https://acme bitrix24.ru/rest/7/{HOOK_TOKEN}/"), "invalid_url"),
        (format!("https://ацме.рф/rest/7/{HOOK_TOKEN}/"), "invalid_url"),
    ] {
        let e = settings_error(&bitrix(json!({"webhookUrl": bad})).to_string());
        assert_eq!(
            (e.code(), e.reason(), e.field()),
            ("invalid_crm_settings", reason, "crm.bitrix24.webhookUrl"),
            "{bad}"
        );
        for text in [e.to_string(), format!("{e:?}"), format!("{:?}", Error::from(e.clone()))] {
            assert!(!text.contains(HOOK_TOKEN), "{text}");
        }
    }
    for bad in [format!("{AMO_TOKEN} x"), format!("{AMO_TOKEN}\u{1}"), format!("{AMO_TOKEN}ю")] {
        let e = settings_error(&amo(json!({"accessToken": bad})).to_string());
        assert_eq!((e.reason(), e.field()), ("invalid_token", "crm.amocrm.accessToken"));
        assert!(!e.to_string().contains(AMO_TOKEN) && !format!("{e:?}").contains(AMO_TOKEN));
    }
    let e = settings_error(&amo(json!({"baseUrl": format!("https://admin:{AMO_TOKEN}@acme.amocrm.ru")})).to_string());
    assert_eq!(e.reason(), "has_credentials");
    assert!(!e.to_string().contains(AMO_TOKEN));
    // Not JSON around a token: the message says where, not what.
    let e = settings_error(&format!(r#"{{"amocrm": {{"accessToken": "{AMO_TOKEN}" "#));
    assert_eq!(e.reason(), "not_json");
    assert!(!e.to_string().contains(AMO_TOKEN), "{e}");
}

// ---------------------------------------------------------------- settings, state, answers

#[test]
fn bad_settings_say_which_field_and_why() {
    let cases: &[(&str, &str, &str)] = &[
        ("[]", "wrong_type", "crm"),
        ("\"x\"", "wrong_type", "crm"),
        ("{", "not_json", "crm"),
        ("", "not_json", "crm"),
        (r#"{"amoCRM": {}}"#, "unknown_field", "crm"),
        (r#"{"locale": "fr"}"#, "invalid_locale", "crm.locale"),
        (r#"{"amocrm": 1}"#, "wrong_type", "crm.amocrm"),
        (r#"{"amocrm": {}}"#, "missing_field", "crm.amocrm.enabled"),
        (r#"{"amocrm": {"enabled": "yes"}}"#, "wrong_type", "crm.amocrm.enabled"),
        (r#"{"amocrm": {"enabled": true}}"#, "missing_field", "crm.amocrm.baseUrl"),
        (r#"{"amocrm": {"enabled": true, "baseUrl": "  "}}"#, "missing_field", "crm.amocrm.baseUrl"),
        (r#"{"amocrm": {"enabled": true, "baseURL": "https://a.amocrm.ru"}}"#, "unknown_field", "crm.amocrm"),
        (r#"{"amocrm": {"enabled": true, "baseUrl": 5}}"#, "wrong_type", "crm.amocrm.baseUrl"),
        (r#"{"amocrm": {"enabled": true, "baseUrl": "http://a.amocrm.ru"}}"#, "not_https", "crm.amocrm.baseUrl"),
        (r#"{"amocrm": {"enabled": true, "baseUrl": "a.amocrm.ru"}}"#, "not_https", "crm.amocrm.baseUrl"),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru/api/v4"}}"#,
            "invalid_url",
            "crm.amocrm.baseUrl",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "responsibleUserId": 0}}"#,
            "invalid_id",
            "crm.amocrm.responsibleUserId",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "responsibleUserId": -1}}"#,
            "invalid_id",
            "crm.amocrm.responsibleUserId",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "responsibleUserId": 1.5}}"#,
            "invalid_id",
            "crm.amocrm.responsibleUserId",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "responsibleUserId": 9007199254740992}}"#,
            "invalid_id",
            "crm.amocrm.responsibleUserId",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "responsibleUserId": "5"}}"#,
            "wrong_type",
            "crm.amocrm.responsibleUserId",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "entity": {"type": "deals", "id": 1}}}"#,
            "invalid_entity_type",
            "crm.amocrm.entity.type",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "entity": {"type": "leads"}}}"#,
            "missing_field",
            "crm.amocrm.entity.id",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "entity": {"type": "leads", "id": 1, "x": 2}}}"#,
            "unknown_field",
            "crm.amocrm.entity",
        ),
        (
            r#"{"amocrm": {"enabled": true, "baseUrl": "https://a.amocrm.ru", "entity": [1]}}"#,
            "wrong_type",
            "crm.amocrm.entity",
        ),
        (r#"{"bitrix24": {"enabled": true}}"#, "missing_field", "crm.bitrix24.webhookUrl"),
        (
            r#"{"bitrix24": {"enabled": true, "webhookUrl": "https://a.bitrix24.ru/"}}"#,
            "not_webhook_url",
            "crm.bitrix24.webhookUrl",
        ),
        (
            r#"{"bitrix24": {"enabled": true, "webhookUrl": "https://a.bitrix24.ru/rest/1/t/", "userId": "x"}}"#,
            "wrong_type",
            "crm.bitrix24.userId",
        ),
        (
            r#"{"bitrix24": {"enabled": true, "webhookUrl": "https://a.bitrix24.ru/rest/1/t/", "crmCreate": 1}}"#,
            "wrong_type",
            "crm.bitrix24.crmCreate",
        ),
        (
            r#"{"bitrix24": {"enabled": true, "webhookUrl": "https://a.bitrix24.ru/rest/1/t/", "lineNumber": "a\u0001"}}"#,
            "invalid_line_number",
            "crm.bitrix24.lineNumber",
        ),
        (
            r#"{"bitrix24": {"enabled": true, "webhookUrl": "https://a.bitrix24.ru/rest/1/t/", "showcard": true}}"#,
            "unknown_field",
            "crm.bitrix24",
        ),
    ];
    for (text, reason, field) in cases {
        let e = settings_error(text);
        assert_eq!((e.code(), e.reason(), e.field()), ("invalid_crm_settings", *reason, *field), "{text}: {e}");
        assert!(e.to_string().starts_with(&format!("{field}: ")), "{e}");
        let crate_error = Error::from(e);
        assert_eq!(crate_error.code(), "invalid_crm_settings");
        assert_eq!(crate_error.reason(), Some(*reason));
    }
    let e = settings_error(r#"{"amocrm": {"enabled": true, "baseURL": "https://a.amocrm.ru"}}"#);
    assert_eq!(
        e.to_string(),
        "crm.amocrm: unknown field \"baseURL\"; expected enabled, baseUrl, accessToken, responsibleUserId, entity"
    );
    let huge = format!(r#"{{"locale": "ru", "x": "{}"}}"#, "a".repeat(MAX_SETTINGS_BYTES));
    assert_eq!(settings_error(&huge).reason(), "too_large");
    let long_line = bitrix(json!({"lineNumber": "1".repeat(65)})).to_string();
    assert_eq!(settings_error(&long_line).reason(), "too_long");
}

#[test]
fn settings_that_are_accepted() {
    let s = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": " HTTPS://Acme.AmoCRM.ru/ ", "accessToken": "", "responsibleUserId": null,
                   "entity": null},
        "bitrix24": {"enabled": true, "webhookUrl": "https://Acme.Bitrix24.ru/rest/1/abc/", "userId": 9007199254740991u64,
                     "lineNumber": "", "crmCreate": null},
        "locale": "EN",
    }));
    let amo = s.amocrm.as_ref().unwrap();
    assert_eq!(amo.base_url.as_str(), "https://acme.amocrm.ru");
    assert_eq!(amo.access_token, None, "blank is none");
    assert_eq!(amo.entity, None);
    let b = s.bitrix24.as_ref().unwrap();
    assert_eq!(b.webhook.origin(), "https://acme.bitrix24.ru");
    assert_eq!(b.user(), 9007199254740991);
    assert_eq!(b.line_number, None);
    assert!(!b.crm_create && !b.show_card && b.add_to_chat, "the defaults");
    assert_eq!(s.locale, salebot_sipout::notification::Locale::En);
}

#[test]
fn state_and_register_answers() {
    let s = CrmState::from_json(r#"{"bitrixCallId": "externalCall.1", "bitrixEntity": {"type": "deal", "id": 3}}"#)
        .unwrap();
    assert_eq!(s.bitrix_call_id.as_deref(), Some("externalCall.1"));
    assert_eq!(common::value(&s), json!({"bitrixCallId": "externalCall.1", "bitrixEntity": {"type": "deal", "id": 3}}));
    assert_eq!(CrmState::from_json("{}").unwrap(), CrmState::default());
    assert_eq!(common::json(&CrmState::default()), "{}");
    for (text, reason, field) in [
        ("[]", "wrong_type", "state"),
        (r#"{"callId": "x"}"#, "unknown_field", "state"),
        (r#"{"bitrixCallId": "a b"}"#, "invalid_call_id", "state.bitrixCallId"),
        (r#"{"bitrixCallId": ""}"#, "invalid_call_id", "state.bitrixCallId"),
        (r#"{"bitrixCallId": true}"#, "wrong_type", "state.bitrixCallId"),
        (r#"{"bitrixEntity": {"type": "task", "id": 1}}"#, "invalid_entity_type", "state.bitrixEntity.type"),
        (r#"{"bitrixEntity": {"type": "lead", "id": 0}}"#, "invalid_id", "state.bitrixEntity.id"),
    ] {
        let e = CrmState::from_json(text).unwrap_err();
        assert_eq!((e.code(), e.reason(), e.field()), ("invalid_crm_state", reason, field), "{text}: {e}");
    }
    let read = |t: &str| CrmState::from_register_answer(t);
    assert_eq!(
        read(r#"{"result":{"CALL_ID":"externalCall.cf16.1490266301","CRM_CREATED_LEAD":null,"CRM_ENTITY_TYPE":"LEAD","CRM_ENTITY_ID":"15"}}"#)
            .unwrap(),
        CrmState {
            bitrix_call_id: Some("externalCall.cf16.1490266301".into()),
            bitrix_entity: Some(crm::BitrixEntity { kind: crm::BitrixEntityKind::Lead, id: 15 })
        }
    );
    let created = read(r#"{"result":{"CALL_ID":1234,"CRM_CREATED_LEAD":77}}"#).unwrap();
    assert_eq!(created.bitrix_call_id.as_deref(), Some("1234"));
    assert_eq!(created.bitrix_entity, Some(crm::BitrixEntity { kind: crm::BitrixEntityKind::Lead, id: 77 }));
    assert_eq!(
        read(r#"{"result":{"CALL_ID":"c","CRM_ENTITY_TYPE":"","CRM_ENTITY_ID":0}}"#).unwrap().bitrix_entity,
        None
    );
    for (text, reason) in [
        (r#"{"error":"ERROR_CORE","error_description":"Method not found"}"#, "bitrix_error"),
        (r#"{"result":{}}"#, "missing_field"),
        (r#"{"result":{"CALL_ID":"a/b"}}"#, "invalid_call_id"),
        (r#"{"result":[]}"#, "wrong_type"),
        ("<html>502</html>", "not_json"),
    ] {
        let e = read(text).unwrap_err();
        assert_eq!((e.code(), e.reason()), ("invalid_crm_answer", reason), "{text}: {e}");
    }
    assert_eq!(
        read(r#"{"error":"ERROR_CORE","error_description":"Method not found"}"#).unwrap_err().to_string(),
        "answer.error: Bitrix24 refused: \"ERROR_CORE\" \"Method not found\""
    );
}

#[test]
fn notifications_over_the_limits_are_refused() {
    let one = r#"{"kind":"telephony","text":"a"}"#;
    let many = format!("[{}]", [one; MAX_NOTIFICATIONS + 1].join(","));
    for (text, reason, field) in [
        (many.as_str(), "too_many", "notifications"),
        ("{}", "wrong_type", "notifications"),
        ("[1]", "wrong_type", "notifications[0]"),
        (r#"[{"kind":"push","text":"a"}]"#, "invalid_kind", "notifications[0].kind"),
        (r#"[{"text":"a"}]"#, "missing_field", "notifications[0].kind"),
        (r#"[{"kind":"telephony"}]"#, "missing_field", "notifications[0].text"),
        (r#"[{"kind":"telephony","text":5}]"#, "wrong_type", "notifications[0].text"),
        ("[", "not_json", "notifications"),
    ] {
        let e = read_notifications(text).unwrap_err();
        assert_eq!((e.code(), e.reason(), e.field()), ("invalid_crm_input", reason, field), "{text}: {e}");
    }
    let read =
        read_notifications(&format!("[{one},{{\"kind\":\"callback\",\"text\":\"x\",\"data\":{{\"callId\":\"1\"}}}}]"));
    assert_eq!(read.unwrap().len(), 2, "other members are ignored");
    // The core takes no more from a Rust host either.
    let e = event(dial("in"));
    let notes: Vec<_> =
        (0..=MAX_NOTIFICATIONS).flat_map(|_| build_notifications(&e, &NotificationOptions::default())).collect();
    let err = crm_requests(&e, &notes, &CrmSettings::default(), &CrmState::default()).unwrap_err();
    assert_eq!((err.code(), err.reason()), ("invalid_crm_input", "too_many"));
}

// ---------------------------------------------------------------- whole calls

/// A host's outbox: sends each request whose key it has not sent yet.
#[derive(Default)]
struct Host {
    sent: Vec<HttpRequest>,
    keys: std::collections::HashSet<String>,
}

impl Host {
    fn send(&mut self, requests: Vec<HttpRequest>) -> Vec<HttpRequest> {
        let fresh: Vec<HttpRequest> =
            requests.into_iter().filter(|r| self.keys.insert(r.idempotency_key().to_string())).collect();
        self.sent.extend(fresh.iter().cloned());
        fresh
    }
}

fn summary(r: &[HttpRequest]) -> Vec<(RequestKind, String)> {
    r.iter().map(|r| (r.kind(), r.url().replace(HOOK_TOKEN, "T"))).collect()
}

#[test]
fn a_whole_call_to_amocrm() {
    let s = settings(amo(json!({"entity": {"type": "leads", "id": 5}, "responsibleUserId": 2})));
    let mut host = Host::default();
    let calls = "https://acme.amocrm.ru/api/v4/calls".to_string();
    let notes = "https://acme.amocrm.ru/api/v4/leads/5/notes".to_string();
    let d = event(dial("in"));
    assert_eq!(summary(&host.send(requests(&d, &s, &CrmState::default()))), [(RequestKind::AmocrmNote, notes.clone())]);
    // SipOut delivers the dial twice: nothing new.
    assert!(host.send(requests(&d, &s, &CrmState::default())).is_empty());
    let c = event(complete("in", "Success"));
    assert_eq!(
        summary(&host.send(requests(&c, &s, &CrmState::default()))),
        [(RequestKind::AmocrmCall, calls), (RequestKind::AmocrmNote, notes.clone())]
    );
    let t = event(text_event("Клиент: хочу <b>скидку</b>"));
    let sent = host.send(requests(&t, &s, &CrmState::default()));
    assert_eq!(summary(&sent), [(RequestKind::AmocrmNote, notes)]);
    assert!(body(&sent[0])[0]["params"]["text"].as_str().unwrap().ends_with("\n\nКлиент: хочу ‹b›скидку‹/b›"));
    assert_eq!(host.sent.len(), 4);
    let texts: Vec<String> = host
        .sent
        .iter()
        .filter(|r| r.kind() == RequestKind::AmocrmNote)
        .map(|r| body(r)[0]["params"]["text"].to_string())
        .collect();
    assert!(
        texts[0].contains("начало разговора")
            && texts[1].contains("окончание разговора")
            && texts[2].contains("текст разговора")
    );
}

#[test]
fn a_whole_call_to_bitrix24() {
    let s = settings(bitrix(json!({"showCard": true})));
    let mut host = Host::default();
    let url = |m: &str| format!("https://acme.bitrix24.ru/rest/7/T/{m}.json");
    let d = event(dial("out"));
    let sent = host.send(requests(&d, &s, &CrmState::default()));
    assert_eq!(summary(&sent), [(RequestKind::BitrixRegister, url("telephony.externalcall.register"))]);
    assert_eq!(body(&sent[0])["SHOW"], 1);
    // Bitrix24 answers; the host keeps the state beside the call.
    let kept = CrmState::from_register_answer(
        r#"{"result":{"CALL_ID":"externalCall.9f.1732633200","CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":"41"},"time":{"start":1}}"#,
    )
    .unwrap();
    let c = event(complete("out", "Busy"));
    let sent = host.send(requests(&c, &s, &kept));
    assert_eq!(
        summary(&sent),
        [
            (RequestKind::BitrixFinish, url("telephony.externalcall.finish")),
            (RequestKind::BitrixRecord, url("telephony.externalCall.attachRecord"))
        ]
    );
    assert_eq!(body(&sent[0])["STATUS_CODE"], "486");
    assert_eq!(body(&sent[0])["CALL_ID"], "externalCall.9f.1732633200");
    let t = event(text_event("Клиент: перезвоните"));
    let sent = host.send(requests(&t, &s, &kept));
    assert_eq!(summary(&sent), [(RequestKind::BitrixComment, url("crm.timeline.comment.add"))]);
    assert_eq!(body(&sent[0])["fields"]["ENTITY_TYPE"], "contact");
    assert_eq!(body(&sent[0])["fields"]["ENTITY_ID"], 41);
    // Retries of every event send nothing more.
    for (e, st) in [(&d, CrmState::default()), (&c, kept.clone()), (&t, kept.clone())] {
        assert!(host.send(requests(e, &s, &st)).is_empty());
    }
    assert_eq!(host.sent.len(), 4);
}

#[test]
fn a_whole_call_to_both() {
    let s = settings(json!({
        "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "entity": {"type": "contacts", "id": 6}},
        "bitrix24": {"enabled": true, "webhookUrl": format!("https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/")},
    }));
    let kept = state("externalCall.2");
    let kinds = |e: Value, st: &CrmState| requests(&event(e), &s, st).iter().map(HttpRequest::kind).collect::<Vec<_>>();
    assert_eq!(kinds(dial("in"), &CrmState::default()), [RequestKind::AmocrmNote, RequestKind::BitrixRegister]);
    assert_eq!(
        kinds(complete("in", "Missed"), &kept),
        [RequestKind::AmocrmCall, RequestKind::AmocrmNote, RequestKind::BitrixFinish, RequestKind::BitrixRecord]
    );
    assert_eq!(kinds(text_event("да"), &kept), [RequestKind::AmocrmNote, RequestKind::BitrixNotify]);
}

#[test]
fn events_a_host_built_itself() {
    // No dedup key and no status: the key is computed, the status fields left out.
    let mut e = event(complete("in", "Success"));
    let computed = e.dedup_key.clone();
    e.dedup_key.clear();
    let s = settings(amo(json!({})));
    assert!(requests(&e, &s, &CrmState::default())[0].idempotency_key().ends_with(&computed));
    e.status = None;
    let r = requests(&e, &s, &CrmState::default());
    let c = &body(&r[0])[0];
    assert!(c.get("call_status").is_none() && c.get("call_result").is_none());
    let r = requests(&e, &settings(bitrix(json!({}))), &state("x"));
    let f = body(&r[0]);
    assert!(f.get("STATUS_CODE").is_none() && f.get("FAILED_REASON").is_none(), "Bitrix24 decides from DURATION");
}

#[test]
fn escaping_for_html_and_back_is_exact_but_for_markup() {
    let text = "a&b <c> \"d\" 'e' &amp; [f]";
    assert_eq!(crm::text::crm_text(&escape_html(text), Target::Amocrm), "a&b ‹c› \"d\" 'e' &amp; [f]");
    assert_eq!(crm::text::crm_text(&escape_html(text), Target::Bitrix24), "a&b ‹c› \"d\" 'e' &amp; ［f］");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn any_settings_text_reads_or_is_refused_without_panic(text in "\\PC{0,200}") {
            if let Err(e) = CrmSettings::from_json(&text) {
                prop_assert_eq!(e.code(), "invalid_crm_settings");
                prop_assert!(e.to_string().starts_with(e.field()));
            }
            let _ = CrmState::from_json(&text);
            let _ = CrmState::from_register_answer(&text);
            let _ = read_notifications(&text);
        }

        #[test]
        fn settings_shaped_inputs_never_panic(
            base in "(https?://)?[a-zA-Z0-9.:@/?#%-]{0,40}",
            hook in "(https?://)?[a-z.]{0,12}(/rest/[0-9a-z]{0,4}/[A-Za-z0-9_-]{0,10}/?[a-z.]{0,8}/?)?",
            token in "\\PC{0,20}",
            id in prop::sample::select(vec![json!(1), json!(0), json!(-5), json!(2.5), json!("7"), json!(null), json!(9007199254740993u64)]),
            enabled in any::<bool>(),
        ) {
            let value = json!({
                "amocrm": {"enabled": enabled, "baseUrl": base, "accessToken": token, "responsibleUserId": id},
                "bitrix24": {"enabled": !enabled, "webhookUrl": hook, "userId": id},
            });
            match CrmSettings::from_json(&value.to_string()) {
                Ok(s) => {
                    if let Some(a) = &s.amocrm {
                        prop_assert!(a.base_url.as_str().starts_with("https://"));
                        prop_assert!(!a.base_url.as_str().contains('@'));
                    }
                    if let Some(b) = &s.bitrix24 {
                        prop_assert!(b.webhook.origin().starts_with("https://"));
                    }
                    for e in [event(dial("in")), event(complete("out", "Busy")), event(text_event("x"))] {
                        for r in requests(&e, &s, &state("c")) {
                            prop_assert!(r.url().starts_with("https://"));
                            prop_assert!(serde_json::from_str::<Value>(r.body()).is_ok());
                        }
                    }
                }
                Err(e) => {
                    prop_assert_eq!(e.code(), "invalid_crm_settings");
                    if token.trim().len() >= 6 {
                        prop_assert!(!e.to_string().contains(token.trim()), "{}", e);
                    }
                }
            }
        }

        #[test]
        fn forwarded_texts_never_carry_markup(text in "\\PC{1,120}", cr in any::<bool>()) {
            let text = if cr { text.replace('\n', "\r\n") } else { text };
            let s = settings(json!({
                "amocrm": {"enabled": true, "baseUrl": "https://acme.amocrm.ru", "entity": {"type": "leads", "id": 5}},
                "bitrix24": {"enabled": true, "webhookUrl": "https://acme.bitrix24.ru/rest/7/abc/"},
            }));
            let body_text = json!({"call_id": "c", "call_action": "text", "call_direction": "in",
                                   "call_phone": "79123456789", "call_text": text}).to_string();
            let Ok(e) = webhook::parse(body_text.as_bytes(), None) else { return Ok(()) };
            for r in requests(&e, &s, &CrmState::default()) {
                let b = body(&r);
                let t = match r.target() {
                    Target::Amocrm => b[0]["params"]["text"].as_str().unwrap().to_string(),
                    Target::Bitrix24 => b["MESSAGE"].as_str().unwrap().to_string(),
                };
                prop_assert!(!t.contains(['<', '>', '\r']));
                prop_assert!(!t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
                if r.target() == Target::Bitrix24 {
                    prop_assert!(!t.contains(['[', ']']));
                }
                // Apart from what is neutralised, the conversation arrives as it was said.
                let said: String = e.text.as_deref().unwrap_or_default().chars()
                    .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                    .filter(|c| !matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
                    .map(|c| match c { '<' => '‹', '>' => '›', '[' if r.target() == Target::Bitrix24 => '［',
                                       ']' if r.target() == Target::Bitrix24 => '］', c => c })
                    .collect();
                prop_assert!(t.ends_with(&said), "{:?} does not end with {:?}", t, said);
            }
        }
    }
}
