//! Notification texts as CRMs get them: plain text that cannot turn into markup.
//!
//! A Telephony notification's text is written for the HTML of Salebot's operator UI: the
//! text that came from outside (the conversation, names) is HTML-escaped there. A CRM note
//! or comment is plain text, so the five entities that escaping writes (`&amp;` `&lt;` `&gt;`
//! `&quot;` `&#39;`) are decoded back, and then nothing is left to the CRM's own escaping,
//! which the module cannot see:
//! - `<` and `>` become `‹` and `›` (U+2039, U+203A), so no HTML tag can form whether the
//!   CRM escapes the text or renders it as HTML;
//! - for Bitrix24, which renders BB-code (`[url=…]`, `[USER=…]`) in comments and
//!   notifications, `[` and `]` become `［` and `］` (U+FF3B, U+FF3D);
//! - line breaks become `\n`; other control characters and the bidirectional-text controls
//!   (which can make a text read differently from what it holds) are dropped.
//!
//! `&` stays as it is: without `<` it cannot start markup, and a text that mentions `&lt;`
//! shows just that.

use super::request::Target;

/// The text of a notification (HTML-escaped, as `build_notifications` writes it) as plain,
/// markup-free text for `target`.
pub fn crm_text(escaped: &str, target: Target) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped;
    while let Some(c) = rest.chars().next() {
        let (c, len) = if c == '&' { decode_entity(rest) } else { (c, c.len_utf8()) };
        rest = rest.get(len..).unwrap_or_default();
        match c {
            '\r' => {
                out.push('\n');
                if rest.starts_with('\n') {
                    rest = rest.get(1..).unwrap_or_default();
                }
            }
            '\n' | '\t' => out.push(c),
            '<' => out.push('\u{2039}'),
            '>' => out.push('\u{203A}'),
            '[' if target == Target::Bitrix24 => out.push('\u{FF3B}'),
            ']' if target == Target::Bitrix24 => out.push('\u{FF3D}'),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The character an entity at the start of `text` stands for and the entity's length; `&`
/// alone for anything but the five that HTML escaping writes.
fn decode_entity(text: &str) -> (char, usize) {
    for (entity, c) in [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')] {
        if text.starts_with(entity) {
            return (c, entity.len());
        }
    }
    ('&', 1)
}

/// The characters that change the direction of text around them (embeddings, overrides,
/// isolates, marks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notification::escape_html;

    #[test]
    fn escaping_is_undone_and_markup_cannot_form() {
        let outside = r#"<script>alert("x")</script> Tom & 'Jerry' [url=https://evil]x[/url] &lt;b&gt;"#;
        let escaped = escape_html(outside);
        assert_eq!(
            crm_text(&escaped, Target::Amocrm),
            "‹script›alert(\"x\")‹/script› Tom & 'Jerry' [url=https://evil]x[/url] &lt;b&gt;"
        );
        assert_eq!(
            crm_text(&escaped, Target::Bitrix24),
            "‹script›alert(\"x\")‹/script› Tom & 'Jerry' ［url=https://evil］x［/url］ &lt;b&gt;"
        );
    }

    #[test]
    fn controls_and_line_breaks() {
        assert_eq!(crm_text("a\r\nb\rc\nd\te\u{0}f\u{7f}g\u{85}h", Target::Amocrm), "a\nb\nc\nd\tefgh");
        assert_eq!(crm_text("abc\u{202E}fed\u{2066}x\u{200F}", Target::Amocrm), "abcfedx");
        assert_eq!(crm_text("Привет, мир", Target::Bitrix24), "Привет, мир");
        assert_eq!(crm_text("&", Target::Amocrm), "&");
        assert_eq!(crm_text("&am", Target::Amocrm), "&am");
        assert_eq!(crm_text("", Target::Amocrm), "");
    }
}
