//! Form bodies and query strings: `a=1&b=2`, `?a=1`, or a whole URL `https://…/hook?a=1#x`.

use std::borrow::Cow;

/// Calls `pair` with each decoded key and value, in order. A key without `=` has an empty
/// value.
pub(crate) fn read_pairs<'a>(text: &'a str, mut pair: impl FnMut(Cow<'a, str>, Cow<'a, str>)) {
    let is_url = ["http://", "https://"].iter().any(|p| text.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)))
        || text.starts_with('/');
    let query = if is_url {
        let query = text.split_once('?').map_or("", |(_, q)| q);
        query.split_once('#').map_or(query, |(q, _)| q)
    } else {
        text.strip_prefix('?').unwrap_or(text)
    };
    for item in query.split('&') {
        let (key, value) = item.split_once('=').unwrap_or((item, ""));
        pair(percent_decode(key), percent_decode(value));
    }
}

/// Decodes `+` and `%XX` as forms encode them; a `%` not followed by two hex digits stays
/// as it is, and bytes that do not make UTF-8 become U+FFFD (as `URLSearchParams` does).
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                // `i` is below the length of the text: the additions cannot wrap.
                let high = bytes.get(i.wrapping_add(1)).and_then(|&h| hex_value(h));
                let low = bytes.get(i.wrapping_add(2)).and_then(|&l| hex_value(l));
                if let (Some(h), Some(l)) = (high, low) {
                    out.push(h << 4 | l);
                    i = i.wrapping_add(3);
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(b),
        }
        i = i.wrapping_add(1);
    }
    match String::from_utf8(out) {
        Ok(text) => Cow::Owned(text),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        read_pairs(text, |k, v| out.push((k.into_owned(), v.into_owned())));
        out
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a+b%20c"), "a b c");
        assert_eq!(percent_decode("%D0%9F%D1%80%D0%B8"), "При");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert!(matches!(percent_decode("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn shapes() {
        let want = vec![("a".to_string(), "1".to_string()), ("b".to_string(), "x y".to_string())];
        assert_eq!(pairs("a=1&b=x+y"), want);
        assert_eq!(pairs("?a=1&b=x%20y"), want);
        assert_eq!(pairs("https://host/hook?a=1&b=x+y#frag"), want);
        assert_eq!(pairs("/hook?a=1&b=x+y"), want);
        assert_eq!(pairs("a"), vec![("a".to_string(), String::new())]);
        assert_eq!(pairs("a=1=2"), vec![("a".to_string(), "1=2".to_string())]);
        assert_eq!(pairs("https://host/hook"), vec![(String::new(), String::new())]);
    }
}
