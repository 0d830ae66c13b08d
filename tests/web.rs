//! The JS exports, compiled to wasm and run in a JS engine: in Node by default, in headless
//! Chromium when the test runner is told to use a browser (`scripts/test.sh`).
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use js_sys::{Array, Reflect};
use salebot_sipout::js::{find_phones, format_phone, normalize_phone, normalize_phones, parse_phone};
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
        match normalize_phone(input) {
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
    let e = normalize_phone("912-abc-4567").unwrap_err();
    let e: js_sys::Error = e.dyn_into().unwrap();
    assert_eq!(String::from(e.message()), "phone \"912-abc-4567\": unexpected character 'a' at position 5");
    assert_eq!(prop_str(&e, "reason").as_deref(), Some("invalid_character"));
    let e = format_phone("+380 44 123 45 67").unwrap_err();
    assert_eq!(prop_str(&e, "reason").as_deref(), Some("unsupported_country"));
}

#[wasm_bindgen_test]
fn parse_phone_gives_an_object() {
    let parsed = parse_phone("8 (495) 123-45-67, доб. 45").unwrap();
    assert_eq!(prop_str(&parsed, "phone").as_deref(), Some("74951234567"));
    assert_eq!(prop_str(&parsed, "extension").as_deref(), Some("45"));
    let parsed = parse_phone("+7 912 345-67-89").unwrap();
    assert!(prop(&parsed, "extension").is_undefined(), "no extension key without one");
}

#[wasm_bindgen_test]
fn batch_keeps_positions_with_null_for_invalid() {
    let out: Array =
        normalize_phones(vec!["89123456789".into(), "n/a".into(), "+7 495 123 45 67".into(), String::new()]);
    assert_eq!(out.length(), 4);
    assert_eq!(out.get(0).as_string().as_deref(), Some("79123456789"));
    assert!(out.get(1).is_null());
    assert_eq!(out.get(2).as_string().as_deref(), Some("74951234567"));
    assert!(out.get(3).is_null());
}

#[wasm_bindgen_test]
fn find_and_format() {
    let found = find_phones("Иван, 8 912 345-67-89 или +7 495 123 45 67, снова 89123456789").unwrap();
    assert_eq!(found, vec!["79123456789".to_string(), "74951234567".to_string()]);
    assert_eq!(format_phone("89123456789").unwrap(), "+7 912 345-67-89");
}
