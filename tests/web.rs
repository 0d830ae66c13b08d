//! The JS exports, compiled to wasm and run in a JS engine: in Node by default, in headless
//! Chromium when the test runner is told to use a browser (`scripts/test.sh`).
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use js_sys::{Array, Reflect};
use salebot_sipout::js::phone::{find_phones, format_phone, normalize_phone, normalize_phones, parse_phone};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const GOLDEN: &str = include_str!("fixtures/phones.tsv");

fn prop(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn prop_str(value: &JsValue, key: &str) -> Option<String> {
    prop(value, key).as_string()
}

#[wasm_bindgen_test]
fn golden_table_through_the_exports() {
    let mut rows = 0;
    for line in GOLDEN.lines().filter(|l| !l.starts_with('#')) {
        let (input, want) = line.rsplit_once('\t').unwrap();
        rows += 1;
        match normalize_phone(input.into()) {
            Ok(got) => assert_eq!(got, want, "{input:?}"),
            Err(e) => {
                assert!(want.is_empty(), "{input:?} rejected, want {want}");
                assert!(e.is_instance_of::<js_sys::Error>(), "a JS Error is thrown");
                assert_eq!(prop_str(&e, "code").as_deref(), Some("invalid_phone"));
                assert_eq!(prop_str(&e, "name").as_deref(), Some("SipoutError"));
            }
        }
    }
    assert!(rows >= 50);
}

#[wasm_bindgen_test]
fn errors_carry_code_reason_and_message() {
    let e = normalize_phone("912-abc-4567".into()).unwrap_err();
    let e: js_sys::Error = e.dyn_into().unwrap();
    assert_eq!(String::from(e.message()), "phone \"912-abc-4567\": unexpected character 'a' at position 5");
    assert_eq!(prop_str(&e, "reason").as_deref(), Some("invalid_character"));
    let e = format_phone("+380 44 123 45 67".into()).unwrap_err();
    assert_eq!(prop_str(&e, "reason").as_deref(), Some("unsupported_country"));
}

#[wasm_bindgen_test]
fn parse_phone_gives_an_object() {
    let parsed = parse_phone("8 (495) 123-45-67, доб. 45".into()).unwrap();
    assert_eq!(prop_str(&parsed, "phone").as_deref(), Some("74951234567"));
    assert_eq!(prop_str(&parsed, "extension").as_deref(), Some("45"));
    let parsed = parse_phone("+7 912 345-67-89".into()).unwrap();
    assert!(prop(&parsed, "extension").is_undefined(), "no extension key without one");
}

#[wasm_bindgen_test]
fn batch_keeps_positions_with_null_for_invalid() {
    let inputs: Array = ["89123456789", "n/a", "+7 495 123 45 67", "", "8 912\0 345 67 89", "+7 912 345 67 89"]
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect();
    let out: Array = normalize_phones(inputs.into()).unwrap();
    assert_eq!(out.length(), 6);
    assert_eq!(out.get(0).as_string().as_deref(), Some("79123456789"));
    assert!(out.get(1).is_null());
    assert_eq!(out.get(2).as_string().as_deref(), Some("74951234567"));
    assert!(out.get(3).is_null());
    assert!(out.get(4).is_null(), "an input holding NUL does not shift the others");
    assert_eq!(out.get(5).as_string().as_deref(), Some("79123456789"));
    let empty = normalize_phones(Array::new().into()).unwrap();
    assert_eq!(empty.length(), 0);
}

#[wasm_bindgen_test]
fn batch_refuses_what_is_not_an_array_of_strings() {
    let e = normalize_phones(JsValue::from_str("89123456789")).unwrap_err();
    let not_string = normalize_phone(JsValue::from_f64(79123456789.0)).unwrap_err();
    assert_eq!(prop_str(&not_string, "code").as_deref(), Some("invalid_argument"));
    assert_eq!(prop_str(&e, "code").as_deref(), Some("invalid_argument"));
    assert_eq!(
        String::from(e.dyn_into::<js_sys::Error>().unwrap().message()),
        "inputs: expected an array of strings, got string"
    );
    let mixed: Array = [JsValue::from_str("89123456789"), JsValue::NULL].iter().collect();
    let e = normalize_phones(mixed.into()).unwrap_err();
    assert_eq!(
        String::from(e.dyn_into::<js_sys::Error>().unwrap().message()),
        "inputs[1]: expected a string, got null"
    );
}

#[wasm_bindgen_test]
fn find_and_format() {
    let found = find_phones("Иван, 8 912 345-67-89 или +7 495 123 45 67, снова 89123456789".into()).unwrap();
    assert_eq!(found, ["79123456789", "74951234567"]);
    assert_eq!(format_phone("89123456789".into()).unwrap(), "+7 912 345-67-89");
}

mod webhooks {
    use super::{prop, prop_str};
    use salebot_sipout::js::webhook::{build_notifications, deal_variables, handle_webhook, parse_webhook};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    const FORM: &str = "id=c1&event=complete&direction=in&caller=8+912+345-67-89&called_did=84951234567\
                        &disposition=ANSWERED&duration=65&billsec=58&recording_url=https%3A%2F%2Fr.example.ru%2F1.mp3";

    #[wasm_bindgen_test]
    fn handle_gives_event_variables_and_notifications() {
        let r = handle_webhook(FORM.into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
        let event = prop(&r, "event");
        assert_eq!(prop_str(&event, "phone").as_deref(), Some("79123456789"));
        assert_eq!(prop_str(&event, "status").as_deref(), Some("Success"));
        assert_eq!(prop(&event, "talkDurationSec").as_f64(), Some(58.0));
        let variables = prop(&r, "variables");
        assert_eq!(prop_str(&variables, "call_did").as_deref(), Some("74951234567"));
        let notes: js_sys::Array = prop(&r, "notifications").dyn_into().unwrap();
        assert_eq!(notes.length(), 2);
        assert_eq!(prop_str(&notes.get(1), "text").as_deref(), Some("telephony_call_success"));
        let text = prop_str(&notes.get(0), "text").unwrap();
        assert!(text.starts_with("Входящий звонок: окончание разговора\nКлиент: +7 912 345-67-89\n"), "{text}");
    }

    #[wasm_bindgen_test]
    fn events_cross_back_in() {
        let event = parse_webhook(FORM.into(), "application/x-www-form-urlencoded".into()).unwrap();
        let vars = deal_variables(event.clone(), JsValue::UNDEFINED).unwrap();
        assert_eq!(prop_str(&vars, "call_action").as_deref(), Some("complete"));
        let notes: js_sys::Array = build_notifications(event, JsValue::UNDEFINED).unwrap().dyn_into().unwrap();
        assert_eq!(notes.length(), 2);
    }

    #[wasm_bindgen_test]
    fn bad_webhooks_throw_coded_errors() {
        let e = parse_webhook("call_id=1&action=dial&direction=in&phone=123".into(), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(prop_str(&e, "name").as_deref(), Some("SipoutError"));
        assert_eq!(prop_str(&e, "code").as_deref(), Some("invalid_webhook"));
        assert_eq!(prop_str(&e, "reason").as_deref(), Some("invalid_phone"));
        let bytes = js_sys::Uint8Array::from(&b"{\"call_id\":"[..]);
        let e = parse_webhook(bytes.into(), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(prop_str(&e, "reason").as_deref(), Some("not_json"));
    }
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn client_index_through_the_exports() {
    use salebot_sipout::js::matching::{match_client, ClientIndexJs};
    let mut index = ClientIndexJs::new();
    index
        .add_clients(json(
            r#"[{"id":"1","channel":"whatsapp","variables":{"name":"Иван","contact":"Иван 8 912 345-67-89"}},
                {"id":"abc","channel":"telephony","phone":"+7 (495) 123-45-67","variables":{}}]"#,
        ))
        .unwrap();
    assert_eq!(index.size(), 2);
    let hit = index.lookup("+7 912 345 67 89".into()).unwrap();
    assert_eq!(prop_str(&hit, "clientId").as_deref(), Some("1"));
    assert_eq!(prop_str(&hit, "via").as_deref(), Some("variable"));
    assert_eq!(prop_str(&hit, "variable").as_deref(), Some("contact"));
    let hit = index.lookup("74951234567".into()).unwrap();
    assert_eq!(prop_str(&hit, "via").as_deref(), Some("telephony"));
    assert!(prop(&hit, "variable").is_undefined());
    assert!(index.lookup("79990001122".into()).unwrap().is_undefined());
    let e = index.add_clients(json(r#"[{"id":"1","channel":"vk","variables":{}}]"#)).unwrap_err();
    assert_eq!(prop_str(&e, "code").as_deref(), Some("invalid_client"));
    assert_eq!(prop_str(&e, "reason").as_deref(), Some("duplicate_id"));
    let created =
        match_client("79990001122".into(), &index, json(r#"{"messengers":["telegram","whatsapp"]}"#)).unwrap();
    assert_eq!(prop_str(&created, "kind").as_deref(), Some("create"));
    assert_eq!(prop_str(&created, "channel").as_deref(), Some("whatsapp"));
    assert_eq!(prop(&created, "canMessage").as_bool(), Some(true));
    assert!(index.remove_client("1".into()).unwrap());
    assert!(index.lookup("79123456789".into()).unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn client_matcher_through_the_exports() {
    use salebot_sipout::js::matching::ClientMatcherJs;
    let mut m = ClientMatcherJs::new("8 912 345-67-89".into(), json(r#"{"messengers":[]}"#)).unwrap();
    let step = m.next_step();
    assert_eq!(prop_str(&step, "op").as_deref(), Some("findTelephonyClient"));
    let step = m.answer(json("[]"), None).unwrap();
    assert_eq!(prop_str(&step, "op").as_deref(), Some("findClientsByVariables"));
    let step = m.answer(json(r#"[{"id":"7","variables":{"p":"89123456780"}}]"#), None).unwrap();
    let decision = prop(&step, "decision");
    assert_eq!(prop_str(&decision, "kind").as_deref(), Some("create"));
    assert_eq!(prop_str(&decision, "channel").as_deref(), Some("telephony"));
    let e = m.answer(json("[]"), None).unwrap_err();
    assert_eq!(prop_str(&e, "code").as_deref(), Some("matcher_out_of_order"));
}
