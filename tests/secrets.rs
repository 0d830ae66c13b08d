//! Secrets in native output: the SipOut API key and the CRM credentials never show in a
//! `Debug` print, an error's message, or serialised settings, whatever the input; only the
//! requests that need them carry them (their own `Debug` masks them too).

// The tests hold the crate's JSON to serde_json's, through the `serde` feature.
#![cfg(feature = "serde")]

mod common;

use salebot_sipout::crm::{crm_requests, CrmSettings, CrmState};
use salebot_sipout::{build_notifications, parse_webhook, phone_action, validate_settings, NotificationOptions};

const KEY: &str = "sk_live_Q7vT2mZx9pLw4RkY";
const AMO_TOKEN: &str = "amo.Kd83hQ1zX0pLmNbV7";
const HOOK_TOKEN: &str = "hk9Wq2Zr5Tx8Pm3Ly";

/// Fails if `text` holds 8 characters in a row of any secret.
fn clean(what: &str, text: &str) {
    for secret in [KEY, AMO_TOKEN, HOOK_TOKEN] {
        for piece in secret.as_bytes().windows(8) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!text.contains(piece), "{what} shows {piece:?} of a secret: {text}");
        }
    }
}

fn crm_json() -> String {
    format!(
        r#"{{"amocrm":{{"enabled":true,"baseUrl":"https://acme.amocrm.ru","accessToken":"{AMO_TOKEN}","responsibleUserId":3}},
           "bitrix24":{{"enabled":true,"webhookUrl":"https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/","showCard":true}}}}"#
    )
}

fn settings_json(api_key: &str, employees: &str, crm: &str) -> String {
    format!(r#"{{"apiKey":"{api_key}","employees":{employees},"messengers":["whatsapp"],"crm":{crm}}}"#)
}

const EMPLOYEES: &str = r#"[{"id":1,"name":"Анна","callMode":"sipout_api","extension":"101"}]"#;

#[test]
fn settings_debug_serialised_and_errors_show_no_secret() {
    let settings = validate_settings(&settings_json(KEY, EMPLOYEES, &crm_json())).unwrap();
    clean("Settings Debug", &format!("{settings:?}"));
    clean("Settings Debug, pretty", &format!("{settings:#?}"));
    clean("Settings serialised", &common::json(&settings));
    let revealed = common::json(&settings.revealed());
    assert!(
        revealed.contains(KEY) && revealed.contains(AMO_TOKEN) && revealed.contains(HOOK_TOKEN),
        "revealed: {revealed}"
    );

    let bad_keys = [format!("{KEY} x"), format!("{KEY}é"), format!("*{KEY}"), KEY.repeat(6), format!("\\n{KEY}")];
    let bad_employees = [
        r#"[{"id":1,"callMode":"nope"}]"#,
        r#"[{"id":1,"callMode":"app","extension":"1"},{"id":1}]"#,
        r#"{"a":1}"#,
        r#"[{"id":1,"name":5}]"#,
    ];
    let mut errors = Vec::new();
    for key in &bad_keys {
        // (White space around a key is dropped: that one is accepted.)
        errors.extend(validate_settings(&settings_json(key, EMPLOYEES, &crm_json())).err());
    }
    assert!(errors.len() >= 4);
    for employees in bad_employees {
        errors.push(validate_settings(&settings_json(KEY, employees, &crm_json())).unwrap_err());
    }
    errors.push(validate_settings(&format!(r#"{{"apiKey":"{KEY}","extra":1}}"#)).unwrap_err());
    errors.push(validate_settings(&format!(r#"{{"apiKey":"{KEY}""#)).unwrap_err());
    errors.push(validate_settings(&settings_json(KEY, EMPLOYEES, r#"{"a":1.5}"#)).unwrap_err());
    for e in &errors {
        clean("a settings error", &format!("{e} {e:?}"));
    }
}

#[test]
fn requests_carry_secrets_only_inside_and_debug_masks_them() {
    let settings = validate_settings(&settings_json(KEY, EMPLOYEES, &crm_json())).unwrap();
    let action = phone_action(&settings, "1", "89123456789").unwrap();
    clean("PhoneAction Debug", &format!("{action:?}"));
    let revealed = common::json(&action.revealed());
    assert!(revealed.contains(&format!("Bearer {KEY}")), "the request carries the key: {revealed}");
    clean("PhoneAction serialised", &common::json(&action));
    for bad in ["2", "x", ""] {
        if let Err(e) = phone_action(&settings, bad, "89123456789") {
            clean("a calling error", &format!("{e} {e:?}"));
        }
    }

    let crm = CrmSettings::from_json(&crm_json()).unwrap();
    clean("CrmSettings Debug", &format!("{crm:?}"));
    let event = parse_webhook(
        br#"{"call_id":"c","event":"dial","direction":"in","phone":"89123456789","extension":"101"}"#,
        None,
    )
    .unwrap();
    let notes = build_notifications(&event, &NotificationOptions::default());
    let requests = crm_requests(&event, &notes, &crm, &CrmState::default()).unwrap();
    assert!(!requests.is_empty());
    for r in &requests {
        clean("HttpRequest Debug", &format!("{r:?} {r:#?}"));
    }
    for bad in [
        format!(r#"{{"amocrm":{{"enabled":true,"baseUrl":"http://acme.amocrm.ru","accessToken":"{AMO_TOKEN}"}}}}"#),
        format!(r#"{{"amocrm":{{"enabled":true,"baseUrl":"https://acme.amocrm.ru","accessToken":"{AMO_TOKEN} x"}}}}"#),
        format!(r#"{{"bitrix24":{{"enabled":true,"webhookUrl":"http://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/"}}}}"#),
        format!(
            r#"{{"bitrix24":{{"enabled":true,"webhookUrl":"https://u:{HOOK_TOKEN}@acme.bitrix24.ru/rest/7/{HOOK_TOKEN}/"}}}}"#
        ),
        format!(r#"{{"bitrix24":{{"enabled":true,"webhookUrl":"https://acme.bitrix24.ru/rest/7/{HOOK_TOKEN}é/"}}}}"#),
        format!(r#"{{"bitrix24":{{"enabled":true,"webhookUrl":"https://acme.bitrix24.ru/rest/x/{HOOK_TOKEN}/"}}}}"#),
        format!(r#"{{"amocrm":{{"accessToken":"{AMO_TOKEN}","extra":"{AMO_TOKEN}"}}}}"#),
    ] {
        if let Err(e) = CrmSettings::from_json(&bad) {
            clean("a CRM settings error", &format!("{e} {e:?}"));
        }
    }
}
