//! Block builders: the manifest, and the dispatcher giving for every action exactly what
//! the direct core call gives; calls that do not fit the manifest are coded errors naming
//! the action and the parameter.

// The tests hold the crate's JSON to serde_json's, through the `serde` feature.
#![cfg(feature = "serde")]

mod common;

use std::collections::BTreeSet;

use salebot_sipout::block::{self, envelope, ValueType, MAX_ARGS_BYTES};
use salebot_sipout::crm::{crm_requests, CrmSettings, CrmState};
use salebot_sipout::deal::VARIABLE_NAMES;
use salebot_sipout::json_writer::WriteJson;
use salebot_sipout::matching::{self, ClientMatcher, MatchStep, Project, Row};
use salebot_sipout::notification::{CALLBACK_BUSY, CALLBACK_MISSED, CALLBACK_SUCCESS, CALLBACK_TEXT};
use salebot_sipout::phone;
use salebot_sipout::webhook::{self, Handled};
use salebot_sipout::{
    build_notifications, callback_widget_request, phone_action, run_block_action, validate_settings, BlockError,
    DealVariables, Error, Locale, NotificationOptions, ParsedPhone,
};
use serde::Serialize;
use serde_json::{json, Value};

const GOLDEN: &str = include_str!("fixtures/phones.tsv");
const KEY: &str = "sk_live_9fA3kQ2mZx7LpW4tR8";
const COMPLETE: &str = r#"{"call_id":"sip-42","event":"complete","direction":"in","caller":"8 (912) 345-67-89","called_did":"+7 495 123-45-67","extension":101,"disposition":"ANSWERED","duration":"65","billsec":58,"recording_url":"https://rec.sipout.net/r/sip-42.mp3?k=1&t=2","timestamp":1732633200}"#;
const WIDGET: &str = "https://sipout.net/api/widget/c2c/5f2b9e?phone=<номер телефона>";

/// An action's outcome through the dispatcher, its result parsed.
fn run(name: &str, args: &Value) -> Result<Value, Error> {
    run_block_action(name, &args.to_string()).map(|text| serde_json::from_str(&text).unwrap())
}

/// A direct call's outcome as the dispatcher's is compared with it.
fn direct<T: Serialize + WriteJson>(result: Result<T, impl Into<Error>>) -> Result<Value, Error> {
    result.map(|v| common::value(&v)).map_err(Into::into)
}

/// Asserts the dispatcher gives what the direct call gives, and notes the action as covered.
fn same(covered: &mut BTreeSet<&'static str>, name: &'static str, args: Value, want: Result<Value, Error>) {
    assert_eq!(run(name, &args), want, "{name} {args}");
    covered.insert(name);
}

fn settings() -> Value {
    json!({
        "apiKey": KEY,
        "employees": [
            { "id": "1", "name": "Анна", "callMode": "sipout_api", "extension": "101" },
            { "id": "2", "callMode": "app" },
            { "id": "3", "callMode": "disabled" },
        ],
        "messengers": ["whatsapp"],
    })
}

fn block_error(result: Result<Value, Error>) -> BlockError {
    match result {
        Err(Error::Block(e)) => e,
        other => panic!("expected a block error, got {other:?}"),
    }
}

#[test]
fn every_action_gives_what_its_core_function_gives() {
    let mut covered = BTreeSet::new();
    let c = &mut covered;
    for line in GOLDEN.lines().filter(|l| !l.starts_with('#')) {
        let (input, _) = line.rsplit_once('\t').unwrap();
        same(c, "phone.normalize", json!({ "input": input }), direct(phone::normalize(input)));
        same(c, "phone.parse", json!({ "input": input }), direct(ParsedPhone::parse(input)));
        same(c, "phone.format", json!({ "input": input }), direct(phone::format(input)));
    }
    for text in ["Иван, 8 912 345-67-89 или +7 495 123 45 67", "89123456789, снова 8 (912) 345-67-89", "", "15.01.2024"]
    {
        let want = phone::find_phones(text).map(|p| p.iter().map(ToString::to_string).collect::<Vec<_>>());
        same(c, "phone.find", json!({ "text": text }), direct(want));
    }

    let bodies: [(&str, Option<&str>); 6] = [
        (COMPLETE, None),
        (COMPLETE, Some("application/json")),
        ("call_id=1&action=dial&direction=in&phone=%2B7+912+345-67-89", None),
        ("call_id=1&action=dial&direction=in", None),
        ("{\"call_id\":", Some("application/json")),
        ("a=1", Some("multipart/form-data; boundary=x")),
    ];
    for (body, content_type) in bodies {
        let args = json!({ "body": body, "contentType": content_type });
        same(c, "webhook.parse", args, direct(webhook::parse(body.as_bytes(), content_type)));
    }

    let event = webhook::parse(COMPLETE.as_bytes(), None).unwrap();
    let event_json = common::value(&event);
    let previous = json!({ "call_id": "sip-42", "call_action": "dial", "call_did": "78001234567" });
    let prev = DealVariables::read_previous(&previous.to_string()).unwrap();
    for (locale, name) in [(Locale::Ru, Some("Анна")), (Locale::En, None)] {
        let options = NotificationOptions { locale, employee_name: name.map(str::to_string) };
        let locale = if locale == Locale::En { "en" } else { "ru" };
        let want = direct(Ok::<_, Error>(Handled::of(&event, &prev, &options)));
        let args = json!({ "body": COMPLETE, "previous": previous, "locale": locale, "employeeName": name });
        same(c, "webhook.handle", args, want);
        let want = direct(Ok::<_, Error>(build_notifications(&event, &options)));
        same(c, "notification.build", json!({ "event": event_json, "locale": locale, "employeeName": name }), want);
    }
    same(c, "webhook.handle", json!({ "body": "" }), Err(webhook::parse(b"", None).unwrap_err().into()));

    for previous in [json!(null), previous.clone(), json!({ "call_id": "other", "call_status": "Busy" })] {
        let prev = match &previous {
            Value::Null => DealVariables::default(),
            p => DealVariables::read_previous(&p.to_string()).unwrap(),
        };
        let want = direct(Ok::<_, Error>(prev.merge(&event)));
        same(c, "deal.variables", json!({ "event": event_json, "previous": previous }), want);
    }
    let bad = json!({ "callId": "c1", "action": "dial" });
    same(c, "deal.variables", json!({ "event": bad }), Err(webhook::parse_event(&bad.to_string()).unwrap_err()));

    let rows = json!([
        { "id": "b", "variables": { "name": "Пётр" } },
        { "id": "c", "variables": { "contact": "Иван 8 912 345-67-89" } },
    ]);
    let telephony = json!([{ "id": "t1", "channel": "telephony", "phone": "74951234567" }]);
    for project in [json!({ "messengers": [] }), json!({ "messengers": ["telegram", "WhatsApp"] })] {
        for (t, v) in [(telephony.clone(), rows.clone()), (json!([]), json!([])), (telephony.clone(), json!([]))] {
            let p = Project::from_json(&project.to_string(), "project").unwrap();
            let t_rows = Row::list_from_json(&t.to_string(), "telephonyRows").unwrap();
            let v_rows = Row::list_from_json(&v.to_string(), "variableRows").unwrap();
            let want = direct(matching::decide("8 912 345-67-89", p.clone(), &t_rows, &v_rows));
            // The same decision as the step-by-step matcher that ClientMatcher exports.
            let mut matcher = ClientMatcher::new("8 912 345-67-89", p).unwrap();
            matcher.next_step();
            matcher.answer(&t_rows, false).unwrap();
            if matcher.decision().is_none() {
                matcher.next_step();
                assert!(matches!(matcher.answer(&v_rows, false).unwrap(), MatchStep::Done(_)));
            }
            assert_eq!(want, direct(Ok::<_, Error>(matcher.decision().unwrap())));
            let args = json!({ "phone": "8 912 345-67-89", "project": project, "telephonyRows": t, "variableRows": v });
            same(c, "matching.decide", args, want);
        }
    }
    let p = Project::new(Vec::<String>::new());
    same(
        c,
        "matching.decide",
        json!({ "phone": "n/a", "project": { "messengers": [] } }),
        direct(matching::decide("n/a", p, &[], &[])),
    );

    let s = validate_settings(&settings().to_string()).unwrap();
    for (employee, phone) in
        [("1", "89123456789"), ("2", "+7 495 123 45 67 доб. 12"), ("3", "89123456789"), ("42", "8912"), ("1", "n/a")]
    {
        let want = phone_action(&s, employee, phone).map(|a| common::value(&a.revealed()));
        same(
            c,
            "calling.phone_action",
            json!({ "settings": settings(), "employeeId": employee, "phone": phone }),
            want,
        );
    }
    let short = json!({ "apiKey": "short" });
    let want = Err(validate_settings(&short.to_string()).unwrap_err().into());
    same(c, "calling.phone_action", json!({ "settings": short, "employeeId": "1", "phone": "89123456789" }), want);
    for (url, phone) in [(WIDGET, "+7 (912) 345-67-89"), ("https://sipout.net/c2c", "89123456789"), (WIDGET, "12345")] {
        same(
            c,
            "widget.callback_request",
            json!({ "apiUrl": url, "phone": phone }),
            direct(callback_widget_request(url, phone)),
        );
    }

    let crm = json!({
        "amocrm": { "enabled": true, "baseUrl": "https://acme.amocrm.ru", "accessToken": "amo.secret.token.5f1e",
                    "responsibleUserId": 3, "entity": { "type": "leads", "id": 5 } },
        "bitrix24": { "enabled": true, "webhookUrl": "https://acme.bitrix24.ru/rest/7/hooksecret4k9x2q/" },
    });
    let notes = build_notifications(&event, &NotificationOptions::default());
    let notes_json = common::value(&notes);
    let settings_crm = CrmSettings::from_json(&crm.to_string()).unwrap();
    for state in [json!(null), json!({ "bitrixCallId": "c1" }), json!({ "bitrixCallId": "a b" })] {
        let want = match &state {
            Value::Null => Ok(CrmState::default()),
            s => CrmState::from_json(&s.to_string()),
        }
        .and_then(|st| crm_requests(&event, &notes, &settings_crm, &st));
        let args = json!({ "event": event_json, "notifications": notes_json, "crm": crm, "state": state });
        same(c, "crm.requests", args, direct(want));
    }
    let bad = json!({ "amocrm": { "enabled": true, "baseUrl": "http://acme.amocrm.ru" } });
    let want = Err(CrmSettings::from_json(&bad.to_string()).unwrap_err().into());
    same(c, "crm.requests", json!({ "event": event_json, "notifications": [], "crm": bad }), want);

    let all: BTreeSet<&str> = block::actions().iter().map(|a| a.name).collect();
    assert_eq!(covered, all, "every action is tested");
}

#[test]
fn the_phone_action_request_carries_the_key_for_sending() {
    let got =
        run("calling.phone_action", &json!({ "settings": settings(), "employeeId": "1", "phone": "89123456789" }));
    let got = got.unwrap();
    assert_eq!(got["kind"], "request");
    assert_eq!(got["request"]["headers"]["Authorization"], format!("Bearer {KEY}"));
    assert_eq!(got["request"]["body"], r#"{"from":"101","to":"79123456789"}"#);
}

#[test]
fn calls_that_do_not_fit_the_manifest_name_the_action_and_the_parameter() {
    let cases: [(&str, &str, &str, Option<&str>, &str); 14] = [
        (
            "phone.normalise",
            r#"{"input":"1"}"#,
            "unknown_action",
            None,
            r#""phone.normalise": not an action of this module (the manifest lists them)"#,
        ),
        (
            "phone.normalize",
            "{}",
            "missing_parameter",
            Some("input"),
            "phone.normalize: input: missing; expected a string",
        ),
        (
            "phone.normalize",
            r#"{"input":null}"#,
            "wrong_type",
            Some("input"),
            "phone.normalize: input: expected a string, got null",
        ),
        (
            "phone.normalize",
            r#"{"input":7}"#,
            "wrong_type",
            Some("input"),
            "phone.normalize: input: expected a string, got a number",
        ),
        (
            "phone.normalize",
            r#"{"input":["1"]}"#,
            "wrong_type",
            Some("input"),
            "phone.normalize: input: expected a string, got an array",
        ),
        (
            "phone.normalize",
            r#"{"input":"1","input":"2"}"#,
            "duplicate_parameter",
            Some("input"),
            "phone.normalize: input: given more than once",
        ),
        (
            "phone.normalize",
            r#"{"input":"1","in\nput":true}"#,
            "unknown_parameter",
            Some("in\nput"),
            r#"phone.normalize: "in\nput": not a parameter; expected input"#,
        ),
        (
            "deal.variables",
            r#"{"event":"dial"}"#,
            "wrong_type",
            Some("event"),
            "deal.variables: event: expected an object, got a string",
        ),
        (
            "deal.variables",
            r#"{"previous":{}}"#,
            "missing_parameter",
            Some("event"),
            "deal.variables: event: missing; expected an object",
        ),
        (
            "matching.decide",
            r#"{"phone":"1","project":{},"variableRows":{}}"#,
            "wrong_type",
            Some("variableRows"),
            "matching.decide: variableRows: expected an array, got an object",
        ),
        (
            "webhook.handle",
            r#"{"body":"x","locale":"fr"}"#,
            "invalid_value",
            Some("locale"),
            r#"webhook.handle: locale: "fr": expected one of "ru", "en""#,
        ),
        (
            "phone.normalize",
            r#"["1"]"#,
            "not_object",
            None,
            "phone.normalize: arguments: expected a JSON object, got an array",
        ),
        ("phone.normalize", "", "not_json", None, "phone.normalize: arguments: not JSON: unexpected end at byte 0"),
        (
            "phone.normalize",
            r#"{"input":"1"} x"#,
            "not_json",
            None,
            "phone.normalize: arguments: not JSON: unexpected text after the value at byte 14",
        ),
    ];
    for (name, args, reason, parameter, message) in cases {
        let error = run_block_action(name, args).unwrap_err();
        assert_eq!(error.code(), "invalid_block_call", "{name} {args}");
        assert_eq!(error.reason(), Some(reason), "{name} {args}");
        assert_eq!(error.to_string(), message, "{name} {args}");
        let Error::Block(e) = error else { unreachable!() };
        assert_eq!(e.action(), name);
        assert_eq!(e.parameter_name(), parameter);
    }
    // The first problem in the text's order is the one reported; missing ones come after.
    let e = block_error(run("webhook.parse", &json!({ "contentType": 1, "extra": 2 })));
    assert_eq!((e.reason(), e.parameter_name()), ("wrong_type", Some("contentType")));
    // A locale in any case, as the direct exports take it.
    assert!(run("notification.build", &json!({ "event": {}, "locale": "EN" }))
        .is_err_and(|e| e.code() == "invalid_argument"));
    // Too large, and names cut in errors.
    let huge = format!(r#"{{"body":"{}"}}"#, "x".repeat(MAX_ARGS_BYTES));
    let e = block_error(run_block_action("webhook.parse", &huge).map(|_| Value::Null));
    assert_eq!(e.reason(), "too_large");
    let long = "x".repeat(500);
    let e = block_error(run(&long, &json!({})));
    assert_eq!(e.action().chars().count(), 64);
    assert!(e.to_string().len() < 120, "{e}");
}

#[test]
fn values_are_never_quoted_in_errors_but_for_a_listed_one() {
    // The API key given in the wrong place stays out of the message.
    for args in [
        json!({ "settings": KEY, "employeeId": "1", "phone": "1" }),
        json!({ "settings": settings(), "employeeId": ["x"], KEY: "1", "phone": "1" }),
    ] {
        let e = run("calling.phone_action", &args).unwrap_err();
        assert_eq!(e.code(), "invalid_block_call");
        if e.reason() == Some("unknown_parameter") {
            continue; // the key is a name here, the caller's own
        }
        assert!(!e.to_string().contains(KEY), "{e}");
    }
    let e =
        run("calling.phone_action", &json!({ "settings": settings(), "employeeId": "1", "phone": KEY })).unwrap_err();
    assert!(!e.to_string().contains(KEY), "{e}");
}

#[test]
fn the_manifest() {
    let actions = block::actions();
    let names: Vec<&str> = actions.iter().map(|a| a.name).collect();
    assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len(), "unique names");
    for required in [
        "phone.normalize",
        "phone.find",
        "phone.format",
        "webhook.parse",
        "deal.variables",
        "notification.build",
        "matching.decide",
        "calling.phone_action",
        "widget.callback_request",
    ] {
        assert!(block::find(required).is_some(), "{required}");
    }
    for action in actions {
        let (concept, verb) = action.name.split_once('.').unwrap();
        for word in [concept, verb] {
            assert!(!word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", action.name);
        }
        for text in [action.title, action.description, action.result.description] {
            assert!(!text.ru.is_empty() && !text.en.is_empty() && text.ru != text.en, "{}", action.name);
        }
        assert!(!action.params.is_empty());
        for p in action.params {
            assert!(p.name.bytes().all(|b| b.is_ascii_alphabetic()), "{}.{}", action.name, p.name);
            assert!(!p.description.ru.is_empty() && !p.description.en.is_empty());
            assert!(p.values.is_empty() || p.kind == ValueType::String);
        }
        assert!(!action.result.shape.is_empty());
    }
    assert_eq!(block::find("deal.variables").unwrap().result.fields, &VARIABLE_NAMES);
    let callbacks: Vec<&str> = block::callbacks().iter().map(|c| c.name).collect();
    assert_eq!(callbacks, [CALLBACK_SUCCESS, CALLBACK_BUSY, CALLBACK_MISSED, CALLBACK_TEXT]);

    for locale in [Locale::Ru, Locale::En] {
        let manifest: Value = serde_json::from_str(&block::manifest_json(locale)).unwrap();
        let listed: Vec<&str> =
            manifest["actions"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
        assert_eq!(listed, names);
        assert_eq!(manifest["actions"], serde_json::from_str::<Value>(&block::actions_json(locale)).unwrap());
        assert_eq!(manifest["callbacks"], serde_json::from_str::<Value>(&block::callbacks_json(locale)).unwrap());
        assert_eq!(manifest["callbacks"].as_array().unwrap().len(), 4);
    }
    let en: Value = serde_json::from_str(&block::actions_json(Locale::En)).unwrap();
    assert_eq!(
        en[0],
        json!({
            "name": "phone.normalize",
            "title": "Normalise a phone",
            "description": "A phone in any spelling in canonical form: 11 digits starting with 7. Error invalid_phone if it is not a phone",
            "params": [{
                "name": "input",
                "type": "string",
                "required": true,
                "description": "A phone in any spelling: \"8 (912) 345-67-89\", \"+7 912 345 67 89 ext. 12\"",
            }],
            "result": { "type": "string", "shape": "string", "description": "The phone: \"79123456789\"" },
        })
    );
    let handle = en.as_array().unwrap().iter().find(|a| a["name"] == "webhook.handle").unwrap();
    assert_eq!(
        handle["params"][3],
        json!({
            "name": "locale", "type": "string", "required": false,
            "description": "The language of the texts: ru (the default) or en", "values": ["ru", "en"],
        })
    );
}

#[test]
fn the_envelope_of_the_c_abi() {
    assert_eq!(envelope::invoke(b"phone.normalize", br#"{"input":"8 912 345-67-89"}"#), r#"{"ok":"79123456789"}"#);
    let e: Value = serde_json::from_str(&envelope::invoke(b"phone.normalize", br#"{"input":"12"}"#)).unwrap();
    assert_eq!(e["error"]["code"], "invalid_phone");
    assert_eq!(e["error"]["reason"], "too_few_digits");
    assert_eq!(e["error"]["action"], "phone.normalize");
    assert!(e["error"].get("parameter").is_none());
    let e: Value = serde_json::from_str(&envelope::invoke(b"phone.normalize", b"{\"input\":\"\xff\"}")).unwrap();
    assert_eq!(e["error"]["reason"], "not_utf8");
    assert_eq!(e["error"]["message"], "phone.normalize: arguments: not UTF-8: invalid byte at offset 10");
    let e: Value = serde_json::from_str(&envelope::invoke(b"ph\xffone", b"{}")).unwrap();
    assert_eq!(e["error"]["reason"], "unknown_action");
    assert_eq!(e["error"]["action"], "ph\u{fffd}one");
    let e: Value = serde_json::from_str(&envelope::invoke(b"nope", b"\xff")).unwrap();
    assert_eq!(e["error"]["reason"], "unknown_action");
    let e: Value = serde_json::from_str(&envelope::invoke(b"deal.variables", b"{\"event\":{}}")).unwrap();
    assert_eq!(e["error"]["code"], "invalid_argument");
    assert!(e["error"].get("reason").is_none());
    let ru: Value = serde_json::from_str(&envelope::manifest(0)).unwrap();
    let en: Value = serde_json::from_str(&envelope::manifest(1)).unwrap();
    assert_eq!(ru["ok"], serde_json::from_str::<Value>(&block::manifest_json(Locale::Ru)).unwrap());
    assert_eq!(en["ok"], serde_json::from_str::<Value>(&block::manifest_json(Locale::En)).unwrap());
    let e: Value = serde_json::from_str(&envelope::manifest(7)).unwrap();
    assert_eq!(
        e,
        json!({ "error": { "code": "invalid_argument", "message": "locale: 7: expected 0 (ru) or 1 (en)" } })
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the bytes, the answer is one JSON object holding `ok` or a coded error.
        #[test]
        fn any_call_is_answered(name in prop::sample::select(vec!["phone.normalize", "webhook.handle", "matching.decide", "calling.phone_action", "x"]),
                                args in prop::collection::vec(any::<u8>(), 0..200)) {
            let answer: Value = serde_json::from_str(&envelope::invoke(name.as_bytes(), &args)).unwrap();
            let object = answer.as_object().unwrap();
            prop_assert_eq!(object.len(), 1);
            if let Some(error) = object.get("error") {
                prop_assert!(error["code"].is_string() && error["message"].is_string());
            } else {
                prop_assert!(object.contains_key("ok"));
            }
        }

        /// Arguments shaped like JSON objects with keys and values of every kind.
        #[test]
        fn any_object_is_checked(
            name in prop::sample::select(block::actions().iter().map(|a| a.name).collect::<Vec<_>>()),
            members in prop::collection::vec((
                prop::sample::select(vec!["input", "text", "body", "event", "previous", "locale", "phone", "project", "settings", "apiUrl", "employeeId", "x"]),
                prop_oneof![Just(json!(null)), Just(json!(1)), Just(json!("89123456789")), Just(json!({})), Just(json!([])), Just(json!("en"))],
            ), 0..6),
        ) {
            let text = format!("{{{}}}", members.iter().map(|(k, v)| format!("{:?}:{v}", k)).collect::<Vec<_>>().join(","));
            match run_block_action(name, &text) {
                Ok(json) => { serde_json::from_str::<Value>(&json).unwrap(); }
                Err(e) => prop_assert!(!e.code().is_empty() && !e.to_string().is_empty()),
            }
        }

        /// The dispatcher's phone actions are the core's on any text.
        #[test]
        fn phones_through_the_dispatcher(input in "[0-9+() .,-]{0,20}|\\PC{0,20}") {
            prop_assert_eq!(run("phone.normalize", &json!({ "input": input })), direct(phone::normalize(&input)));
            prop_assert_eq!(run("phone.format", &json!({ "input": input })), direct(phone::format(&input)));
        }
    }
}
