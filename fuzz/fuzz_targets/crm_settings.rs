//! CRM settings (and the state and Bitrix24 answers read by the same reader) on arbitrary
//! input: no panic; what is accepted is valid and builds requests that are https with JSON
//! bodies; a token never shows in Debug or in a refusal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::crm::{crm_requests, CrmSettings, CrmState, Target};
use salebot_sipout::notification::{build_notifications, NotificationOptions};
use salebot_sipout::webhook;

const EVENTS: [&str; 3] = [
    r#"{"call_id":"f1","event":"dial","direction":"in","phone":"79123456789","did":"74951234567","time":1732633200}"#,
    r#"{"call_id":"f1","event":"complete","direction":"out","phone":"79123456789","status":"BUSY","record":"https://r.ru/a.mp3"}"#,
    r#"{"call_id":"f1","event":"text","direction":"in","phone":"79123456789","text":"<b>[url=x]y[/url]</b>"}"#,
];

/// The secrets the input holds, if it is JSON: the amoCRM token and the webhook token.
fn secrets(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(t) = value.pointer("/amocrm/accessToken").and_then(|v| v.as_str()) {
        out.push(t.trim().trim_start_matches("Bearer ").trim().to_string());
    }
    if let Some(url) = value.pointer("/bitrix24/webhookUrl").and_then(|v| v.as_str()) {
        if let Some(rest) = url.split("/rest/").nth(1) {
            out.extend(rest.split('/').nth(1).map(str::to_string));
        }
    }
    // Only a secret long enough not to match by chance, and that the input holds nowhere
    // else (a refusal may quote an unknown key that happens to equal it).
    out.retain(|s| s.len() >= 12 && text.matches(s.as_str()).count() == 1);
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let secrets = secrets(&text);
    match CrmSettings::from_json(&text) {
        Ok(settings) => {
            let debug = format!("{settings:?}");
            for s in &secrets {
                assert!(!debug.contains(s.as_str()), "a secret in Debug: {debug}");
            }
            if let Some(a) = &settings.amocrm {
                assert!(a.base_url.as_str().starts_with("https://") && !a.base_url.as_str().contains('@'));
            }
            if let Some(b) = &settings.bitrix24 {
                assert!(b.webhook.origin().starts_with("https://"));
            }
            let state = CrmState { bitrix_call_id: Some("externalCall.1".into()), bitrix_entity: None };
            for body in EVENTS {
                let event = webhook::parse(body.as_bytes(), None).expect("a fixed event reads");
                let notes = build_notifications(&event, &NotificationOptions::default());
                for r in crm_requests(&event, &notes, &settings, &state).expect("within the limits") {
                    assert!(r.url().starts_with("https://"));
                    serde_json::from_str::<serde_json::Value>(r.body()).expect("a JSON body");
                    let debug = format!("{r:?}");
                    for s in &secrets {
                        assert!(!debug.contains(s.as_str()), "a secret in Debug: {debug}");
                    }
                    if r.target() == Target::Bitrix24 {
                        assert!(debug.contains("/***/"));
                    }
                }
            }
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_crm_settings");
            let message = e.to_string();
            assert!(message.starts_with(&format!("{}: ", e.field())), "{message}");
            for s in &secrets {
                // The secret may equal some of the message's own words ("…enabled: missing"):
                // it leaks only if the message changes with it.
                if message.contains(s.as_str()) {
                    let other = text.replacen(s.as_str(), &"Z".repeat(s.len()), 1);
                    let again = CrmSettings::from_json(&other).err().map(|e| e.to_string()).unwrap_or_default();
                    assert!(again.contains(s.as_str()), "a secret in a refusal: {message}");
                }
            }
        }
    }
    if let Err(e) = CrmState::from_json(&text) {
        assert_eq!(e.code(), "invalid_crm_state");
    }
    if let Err(e) = CrmState::from_register_answer(&text) {
        assert_eq!(e.code(), "invalid_crm_answer");
    }
});
