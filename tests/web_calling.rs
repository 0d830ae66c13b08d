//! Settings and calling through the JS exports, compiled to wasm and run in a JS engine: in
//! Node by default, in headless Chromium when the runner is told to use a browser
//! (`scripts/test.sh`).
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use js_sys::{Object, Reflect, JSON};
use salebot_sipout::js::calling::{
    apply_extensions, callback_widget_request, card_phone_actions, mask_api_key, phone_action, sipout_employees,
    validate_settings,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = "sk_live_9fA3kQ2mZx7LpW4tR8";

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn settings() -> JsValue {
    js(&format!(
        r#"{{"apiKey":"{KEY}","employees":[
            {{"id":1,"callMode":"sipout_api","extension":"101"}},
            {{"id":"2","callMode":"app"}},
            {{"id":"3","callMode":"disabled"}}]}}"#
    ))
}

fn text(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn prop(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(key)).unwrap().as_string()
}

fn message(e: &JsValue) -> String {
    String::from(e.clone().dyn_into::<js_sys::Error>().unwrap().message())
}

#[wasm_bindgen_test]
fn settings_come_back_masked_unless_revealed() {
    let out = validate_settings(settings(), None).unwrap();
    assert_eq!(prop(&out, "apiKey").as_deref(), Some("********4tR8"));
    assert!(!text(&out).contains(KEY));
    let out = validate_settings(settings(), Some(js(r#"{"revealApiKey":true}"#))).unwrap();
    assert_eq!(prop(&out, "apiKey").as_deref(), Some(KEY));
    assert_eq!(mask_api_key(KEY.into()).unwrap(), "********4tR8");
}

#[wasm_bindgen_test]
fn refusals_carry_code_reason_and_field() {
    let bad = js(&format!(r#"{{"apiKey":"{KEY}","employees":[{{"id":1,"callMode":"sipout_api"}}]}}"#));
    let e = validate_settings(bad, None).unwrap_err();
    assert_eq!(prop(&e, "code").as_deref(), Some("invalid_settings"));
    assert_eq!(prop(&e, "reason").as_deref(), Some("no_extension"));
    assert_eq!(
        message(&e),
        "employees[0].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut"
    );
    let e = phone_action(settings(), "9".into(), "89123456789".into()).unwrap_err();
    assert_eq!(prop(&e, "code").as_deref(), Some("unknown_employee"));
    let e = phone_action(settings(), "1".into(), KEY.into()).unwrap_err();
    assert_eq!(prop(&e, "code").as_deref(), Some("invalid_phone"));
    assert!(!message(&e).contains(KEY), "{}", message(&e));
}

#[wasm_bindgen_test]
fn every_mode_through_the_exports() {
    let hidden = phone_action(settings(), "3".into(), "89123456789".into()).unwrap();
    assert_eq!(text(&hidden), r#"{"kind":"hidden"}"#);
    let link = phone_action(settings(), "2".into(), "8 (912) 345-67-89".into()).unwrap();
    assert_eq!(text(&link), r#"{"kind":"link","href":"tel:+79123456789"}"#);
    let request = phone_action(settings(), "1".into(), "+7 912 345 67 89".into()).unwrap();
    assert_eq!(
        text(&request),
        format!(
            r#"{{"kind":"request","request":{{"method":"POST","url":"https://api.sipout.net/v1/click2call?from=101&to=79123456789","headers":{{"Authorization":"Bearer {KEY}","Content-Type":"application/json","Accept":"application/json"}},"body":"{{\"from\":\"101\",\"to\":\"79123456789\"}}"}}}}"#
        )
    );
}

#[wasm_bindgen_test]
fn card_keeps_the_order_of_the_object() {
    let vars = Object::new();
    for (k, v) in [("z", "8 912 345-67-89"), ("a", "+7 495 123 45 67"), ("m", "нет")] {
        Reflect::set(&vars, &k.into(), &v.into()).unwrap();
    }
    let card = card_phone_actions(settings(), "2".into(), vars.clone().into()).unwrap();
    assert_eq!(
        text(&card),
        r#"[{"variable":"z","phone":"79123456789","action":{"kind":"link","href":"tel:+79123456789"}},{"variable":"a","phone":"74951234567","action":{"kind":"link","href":"tel:+74951234567"}}]"#
    );
    let none = card_phone_actions(settings(), "3".into(), vars.into()).unwrap();
    assert_eq!(text(&none), "[]");
}

#[wasm_bindgen_test]
fn extensions_go_to_sipout_and_come_back() {
    let pulled = sipout_employees(settings()).unwrap();
    assert_eq!(text(&pulled), r#"[{"id":"1","extension":"101"},{"id":"2"},{"id":"3"}]"#);
    let applied = apply_extensions(settings(), js(r#"[{"id":"2","extension":"102"}]"#), None).unwrap();
    assert!(text(&applied).contains(r#"{"id":"2","callMode":"app","extension":"102"}"#));
    let e = apply_extensions(settings(), js(r#"[{"id":"3","extension":"101"}]"#), None).unwrap_err();
    assert_eq!(prop(&e, "reason").as_deref(), Some("duplicate_extension"));
}

#[wasm_bindgen_test]
fn widget_placeholder_raw_and_encoded() {
    for placeholder in
        ["<номер телефона>", "%3C%D0%BD%D0%BE%D0%BC%D0%B5%D1%80%20%D1%82%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD%D0%B0%3E"]
    {
        let url = format!("https://sipout.net/c2c/5f2b?phone={placeholder}");
        let request = callback_widget_request(url.into(), "8 912 345-67-89".into()).unwrap();
        assert_eq!(text(&request), r#"{"method":"GET","url":"https://sipout.net/c2c/5f2b?phone=79123456789"}"#);
    }
    let e =
        callback_widget_request("https://u:p@sipout.net/<номер телефона>".into(), "89123456789".into()).unwrap_err();
    assert_eq!(prop(&e, "code").as_deref(), Some("invalid_widget_url"));
    assert_eq!(prop(&e, "reason").as_deref(), Some("credentials"));
}
