//! The callback widget URL check on arbitrary input: no panic; what is accepted is an
//! http(s) URL with no credentials, the phone where the placeholder was, and nothing left
//! that is not plain printable ASCII.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::callback_widget_request;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The input as it is, and inside a well-formed URL so that the fuzzer reaches the
    // path, the query and the placeholder.
    let candidates = [
        text.to_string(),
        format!("https://sipout.net/c2c/{text}"),
        format!("https://sipout.net/c2c?phone=<номер телефона>{text}"),
    ];
    for url in &candidates {
        match callback_widget_request(url, "+7 912 345-67-89") {
            Ok(request) => {
                assert_eq!(request.method, "GET");
                let out = &request.url;
                let lower = out.to_ascii_lowercase();
                assert!(lower.starts_with("https://") || lower.starts_with("http://"), "{out}");
                assert!(out.contains("79123456789"), "{out}");
                assert!(out.bytes().all(|b| b.is_ascii_graphic()), "{out}");
                let authority = out.split_once("//").map(|(_, rest)| rest).unwrap_or_default();
                let authority = authority.split(['/', '?', '#']).next().unwrap_or_default();
                assert!(!authority.contains('@'), "{out}");
                // Checked again, the result is a sound URL with the placeholder used up.
                let again = callback_widget_request(out, "89123456789").unwrap_err();
                assert_eq!(again.reason(), Some("no_placeholder"), "{out}: {again}");
            }
            Err(e) => {
                assert_eq!(e.code(), "invalid_widget_url", "{e}");
                assert!(e.to_string().len() < 300, "a short message: {e}");
            }
        }
    }
});
