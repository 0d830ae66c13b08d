//! Calling from Salebot (SPEC §6): settings, calling modes, click-to-call, the callback
//! widget, and the API key kept out of every message and print.

// The tests hold the crate's JSON to serde_json's, through the `serde` feature.
#![cfg(feature = "serde")]

mod common;

use salebot_sipout::calling::{revealed_card, MAX_CARD_BYTES, MAX_CARD_VARIABLES};
use salebot_sipout::settings::{
    ExtensionAssignment, DEFAULT_CLICK2CALL_URL, MAX_CRM_BYTES, MAX_EMPLOYEES, MAX_SETTINGS_BYTES,
};
use salebot_sipout::{
    apply_extensions, callback_widget_request, card_phone_actions, mask_api_key, phone_action, sipout_employees,
    validate_settings, CallMode, Error, PhoneAction, Settings, SettingsError,
};
use serde_json::{json, Value};

const GOLDEN: &str = include_str!("fixtures/phones.tsv");

/// A key that must show up nowhere but where it is asked for.
const KEY: &str = "sk_live_9fA3kQ2mZx7LpW4tR8";

/// The widget placeholder percent-encoded byte by byte, upper-case hex.
const ENCODED: &str = "%3C%D0%BD%D0%BE%D0%BC%D0%B5%D1%80%20%D1%82%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD%D0%B0%3E";

fn base() -> Value {
    json!({
        "apiKey": KEY,
        "employees": [
            { "id": "1", "name": "Анна", "callMode": "sipout_api", "extension": "101" },
            { "id": "2", "name": "Борис", "callMode": "app", "extension": "102" },
            { "id": "3", "callMode": "disabled" },
        ],
        "messengers": ["whatsapp"],
        "speechAnalytics": true,
    })
}

fn settings(value: &Value) -> Settings {
    validate_settings(&value.to_string()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

fn refused(value: &Value) -> SettingsError {
    match validate_settings(&value.to_string()) {
        Ok(s) => panic!("{value} should be refused, got {s:?}"),
        Err(e) => e,
    }
}

/// `base()` with `f` applied.
fn with(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = base();
    f(&mut v);
    v
}

fn golden_accepted() -> Vec<(String, String)> {
    GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once('\t'))
        .filter(|(_, want)| !want.is_empty())
        .map(|(input, want)| (input.to_string(), want.to_string()))
        .collect()
}

fn golden_rejected() -> Vec<String> {
    GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once('\t'))
        .filter(|(_, want)| want.is_empty())
        .map(|(input, _)| input.to_string())
        .collect()
}

// ---------------------------------------------------------------- settings

#[test]
fn settings_are_normalised() {
    let s = settings(&json!({
        "apiKey": format!("  {KEY}\n"),
        "employees": [
            { "id": 17, "name": "  Анна ", "callMode": "sipout_api", "extension": " 101 " },
            { "id": " b-2 ", "name": "", "extension": "" },
            { "id": "c", "name": null, "callMode": null, "extension": null },
        ],
        "messengers": [" WhatsApp", "telegram", "whatsapp"],
        "click2call": { "url": "  " },
        "speechAnalytics": null,
        "crm": { "amo": { "token": "t", "pipeline": 4512, "delta": -3, "on": true, "list": [null, "x"] } },
    }));
    assert_eq!(s.api_key().expose(), KEY, "white space around the key is dropped");
    let e = s.employees();
    assert_eq!(
        (e[0].id(), e[0].name(), e[0].call_mode(), e[0].extension()),
        ("17", Some("Анна"), CallMode::SipoutApi, Some("101"))
    );
    assert_eq!((e[1].id(), e[1].name(), e[1].call_mode(), e[1].extension()), ("b-2", None, CallMode::Disabled, None));
    assert_eq!(e[2].call_mode(), CallMode::Disabled, "no mode means calls disabled");
    assert_eq!(s.messengers(), ["whatsapp", "telegram"]);
    assert_eq!(s.click2call_url(), DEFAULT_CLICK2CALL_URL, "a blank URL means the default");
    assert!(!s.speech_analytics());
    assert_eq!(
        s.crm().map(|text| serde_json::from_str::<Value>(text).unwrap()),
        Some(json!({ "amo": { "token": "t", "pipeline": 4512, "delta": -3, "on": true, "list": [null, "x"] } }))
    );
    assert_eq!(s.employee(" 17 ").map(|e| e.id()), Some("17"));

    let out: Value = common::value(&s);
    assert_eq!(
        out,
        json!({
            "apiKey": "********4tR8",
            "employees": [
                { "id": "17", "name": "Анна", "callMode": "sipout_api", "extension": "101" },
                { "id": "b-2", "callMode": "disabled" },
                { "id": "c", "callMode": "disabled" },
            ],
            "messengers": ["whatsapp", "telegram"],
            "speechAnalytics": false,
            "crm": { "amo": { "token": "t", "pipeline": 4512, "delta": -3, "on": true, "list": [null, "x"] } },
        })
    );
}

#[test]
fn serialised_settings_mask_the_key_unless_revealed() {
    let s = settings(&base());
    let masked = common::json(&s);
    assert!(!masked.contains(KEY));
    assert!(masked.contains(r#""apiKey":"********4tR8""#), "{masked}");
    let revealed = common::json(&s.revealed());
    assert!(revealed.contains(&format!(r#""apiKey":"{KEY}""#)));
    // What is revealed reads back to the same settings; what is masked is refused.
    assert_eq!(validate_settings(&revealed).unwrap(), s);
    assert_eq!(validate_settings(&masked).unwrap_err().reason(), "masked_api_key");
}

#[test]
fn click2call_url_can_be_overridden() {
    let url = "https://pbx.example.ru:8443/api/call/{extension}?to={phone}";
    let s = settings(&with(|v| v["click2call"] = json!({ "url": url })));
    assert_eq!(s.click2call_url(), url);
    let out = common::value(&s);
    assert_eq!(out["click2call"], json!({ "url": url }));
    // Placeholders are optional and may be percent-encoded.
    settings(&with(|v| v["click2call"] = json!({ "url": "https://pbx.example.ru/c2c" })));
    settings(&with(|v| {
        v["click2call"] = json!({ "url": "https://pbx.example.ru/c2c?e=%7Bextension%7D&p=%7bPHONE%7d" })
    }));
}

/// `(settings, field, reason, message)` for every way settings are refused.
fn refusals() -> Vec<(Value, &'static str, &'static str, String)> {
    let too_many: Vec<Value> = (0..=MAX_EMPLOYEES).map(|i| json!({ "id": i })).collect();
    let long_id = "x".repeat(65);
    vec![
        (json!([1, 2]), "settings", "wrong_type", "settings: expected an object, got an array".into()),
        (json!({}), "apiKey", "blank_api_key", "apiKey: is blank; paste the API key from SipOut's Documentation section".into()),
        (json!({ "apiKey": "   " }), "apiKey", "blank_api_key", "apiKey: is blank; paste the API key from SipOut's Documentation section".into()),
        (json!({ "apiKey": 12345 }), "apiKey", "wrong_type", "apiKey: expected a string, got a number".into()),
        (json!({ "apiKey": "abc123" }), "apiKey", "api_key_length", "apiKey: is 6 characters long; a SipOut API key has 16 to 128".into()),
        (json!({ "apiKey": "a".repeat(129) }), "apiKey", "api_key_length", "apiKey: is 129 characters long; a SipOut API key has 16 to 128".into()),
        (
            json!({ "apiKey": "sk_live 9fA3kQ2mZx7LpW4t" }),
            "apiKey",
            "api_key_character",
            "apiKey: has a character at position 8 that an API key does not hold (only A–Z, a–z, 0–9, '-', '.', '_', '~', '+', '/', and '=' at the end)".into(),
        ),
        (json!({ "apiKey": "sk_live_9fA3kQ2mZx7L=pW4t" }), "apiKey", "api_key_character", "apiKey: has a character at position 22 that an API key does not hold (only A–Z, a–z, 0–9, '-', '.', '_', '~', '+', '/', and '=' at the end)".into()),
        (json!({ "apiKey": "********pW4t" }), "apiKey", "masked_api_key", "apiKey: is a masked key (it holds '*'); pass the key itself".into()),
        (
            with(|v| v["speechAnalitics"] = json!(true)),
            "speechAnalitics",
            "unknown_field",
            "speechAnalitics: is not a known field; the known ones are apiKey, employees, messengers, click2call, speechAnalytics, crm".into(),
        ),
        (with(|v| v["employees"] = json!({})), "employees", "wrong_type", "employees: expected an array, got an object".into()),
        (with(|v| v["employees"] = json!(too_many)), "employees", "too_many", "employees: has 1001 items, over the limit of 1000".into()),
        (with(|v| v["employees"][1] = json!("Борис")), "employees[1]", "wrong_type", "employees[1]: expected an object, got a string".into()),
        (
            with(|v| v["employees"][2]["extention"] = json!("103")),
            "employees[2].extention",
            "unknown_field",
            "employees[2].extention: is not a known field; the known ones are id, name, callMode, extension".into(),
        ),
        (with(|v| v["employees"][0].as_object_mut().unwrap().remove("id").map(drop).unwrap_or(())), "employees[0].id", "missing", "employees[0].id: is required".into()),
        (with(|v| v["employees"][0]["id"] = json!("  ")), "employees[0].id", "blank", "employees[0].id: is blank".into()),
        (with(|v| v["employees"][0]["id"] = json!(-1)), "employees[0].id", "wrong_type", "employees[0].id: expected a string or a non-negative integer, got a number".into()),
        (with(|v| v["employees"][0]["id"] = json!(1.5)), "employees[0].id", "wrong_type", "employees[0].id: expected a string or a non-negative integer, got a number".into()),
        (with(|v| v["employees"][0]["id"] = json!(long_id)), "employees[0].id", "too_long", "employees[0].id: is 65 characters long, over the limit of 64".into()),
        (with(|v| v["employees"][0]["name"] = json!("Анна\u{7}")), "employees[0].name", "control_character", "employees[0].name: holds a control character".into()),
        (with(|v| v["employees"][0]["name"] = json!(5)), "employees[0].name", "wrong_type", "employees[0].name: expected a string, got a number".into()),
        (with(|v| v["employees"][2]["id"] = json!("1")), "employees[2].id", "duplicate_id", "employees[2].id: \"1\" is also the id of employees[0]".into()),
        (with(|v| v["employees"][2]["id"] = json!(1)), "employees[2].id", "duplicate_id", "employees[2].id: \"1\" is also the id of employees[0]".into()),
        (
            with(|v| v["employees"][1]["callMode"] = json!("api")),
            "employees[1].callMode",
            "unknown_call_mode",
            "employees[1].callMode: \"api\" is not a calling mode; expected \"app\", \"sipout_api\" or \"disabled\"".into(),
        ),
        (
            with(|v| v["employees"][1]["callMode"] = json!("App")),
            "employees[1].callMode",
            "unknown_call_mode",
            "employees[1].callMode: \"App\" is not a calling mode; expected \"app\", \"sipout_api\" or \"disabled\"".into(),
        ),
        (with(|v| v["employees"][1]["callMode"] = json!(1)), "employees[1].callMode", "wrong_type", "employees[1].callMode: expected a string, got a number".into()),
        (with(|v| v["employees"][2]["extension"] = json!("12a")), "employees[2].extension", "invalid_extension", "employees[2].extension: \"12a\" is not an extension: 2 to 6 digits".into()),
        (with(|v| v["employees"][2]["extension"] = json!("7")), "employees[2].extension", "invalid_extension", "employees[2].extension: \"7\" is not an extension: 2 to 6 digits".into()),
        (with(|v| v["employees"][2]["extension"] = json!("1234567")), "employees[2].extension", "invalid_extension", "employees[2].extension: \"1234567\" is not an extension: 2 to 6 digits".into()),
        (with(|v| v["employees"][2]["extension"] = json!("１０３")), "employees[2].extension", "invalid_extension", "employees[2].extension: \"１０３\" is not an extension: 2 to 6 digits".into()),
        (with(|v| v["employees"][2]["extension"] = json!("10 3")), "employees[2].extension", "invalid_extension", "employees[2].extension: \"10 3\" is not an extension: 2 to 6 digits".into()),
        (with(|v| v["employees"][2]["extension"] = json!(103)), "employees[2].extension", "wrong_type", "employees[2].extension: expected a string of 2 to 6 digits, got a number".into()),
        (
            with(|v| v["employees"][2]["extension"] = json!("101")),
            "employees[2].extension",
            "duplicate_extension",
            "employees[2].extension: 101 is also the extension of employees[0] (id \"1\"); extensions are unique in a project".into(),
        ),
        (
            with(|v| v["employees"][0].as_object_mut().unwrap().remove("extension").map(drop).unwrap_or(())),
            "employees[0].extension",
            "no_extension",
            "employees[0].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut".into(),
        ),
        (
            with(|v| v["employees"][0]["extension"] = json!(" ")),
            "employees[0].extension",
            "no_extension",
            "employees[0].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut".into(),
        ),
        (with(|v| v["messengers"] = json!("whatsapp")), "messengers", "wrong_type", "messengers: expected an array of strings, got a string".into()),
        (with(|v| v["messengers"] = json!(["whatsapp", "what's app"])), "messengers[1]", "invalid_messenger", "messengers[1]: \"what's app\" is not a messenger name: 1 to 32 of a–z, 0–9, '_' and '-'".into()),
        (with(|v| v["messengers"] = json!([""])), "messengers[0]", "invalid_messenger", "messengers[0]: \"\" is not a messenger name: 1 to 32 of a–z, 0–9, '_' and '-'".into()),
        (with(|v| v["messengers"] = json!(vec!["x"; 33])), "messengers", "too_many", "messengers: has 33 items, over the limit of 32".into()),
        (with(|v| v["click2call"] = json!("https://x.ru")), "click2call", "wrong_type", "click2call: expected an object, got a string".into()),
        (with(|v| v["click2call"] = json!({ "URL": "https://x.ru" })), "click2call.URL", "unknown_field", "click2call.URL: is not a known field; the known ones are url".into()),
        (
            with(|v| v["click2call"] = json!({ "url": "http://pbx.example.ru/{extension}/{phone}" })),
            "click2call.url",
            "unsupported_scheme",
            "click2call.url: scheme \"http\" is not allowed; the URL must start with https://".into(),
        ),
        (
            with(|v| v["click2call"] = json!({ "url": "https://pbx.example.ru/call?ext={ext}" })),
            "click2call.url",
            "unknown_placeholder",
            "click2call.url: '{' at position 33 does not start a known placeholder ({extension}, {phone})".into(),
        ),
        (
            with(|v| v["click2call"] = json!({ "url": "https://pbx.example.ru/{phone}?again={phone}" })),
            "click2call.url",
            "several_placeholders",
            "click2call.url: has 2 {phone} placeholders; only one is allowed".into(),
        ),
        (
            with(|v| v["click2call"] = json!({ "url": "https://admin:secret@pbx.example.ru/{phone}" })),
            "click2call.url",
            "credentials",
            "click2call.url: holds a user name or password before the host; credentials must not be embedded in the URL".into(),
        ),
        (
            with(|v| v["employees"][0]["name"] = json!(format!("Анна {KEY}"))),
            "employees[0].name",
            "holds_api_key",
            "employees[0].name: holds the API key, which belongs in apiKey only".into(),
        ),
        (with(|v| v["employees"][2]["id"] = json!(KEY)), "employees[2].id", "holds_api_key", "employees[2].id: holds the API key, which belongs in apiKey only".into()),
        (with(|v| v["messengers"] = json!([KEY])), "messengers[0]", "holds_api_key", "messengers[0]: holds the API key, which belongs in apiKey only".into()),
        (
            with(|v| v["click2call"] = json!({ "url": format!("https://pbx.example.ru/c2c?key={KEY}") })),
            "click2call.url",
            "holds_api_key",
            "click2call.url: holds the API key, which belongs in apiKey only".into(),
        ),
        (
            with(|v| v["crm"] = json!({ "amo": { "rates": [1, 2.5] } })),
            "crm.amo.rates[1]",
            "fractional_number",
            "crm.amo.rates[1]: is a fractional number or an integer beyond 64 bits; the CRM part holds whole numbers only (write this one as a string)".into(),
        ),
        (
            with(|v| v["crm"] = json!({ "big id": 1e20 })),
            "crm[\"big id\"]",
            "fractional_number",
            "crm[\"big id\"]: is a fractional number or an integer beyond 64 bits; the CRM part holds whole numbers only (write this one as a string)".into(),
        ),
        (with(|v| v["speechAnalytics"] = json!("yes")), "speechAnalytics", "wrong_type", "speechAnalytics: expected a boolean, got a string".into()),
        (
            with(|v| v["crm"] = json!({ "blob": "x".repeat(MAX_CRM_BYTES) })),
            "crm",
            "too_large",
            format!("crm: is {} bytes long, over the limit of {MAX_CRM_BYTES}", MAX_CRM_BYTES + 11),
        ),
    ]
}

#[test]
fn every_refusal_names_the_field_and_the_problem() {
    for (value, field, reason, message) in refusals() {
        let e = refused(&value);
        assert_eq!(e.field, field, "{value}");
        assert_eq!(e.reason(), reason, "{value}");
        assert_eq!(e.to_string(), message, "{value}");
        let e = Error::from(e);
        assert_eq!((e.code(), e.reason()), ("invalid_settings", Some(reason)));
    }
}

#[test]
fn refuses_malformed_and_oversized_json() {
    let e = validate_settings(r#"{"apiKey": "x""#).unwrap_err();
    assert_eq!(e.reason(), "malformed_json");
    assert_eq!(e.to_string(), "settings: is not valid JSON: it ends too early at line 1, column 14");
    let e = validate_settings(r#"{"apiKey" "x"}"#).unwrap_err();
    assert_eq!(e.to_string(), "settings: is not valid JSON: syntax error at line 1, column 11");
    let big = format!(r#"{{"apiKey":"{KEY}","crm":"{}"}}"#, "x".repeat(MAX_SETTINGS_BYTES));
    let e = validate_settings(&big).unwrap_err();
    assert_eq!(e.reason(), "too_large");
    assert_eq!(e.to_string(), format!("settings: is {} bytes long, over the limit of {MAX_SETTINGS_BYTES}", big.len()));
}

// ---------------------------------------------------------------- SipOut's side: employees and extensions

#[test]
fn sipout_pulls_every_employee() {
    let list = sipout_employees(&settings(&base()));
    assert_eq!(
        common::value(&list),
        json!([
            { "id": "1", "name": "Анна", "extension": "101" },
            { "id": "2", "name": "Борис", "extension": "102" },
            { "id": "3" },
        ])
    );
}

fn assign(pairs: &[(&str, Option<&str>)]) -> Vec<ExtensionAssignment> {
    pairs.iter().map(|(id, ext)| ExtensionAssignment { id: id.to_string(), extension: ext.map(String::from) }).collect()
}

#[test]
fn extensions_assigned_in_sipout_come_back() {
    let s = settings(&base());
    let applied = apply_extensions(&s, &assign(&[("3", Some(" 103 ")), ("2", None)])).unwrap();
    let ext: Vec<_> = applied.employees().iter().map(|e| e.extension()).collect();
    assert_eq!(ext, [Some("101"), None, Some("103")], "unmentioned kept, none removes, trimmed");
    // Swapping two extensions in one go is fine: the rules hold once all are applied.
    let swapped = apply_extensions(&s, &assign(&[("1", Some("102")), ("2", Some("101"))])).unwrap();
    assert_eq!(swapped.employee("1").unwrap().extension(), Some("102"));
    // What SipOut gives back may be the pulled list itself, names and all.
    let json = r#"[{"id":"1","name":"Анна","extension":"201"},{"id":3,"extension":"203"}]"#;
    let list = ExtensionAssignment::list_from_json(json, &s).unwrap();
    assert_eq!(list, assign(&[("1", Some("201")), ("3", Some("203"))]));
    assert_eq!(apply_extensions(&s, &list).unwrap().employee("3").unwrap().extension(), Some("203"));
}

#[test]
fn extension_assignments_are_checked() {
    let s = settings(&base());
    type Pairs<'a> = &'a [(&'a str, Option<&'a str>)];
    let cases: [(Pairs, &str, &str); 6] = [
        (&[("3", Some("1x3"))], "invalid_extension", "assignments[0].extension: \"1x3\" is not an extension: 2 to 6 digits"),
        (&[("2", Some("105")), ("9", Some("109"))], "unknown_employee", "assignments[1].id: \"9\" is not an employee of the project"),
        (&[("2", Some("105")), ("2", Some("106"))], "duplicate_id", "assignments[1].id: \"2\" is also the id of assignments[0]"),
        (
            &[("3", Some("101"))],
            "duplicate_extension",
            "employees[2].extension: 101 is also the extension of employees[0] (id \"1\"); extensions are unique in a project",
        ),
        (
            &[("1", None)],
            "no_extension",
            "employees[0].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut",
        ),
        (
            &[("1", Some(""))],
            "no_extension",
            "employees[0].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut",
        ),
    ];
    for (pairs, reason, message) in cases {
        let e = apply_extensions(&s, &assign(pairs)).unwrap_err();
        assert_eq!((e.reason(), e.to_string().as_str()), (reason, message), "{pairs:?}");
    }
    let e = ExtensionAssignment::list_from_json(r#"[{"id":"1","extension":101}]"#, &s).unwrap_err();
    assert_eq!(e.to_string(), "assignments[0].extension: expected a string, got a number");
    let e = ExtensionAssignment::list_from_json(r#"[{"id":"1","ext":"101"}]"#, &s).unwrap_err();
    assert_eq!(e.to_string(), "assignments[0].ext: is not a known field; the known ones are id, name, extension");
    let e = ExtensionAssignment::list_from_json(r#"{"1":"101"}"#, &s).unwrap_err();
    assert_eq!(e.to_string(), "assignments: expected an array, got an object");
}

// ---------------------------------------------------------------- the key

#[test]
fn masks_the_key() {
    assert_eq!(mask_api_key(KEY), "********4tR8");
    assert_eq!(mask_api_key(&format!(" {KEY} ")), "********4tR8");
    assert_eq!(mask_api_key("0123456789abcdef"), "********cdef", "16 characters: the last four show");
    assert_eq!(mask_api_key("0123456789abcde"), "********", "shorter: nothing shows");
    assert_eq!(mask_api_key(""), "********");
    assert_eq!(mask_api_key("ключ-ключ-ключ-ключ"), "********ключ");
    let s = settings(&base());
    assert_eq!(s.api_key().to_string(), "********4tR8");
    assert_eq!(format!("{:?}", s.api_key()), "ApiKey(********4tR8)");
}

/// Every string a failure or a print can produce for settings holding [`KEY`], including
/// the key put where it does not belong.
fn everything_printed() -> Vec<String> {
    let mut out = Vec::new();
    fn printed(e: Error) -> [String; 4] {
        [e.to_string(), format!("{e:?}"), e.code().to_string(), e.reason().unwrap_or_default().to_string()]
    }
    for (value, ..) in refusals() {
        out.extend(printed(refused(&value).into()));
    }
    let misplaced = [
        with(|v| v["employees"][1]["callMode"] = json!(KEY)),
        with(|v| v["employees"][1]["callMode"] = json!(format!("x{KEY}x"))),
        with(|v| v["employees"][1]["extension"] = json!(KEY)),
        with(|v| {
            v["employees"][1]["id"] = json!(KEY);
            v["employees"][2]["id"] = json!(KEY);
        }),
        with(|v| v["employees"][0]["name"] = json!(format!("{KEY}\u{1}"))),
        with(|v| v["messengers"] = json!([format!("{KEY}!")])),
        with(|v| v[KEY] = json!(1)),
        with(|v| v["employees"][0][KEY] = json!(1)),
        with(|v| v["click2call"] = json!({ "url": format!("https://{KEY}:x@pbx.ru/") })),
        with(|v| v["click2call"] = json!({ "url": format!("https://pbx.ru/{KEY}/ {{phone}}") })),
        with(|v| v["click2call"] = json!({ "url": format!("ftp://pbx.ru/{KEY}") })),
        json!({ "apiKey": format!("{KEY} {KEY}") }),
        json!({ "apiKey": format!("{KEY}{KEY}{KEY}{KEY}{KEY}{KEY}") }),
        json!({ "apiKey": format!("{KEY}!") }),
        json!({ "apiKey": format!("{KEY}*") }),
    ];
    for value in &misplaced {
        out.extend(printed(refused(value).into()));
    }
    let s = settings(&base());
    out.push(format!("{s:?}"));
    out.push(format!("{s:#?}"));
    out.push(common::json(&s));
    out.push(s.api_key().to_string());
    let duplicate = with(|v| v["employees"][2]["id"] = json!("1"));
    for pairs in [vec![(KEY, Some("105"))], vec![("3", Some(KEY))], vec![("3", Some("101"))]] {
        out.extend(printed(apply_extensions(&s, &assign(&pairs)).unwrap_err().into()));
    }
    out.extend(printed(refused(&duplicate).into()));
    for (employee, phone) in [(KEY, "89123456789"), ("1", KEY), ("2", "n/a"), (&format!(" {KEY} ") as &str, "8")] {
        out.extend(printed(phone_action(&s, employee, phone).unwrap_err()));
    }
    for employee in ["1", "2", "3"] {
        let action = phone_action(&s, employee, "89123456789").unwrap();
        out.push(format!("{action:?}"));
        out.push(common::json(&action));
        if let PhoneAction::Request { request } = &action {
            out.push(format!("{request:?}"));
            out.push(request.url().to_string());
            out.push(request.body().to_string());
        }
        let card = card_phone_actions(&s, employee, &[("phone", "89123456789")]).unwrap();
        out.push(format!("{card:?}"));
        out.push(common::json(&card));
    }
    out.extend(printed(card_phone_actions(&s, KEY, &[("phone", "89123456789")]).unwrap_err()));
    for url in [format!("https://sipout.net/{KEY}"), format!("https://sipout.net/{KEY} <номер телефона>")]
    {
        out.extend(printed(callback_widget_request(&url, "89123456789").unwrap_err()));
    }
    out
}

#[test]
fn the_key_leaks_nowhere() {
    let printed = everything_printed();
    assert!(printed.len() > 100, "{} strings searched", printed.len());
    for text in &printed {
        assert!(!text.contains(KEY), "the key leaks in {text:?}");
        // Nor a long piece of it: the masked form shows four characters.
        for piece in KEY.as_bytes().windows(8) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!text.contains(piece), "a piece {piece:?} of the key leaks in {text:?}");
        }
    }
}

#[test]
fn crm_is_kept_but_never_printed() {
    let s = settings(&with(|v| v["crm"] = json!({ "amo": { "access_token": "amo-secret-token" } })));
    assert!(!format!("{s:?}").contains("amo-secret-token"), "Debug leaves the CRM part out");
    assert!(common::json(&s).contains("amo-secret-token"), "but it is kept for the host");
}

// ---------------------------------------------------------------- calling modes

#[test]
fn disabled_hides_the_icon() {
    let s = settings(&base());
    assert_eq!(phone_action(&s, "3", "+7 912 345-67-89").unwrap(), PhoneAction::Hidden);
    assert_eq!(common::value(&phone_action(&s, "3", "89123456789").unwrap()), json!({ "kind": "hidden" }));
    let e = phone_action(&s, "3", "12345").unwrap_err();
    assert_eq!(e.code(), "invalid_phone", "a phone that is not one is an error in any mode");
}

#[test]
fn app_mode_gives_a_tel_link_for_every_accepted_spelling() {
    let s = settings(&base());
    for (input, want) in golden_accepted() {
        let action = phone_action(&s, "2", &input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let PhoneAction::Link { href } = action else { panic!("{input:?}: {action:?}") };
        let ext = salebot_sipout::ParsedPhone::parse(&input).unwrap().extension;
        match ext {
            None => assert_eq!(href, format!("tel:+{want}"), "{input:?}"),
            Some(ext) => assert_eq!(href, format!("tel:+{want};ext={ext}"), "{input:?}"),
        }
    }
    assert_eq!(
        common::value(&phone_action(&s, "2", "8 912 345 67 89").unwrap()),
        json!({ "kind": "link", "href": "tel:+79123456789" })
    );
    for input in golden_rejected() {
        assert_eq!(phone_action(&s, "2", &input).unwrap_err().code(), "invalid_phone", "{input:?}");
    }
}

#[test]
fn sipout_api_mode_builds_the_request_that_rings_the_employee_first() {
    let s = settings(&base());
    for (input, want) in golden_accepted() {
        let action = phone_action(&s, "1", &input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let PhoneAction::Request { request } = action else { panic!("{input:?}: {action:?}") };
        assert_eq!(request.method(), "POST");
        assert_eq!(request.url(), format!("https://api.sipout.net/v1/click2call?from=101&to={want}"));
        let body: Value = serde_json::from_str(request.body()).unwrap();
        assert_eq!(body, json!({ "from": "101", "to": want }), "the extension first, then the client");
        let headers = request.headers();
        assert_eq!(headers[0], ("Authorization", format!("Bearer {KEY}")));
        assert_eq!(headers[1], ("Content-Type", "application/json".to_string()));
    }
    let action = phone_action(&s, "1", "+7 (912) 345-67-89").unwrap();
    let masked = common::value(&action);
    assert_eq!(masked["request"]["headers"]["Authorization"], "Bearer ********4tR8");
    let revealed = common::value(&action.revealed());
    assert_eq!(
        revealed,
        json!({
            "kind": "request",
            "request": {
                "method": "POST",
                "url": "https://api.sipout.net/v1/click2call?from=101&to=79123456789",
                "headers": {
                    "Authorization": format!("Bearer {KEY}"),
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
                "body": r#"{"from":"101","to":"79123456789"}"#,
            },
        })
    );
}

#[test]
fn the_host_template_is_filled() {
    let s = settings(&with(|v| {
        v["click2call"] = json!({ "url": "https://pbx.example.ru/api/%7BEXTENSION%7D/call?to={phone}&src=salebot" })
    }));
    let PhoneAction::Request { request } = phone_action(&s, "1", "8 495 123-45-67").unwrap() else { panic!() };
    assert_eq!(request.url(), "https://pbx.example.ru/api/101/call?to=74951234567&src=salebot");
    let s = settings(&with(|v| v["click2call"] = json!({ "url": "https://pbx.example.ru/c2c" })));
    let PhoneAction::Request { request } = phone_action(&s, "1", "8 495 123-45-67").unwrap() else { panic!() };
    assert_eq!(request.url(), "https://pbx.example.ru/c2c");
    assert_eq!(request.body(), r#"{"from":"101","to":"74951234567"}"#);
}

#[test]
fn an_unknown_employee_is_an_error() {
    let s = settings(&base());
    let e = phone_action(&s, "42", "89123456789").unwrap_err();
    assert_eq!((e.code(), e.reason()), ("unknown_employee", None));
    assert_eq!(e.to_string(), "employeeId: \"42\" is not an employee of the project");
    let e = card_phone_actions(&s, "", &[("phone", "89123456789")]).unwrap_err();
    assert_eq!(e.to_string(), "employeeId: \"\" is not an employee of the project");
    assert_eq!(phone_action(&s, " 1 ", "89123456789").map(|a| matches!(a, PhoneAction::Request { .. })), Ok(true));
}

// ---------------------------------------------------------------- the client card

#[test]
fn card_shows_an_icon_beside_every_phone() {
    let s = settings(&base());
    let vars = [
        ("name", "Иван"),
        ("phone", "8 912 345-67-89"),
        ("comment", "рабочий +7 (495) 123-45-67 доб. 12, мобильный 89123456789, заказ 12345 от 15.01.2024"),
        ("phone2", "＋７ ９１２ ３４５-６７-８９"),
        ("empty", ""),
    ];
    let card = card_phone_actions(&s, "2", &vars).unwrap();
    let got: Vec<_> = card
        .iter()
        .map(|c| {
            let PhoneAction::Link { href } = &c.action else { panic!("{c:?}") };
            (c.variable.as_str(), c.phone.to_string(), href.clone())
        })
        .collect();
    let link = |v: &'static str, p: &str| (v, p.to_string(), format!("tel:+{p}"));
    assert_eq!(
        got,
        [
            link("phone", "79123456789"),
            link("comment", "74951234567"),
            link("comment", "79123456789"),
            link("phone2", "79123456789"),
        ],
        "in order; once per variable, beside each variable that holds it"
    );
    assert_eq!(
        common::value(&card[0]),
        json!({ "variable": "phone", "phone": "79123456789", "action": { "kind": "link", "href": "tel:+79123456789" } })
    );

    let card = card_phone_actions(&s, "1", &vars).unwrap();
    assert_eq!(card.len(), 4);
    assert!(card.iter().all(
        |c| matches!(&c.action, PhoneAction::Request { request } if request.body().contains(&c.phone.to_string()))
    ));
    let revealed = common::value(&revealed_card(&card));
    assert_eq!(revealed[0]["action"]["request"]["headers"]["Authorization"], format!("Bearer {KEY}"));

    assert!(card_phone_actions(&s, "3", &vars).unwrap().is_empty(), "no icons for a disabled employee");
    assert!(card_phone_actions(&s, "2", &[] as &[(&str, &str)]).unwrap().is_empty());
}

#[test]
fn card_limits_are_coded_errors() {
    let s = settings(&base());
    let many: Vec<(String, String)> = (0..=MAX_CARD_VARIABLES).map(|i| (format!("v{i}"), String::new())).collect();
    let e = card_phone_actions(&s, "2", &many).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("invalid_card", Some("too_many_variables")));
    assert_eq!(e.to_string(), "variables: 1001 variables, over the limit of 1000");
    let big = "9".repeat(MAX_CARD_BYTES / 2 + 1);
    let e = card_phone_actions(&s, "3", &[("a", big.as_str()), ("b", big.as_str())]).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("invalid_card", Some("too_large")));
    assert_eq!(
        e.to_string(),
        format!("variables: {} bytes of values in all, over the limit of {MAX_CARD_BYTES}", 2 * big.len())
    );
}

// ---------------------------------------------------------------- the callback widget

const WIDGET: &str = "https://sipout.net/api/widget/c2c/5f2b9e?phone=<номер телефона>&utm=salebot";

#[test]
fn widget_placeholder_is_replaced_raw_or_encoded() {
    let want = "https://sipout.net/api/widget/c2c/5f2b9e?phone=79123456789&utm=salebot";
    let variants = [
        WIDGET.to_string(),
        WIDGET.replace("<номер телефона>", ENCODED),
        WIDGET.replace("<номер телефона>", &ENCODED.to_lowercase()),
        WIDGET.replace("<номер телефона>", "%3Cномер%20телефона%3E"),
        WIDGET.replace("<номер телефона>", "%3cномер+телефона%3e"),
        WIDGET.replace("<номер телефона>", "<НОМЕР ТЕЛЕФОНА>"),
        WIDGET.replace(
            "<номер телефона>",
            "%3C%D0%9D%D0%BE%D0%BC%D0%B5%D1%80%20%D1%82%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD%D0%B0%3E",
        ),
        WIDGET.replace("<номер телефона>", "<номер%20телефона>"),
        format!("  {WIDGET}\n"),
        WIDGET.replace("https", "HTTPS"),
    ];
    for url in &variants {
        let request = callback_widget_request(url, "8 (912) 345-67-89").unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!((request.method, request.url.as_str()), ("GET", want), "{url}");
    }
    let request = callback_widget_request("http://10.0.0.5:8080/c2c/<номер телефона>", "89123456789").unwrap();
    assert_eq!(request.url, "http://10.0.0.5:8080/c2c/79123456789", "in the path, over http");
    assert_eq!(
        common::value(&callback_widget_request(WIDGET, "89123456789").unwrap()),
        json!({ "method": "GET", "url": want })
    );
}

#[test]
fn widget_takes_every_accepted_phone_spelling() {
    for (input, want) in golden_accepted() {
        let request = callback_widget_request(WIDGET, &input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(request.url, format!("https://sipout.net/api/widget/c2c/5f2b9e?phone={want}&utm=salebot"));
    }
    for input in golden_rejected() {
        assert_eq!(callback_widget_request(WIDGET, &input).unwrap_err().code(), "invalid_phone", "{input:?}");
    }
}

#[test]
fn widget_urls_are_refused_with_a_clear_reason() {
    let p = "<номер телефона>";
    let cases: Vec<(String, &str, &str)> = vec![
        ("".into(), "empty", "apiUrl: is empty"),
        ("   ".into(), "empty", "apiUrl: is empty"),
        (format!("https://sipout.net/{}", "a".repeat(2100)), "too_long", "apiUrl: is 2119 bytes long, over the limit of 2048"),
        ("https://sipout.net/c2c?phone=".into(), "no_placeholder", "apiUrl: has no <номер телефона> placeholder (raw or percent-encoded)"),
        (format!("https://sipout.net/{p}?again={p}"), "several_placeholders", "apiUrl: has 2 <номер телефона> placeholders; only one is allowed"),
        (format!("https://sipout.net/{p}?again={ENCODED}"), "several_placeholders", "apiUrl: has 2 <номер телефона> placeholders; only one is allowed"),
        (format!("ftp://sipout.net/{p}"), "unsupported_scheme", "apiUrl: scheme \"ftp\" is not allowed; the URL must start with https:// or http://"),
        (format!("javascript:alert(1)//{p}"), "unsupported_scheme", "apiUrl: scheme \"javascript\" is not allowed; the URL must start with https:// or http://"),
        (format!("sipout.net/c2c?phone={p}"), "no_scheme", "apiUrl: must start with https:// or http://"),
        (format!("//sipout.net/c2c?phone={p}"), "no_scheme", "apiUrl: must start with https:// or http://"),
        (format!("https:/sipout.net/{p}"), "no_authority", "apiUrl: must have \"//\" and a host after the scheme"),
        (format!("https://user:pass@sipout.net/{p}"), "credentials", "apiUrl: holds a user name or password before the host; credentials must not be embedded in the URL"),
        (format!("https://user@sipout.net/{p}"), "credentials", "apiUrl: holds a user name or password before the host; credentials must not be embedded in the URL"),
        (format!("https:///{p}"), "invalid_host", "apiUrl: host is missing"),
        (format!("https://sipout..net/{p}"), "invalid_host", "apiUrl: host has an empty label (two dots, or a dot at the start)"),
        (format!("https://-sipout.net/{p}"), "invalid_host", "apiUrl: host has a label that starts or ends with '-'"),
        (format!("https://сипаут.рф/{p}"), "invalid_host", "apiUrl: host may hold only ASCII letters, digits, '-' and '.' (write an internationalised domain in its xn-- form)"),
        (format!("https://sipout%2Enet/{p}"), "invalid_host", "apiUrl: host may hold only ASCII letters, digits, '-' and '.' (write an internationalised domain in its xn-- form)"),
        (format!("https://0x7f.1/{p}"), "invalid_host", "apiUrl: host ends in a number but is not an IPv4 address a.b.c.d"),
        (format!("https://10.0.0.256/{p}"), "invalid_host", "apiUrl: host ends in a number but is not an IPv4 address a.b.c.d"),
        (format!("https://[zz::1]/{p}"), "invalid_host", "apiUrl: host in brackets is not an IPv6 address"),
        (format!("https://sipout.net:0/{p}"), "invalid_port", "apiUrl: port must be a number from 1 to 65535"),
        (format!("https://sipout.net:65536/{p}"), "invalid_port", "apiUrl: port must be a number from 1 to 65535"),
        (format!("https://sipout.net:/{p}"), "invalid_port", "apiUrl: port must be a number from 1 to 65535"),
        (format!("https://sipout.net/c2c?name=Иван&phone={p}"), "invalid_character", "apiUrl: character 'И' (U+0418) at position 29 is not allowed in a URL; percent-encode it"),
        (format!("https://sipout.net/c2c?a b&phone={p}"), "invalid_character", "apiUrl: character U+0020 at position 25 is not allowed in a URL; percent-encode it"),
        (format!("https://sipout.net\\@evil.ru/{p}"), "credentials", "apiUrl: holds a user name or password before the host; credentials must not be embedded in the URL"),
        (format!("https://sipout.net/c2c\\{p}"), "invalid_character", "apiUrl: character '\\' at position 23 is not allowed in a URL; percent-encode it"),
        (format!("https://sipout.net/c2c?phone={p}&x=%zz"), "invalid_percent_escape", "apiUrl: '%' at position 49 is not followed by two hex digits"),
        (format!("https://{p}.sipout.net/"), "placeholder_outside_path", "apiUrl: placeholder <номер телефона> at position 9 must be in the path or the query, not in the host or the fragment"),
        (format!("https://sipout.net/c2c#{p}"), "placeholder_outside_path", "apiUrl: placeholder <номер телефона> at position 24 must be in the path or the query, not in the host or the fragment"),
        (format!("https://sipout.net/{p}#a#b"), "invalid_character", "apiUrl: character '#' at position 38 is not allowed in a URL; percent-encode it"),
    ];
    for (url, reason, message) in cases {
        let e = callback_widget_request(&url, "89123456789").unwrap_err();
        assert_eq!(
            (e.code(), e.reason(), e.to_string().as_str()),
            ("invalid_widget_url", Some(reason), message),
            "{url}"
        );
    }
}

#[test]
fn widget_errors_do_not_quote_the_url() {
    let token = "tok_5f2b9e8d7c6a";
    let url = format!("https://sipout.net/c2c/{token}?phone=<номер телефона>&bad=\"");
    let e = callback_widget_request(&url, "89123456789").unwrap_err();
    assert!(!e.to_string().contains(token) && !format!("{e:?}").contains(token), "{e}");
    assert_eq!(e.reason(), Some("invalid_character"));
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use salebot_sipout::Phone;

    /// The placeholder with each byte of its UTF-8 raw or escaped (either hex case), a
    /// space also as `+`, letters in either case.
    fn spelled_placeholder(choices: &[u8]) -> String {
        let mut out = String::new();
        let mut choice = choices.iter().cycle();
        for c in "<номер телефона>".chars() {
            let upper = *choice.next().unwrap() % 2 == 0;
            let c = if upper { c.to_uppercase().next().unwrap() } else { c };
            let mut buf = [0; 4];
            let mode = *choice.next().unwrap() % 4;
            if c == ' ' && mode == 3 {
                out.push('+');
                continue;
            }
            match mode {
                0 => out.push(c),
                _ => {
                    for b in c.encode_utf8(&mut buf).bytes() {
                        let hex = if mode == 1 { format!("%{b:02X}") } else { format!("%{b:02x}") };
                        out.push_str(&hex);
                    }
                }
            }
        }
        out
    }

    proptest! {
        #[test]
        fn any_spelling_of_the_placeholder_is_found(choices in prop::collection::vec(any::<u8>(), 1..40),
                                                    national in 0u64..10_000_000_000,
                                                    prefix in "[a-z0-9/._~-]{0,20}",
                                                    suffix in "[a-z0-9=&/._~-]{0,20}") {
            let phone = Phone::from_national(national).unwrap();
            let url = format!("https://sipout.net/{prefix}?p={}{suffix}", spelled_placeholder(&choices));
            let request = callback_widget_request(&url, &phone.to_human()).unwrap();
            prop_assert_eq!(request.url, format!("https://sipout.net/{prefix}?p={phone}{suffix}"));
        }

        #[test]
        fn widget_never_panics_and_what_passes_is_clean(url in "\\PC{0,60}", tail in "[ -~]{0,30}") {
            for candidate in [url.clone(), format!("https://sipout.net/{url}<номер телефона>{tail}")] {
                if let Ok(request) = callback_widget_request(&candidate, "89123456789") {
                    prop_assert!(request.url.contains("79123456789"));
                    prop_assert!(request.url.bytes().all(|b| b.is_ascii_graphic()), "{}", request.url);
                }
            }
        }

        #[test]
        fn settings_never_panic(employees in prop::collection::vec(
                                    (prop::option::of("[0-9a-z ]{0,4}"),
                                     prop::sample::select(vec!["app", "sipout_api", "disabled", "x", ""]),
                                     prop::option::of("[0-9a ]{0,7}")), 0..6)) {
            let list: Vec<Value> = employees.iter().map(|(id, mode, ext)| json!({ "id": id, "callMode": mode, "extension": ext })).collect();
            let value = json!({ "apiKey": KEY, "employees": list });
            match validate_settings(&value.to_string()) {
                Ok(s) => {
                    // Valid settings read back to themselves through their revealed form.
                    let again = validate_settings(&common::json(&s.revealed())).unwrap();
                    prop_assert_eq!(&again, &s);
                    for e in s.employees() {
                        let action = phone_action(&s, e.id(), "89123456789").unwrap();
                        let kind = common::value(&action)["kind"].as_str().unwrap().to_string();
                        let want = match e.call_mode() { CallMode::App => "link", CallMode::SipoutApi => "request", CallMode::Disabled => "hidden" };
                        prop_assert_eq!(kind, want);
                    }
                }
                Err(e) => prop_assert!(!e.to_string().contains(KEY)),
            }
        }
    }
}
