//! The notifications a call event gives (SPEC §4): Telephony notifications, which the bot
//! does not react to, with the call's data for people, and the callbacks the bot can react
//! to (`telephony_call_success`, `_busy`, `_missed`, `_text`).
//!
//! Texts are plain lines separated by `\n`, Russian unless English is asked for. They go
//! into the HTML of Salebot's operator UI, so every piece of text that came from outside
//! (the conversation, the employee's name, the extension, the link) is escaped for HTML;
//! what the module writes itself (phones through [`Phone::to_human`], durations, labels)
//! holds no markup.

use std::fmt::Write;

#[cfg(feature = "serde")]
use crate::event::{optional_phone_text, phone_text};
use crate::event::{Action, CallEvent, Direction, RecordLink, Status};
use crate::json_writer::{JsonWriter, WriteJson};
use crate::phone::Phone;
use crate::time::EventTime;

/// The language of the texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Locale {
    #[default]
    Ru,
    En,
}

impl Locale {
    /// `ru` or `en`, in any case.
    pub fn parse(text: &str) -> Option<Locale> {
        if text.eq_ignore_ascii_case("ru") {
            Some(Locale::Ru)
        } else if text.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// [`Locale::parse`], or what is wrong with the text.
    pub fn read(text: &str) -> Result<Locale, String> {
        Locale::parse(text).ok_or_else(|| format!("{}: expected \"ru\" or \"en\"", crate::phone::Quoted::new(text)))
    }
}

/// `"ru"`, `"en"`.
impl WriteJson for Locale {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(match self {
            Locale::Ru => "ru",
            Locale::En => "en",
        });
    }
}

/// What the host tells about how to write the notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationOptions {
    pub locale: Locale,
    /// The name of the employee whose extension took or made the call.
    pub employee_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum NotificationKind {
    /// A Telephony notification: call data for people; the bot does not react to it.
    Telephony,
    /// An ordinary notification whose text is a callback the bot may react to.
    Callback,
}

/// `"telephony"`, `"callback"`.
impl WriteJson for NotificationKind {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(match self {
            NotificationKind::Telephony => "telephony",
            NotificationKind::Callback => "callback",
        });
    }
}

/// The callback of an ended call with each status, and of a conversation text.
pub const CALLBACK_SUCCESS: &str = "telephony_call_success";
pub const CALLBACK_BUSY: &str = "telephony_call_busy";
pub const CALLBACK_MISSED: &str = "telephony_call_missed";
pub const CALLBACK_TEXT: &str = "telephony_call_text";

/// One notification for the host to send.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Notification<'a> {
    pub kind: NotificationKind,
    pub text: String,
    /// The call's data, on Telephony notifications.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub data: Option<CallData<'a>>,
}

/// The call's data as a Telephony notification carries it: the event without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CallData<'a> {
    pub call_id: &'a str,
    pub action: Action,
    pub direction: Direction,
    #[cfg_attr(feature = "serde", serde(serialize_with = "phone_text"))]
    pub phone: Phone,
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", serialize_with = "optional_phone_text")
    )]
    pub did: Option<Phone>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub extension: Option<&'a str>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub status: Option<Status>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub total_duration_sec: Option<u32>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub talk_duration_sec: Option<u32>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub record_link: Option<&'a RecordLink>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub time: Option<EventTime>,
}

/// `{"kind", "text", "data"?}`.
impl WriteJson for Notification<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("kind", &self.kind);
        w.field_str("text", &self.text);
        w.optional("data", self.data.as_ref());
        w.end_object();
    }
}

/// `{"callId", "action", "direction", "phone", "did"?, "extension"?, "status"?,
/// "totalDurationSec"?, "talkDurationSec"?, "recordLink"?, "time"?}`: the event's members
/// but `statusRaw`, `text` and `dedupKey`.
impl WriteJson for CallData<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("callId", self.call_id);
        w.field("action", &self.action);
        w.field("direction", &self.direction);
        w.field("phone", &self.phone);
        w.optional("did", self.did.as_ref());
        w.optional_str("extension", self.extension);
        w.optional("status", self.status.as_ref());
        w.optional("totalDurationSec", self.total_duration_sec.as_ref());
        w.optional("talkDurationSec", self.talk_duration_sec.as_ref());
        w.optional("recordLink", self.record_link);
        w.optional("time", self.time.as_ref());
        w.end_object();
    }
}

impl<'a> CallData<'a> {
    pub fn of(event: &'a CallEvent) -> CallData<'a> {
        CallData {
            call_id: &event.call_id,
            action: event.action,
            direction: event.direction,
            phone: event.phone,
            did: event.did,
            extension: event.extension.as_deref(),
            status: event.status,
            total_duration_sec: event.total_duration_sec,
            talk_duration_sec: event.talk_duration_sec,
            record_link: event.record_link.as_ref(),
            time: event.time,
        }
    }
}

/// The notifications of an event: a `dial` gives one Telephony notification; a `complete`
/// gives one with all call data and the callback of its status; a `text` gives one with
/// the conversation and the callback `telephony_call_text`. A `complete` event without a
/// status (one a host built) gives no callback.
pub fn build_notifications<'a>(event: &'a CallEvent, options: &NotificationOptions) -> Vec<Notification<'a>> {
    let words = Words::of(options.locale);
    let telephony = Notification {
        kind: NotificationKind::Telephony,
        text: text(event, options, words),
        data: Some(CallData::of(event)),
    };
    let callback = match event.action {
        Action::Dial => None,
        Action::Complete => event.status.map(|s| match s {
            Status::Success => CALLBACK_SUCCESS,
            Status::Busy => CALLBACK_BUSY,
            Status::Missed => CALLBACK_MISSED,
        }),
        Action::Text => Some(CALLBACK_TEXT),
    };
    let mut out = Vec::with_capacity(2);
    out.push(telephony);
    if let Some(callback) = callback {
        out.push(Notification { kind: NotificationKind::Callback, text: callback.to_string(), data: None });
    }
    out
}

/// The words of one language.
struct Words {
    inbound: &'static str,
    outbound: &'static str,
    started: &'static str,
    ended: &'static str,
    conversation: &'static str,
    client: &'static str,
    line: &'static str,
    employee: &'static str,
    ext: &'static str,
    status: &'static str,
    success: &'static str,
    busy: &'static str,
    missed: &'static str,
    duration: &'static str,
    talk: &'static str,
    record: &'static str,
    no_text: &'static str,
    hours: &'static str,
    minutes: &'static str,
    seconds: &'static str,
}

const RU: Words = Words {
    inbound: "Входящий звонок",
    outbound: "Исходящий звонок",
    started: "начало разговора",
    ended: "окончание разговора",
    conversation: "текст разговора",
    client: "Клиент",
    line: "Номер линии",
    employee: "Сотрудник",
    ext: "доб.",
    status: "Статус",
    success: "успешный звонок",
    busy: "занято",
    missed: "пропущенный звонок",
    duration: "Длительность",
    talk: "Разговор",
    record: "Запись",
    no_text: "Текст разговора пуст.",
    hours: "ч",
    minutes: "мин",
    seconds: "с",
};

const EN: Words = Words {
    inbound: "Inbound call",
    outbound: "Outbound call",
    started: "conversation started",
    ended: "conversation ended",
    conversation: "conversation text",
    client: "Client",
    line: "Line number",
    employee: "Employee",
    ext: "ext.",
    status: "Status",
    success: "successful",
    busy: "busy",
    missed: "missed",
    duration: "Duration",
    talk: "Talk time",
    record: "Recording",
    no_text: "The conversation text is empty.",
    hours: "h",
    minutes: "min",
    seconds: "s",
};

impl Words {
    fn of(locale: Locale) -> &'static Words {
        match locale {
            Locale::Ru => &RU,
            Locale::En => &EN,
        }
    }
}

/// The Telephony notification's text.
fn text(event: &CallEvent, options: &NotificationOptions, w: &Words) -> String {
    let mut out =
        String::with_capacity(event.text.as_ref().map_or(0, |t| (t.len() / 8).saturating_mul(9)).saturating_add(256));
    out.push_str(match event.direction {
        Direction::In => w.inbound,
        Direction::Out => w.outbound,
    });
    out.push_str(": ");
    out.push_str(match event.action {
        Action::Dial => w.started,
        Action::Complete => w.ended,
        Action::Text => w.conversation,
    });
    line(&mut out, w.client).push_str(&event.phone.to_human());
    if let Some(did) = event.did {
        line(&mut out, w.line).push_str(&did.to_human());
    }
    let name = options.employee_name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    match (name, event.extension.as_deref()) {
        (Some(name), Some(ext)) => {
            escape_into(line(&mut out, w.employee), name);
            let _ = write!(out, " ({} ", w.ext);
            escape_into(&mut out, ext);
            out.push(')');
        }
        (Some(name), None) => escape_into(line(&mut out, w.employee), name),
        (None, Some(ext)) => {
            let _ = write!(line(&mut out, w.employee), "{} ", w.ext);
            escape_into(&mut out, ext);
        }
        (None, None) => {}
    }
    match event.action {
        Action::Dial => {}
        Action::Complete => {
            if let Some(status) = event.status {
                line(&mut out, w.status).push_str(match status {
                    Status::Success => w.success,
                    Status::Busy => w.busy,
                    Status::Missed => w.missed,
                });
            }
            if let Some(total) = event.total_duration_sec {
                human_duration(line(&mut out, w.duration), total, w);
            }
            if let Some(talk) = event.talk_duration_sec {
                human_duration(line(&mut out, w.talk), talk, w);
            }
            if let Some(link) = &event.record_link {
                escape_into(line(&mut out, w.record), link.as_str());
            }
        }
        Action::Text => {
            out.push_str("\n\n");
            match event.text.as_deref() {
                Some(text) => escape_into(&mut out, text),
                None => out.push_str(w.no_text),
            }
        }
    }
    out
}

/// Starts a new line `label: ` and gives the text to write on.
fn line<'o>(out: &'o mut String, label: &str) -> &'o mut String {
    out.push('\n');
    out.push_str(label);
    out.push_str(": ");
    out
}

/// A duration as people read it: `58 с`, `1 мин 05 с`, `1 ч 02 мин 05 с`.
pub fn format_duration(seconds: u32, locale: Locale) -> String {
    let mut out = String::new();
    human_duration(&mut out, seconds, Words::of(locale));
    out
}

fn human_duration(out: &mut String, seconds: u32, w: &Words) {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let _ = if h > 0 {
        write!(out, "{h} {} {m:02} {} {s:02} {}", w.hours, w.minutes, w.seconds)
    } else if m > 0 {
        write!(out, "{m} {} {s:02} {}", w.minutes, w.seconds)
    } else {
        write!(out, "{s} {}", w.seconds)
    };
}

/// Text made safe for HTML: `&`, `<`, `>`, `"` and `'` written as entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some((plain, tail)) = crate::text::find_ascii(rest, |b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
        .and_then(|at| rest.split_at_checked(at))
    {
        out.push_str(plain);
        let mut chars = tail.chars();
        out.push_str(match chars.next() {
            Some('&') => "&amp;",
            Some('<') => "&lt;",
            Some('>') => "&gt;",
            Some('"') => "&quot;",
            _ => "&#39;",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_people_read_them() {
        assert_eq!(format_duration(0, Locale::Ru), "0 с");
        assert_eq!(format_duration(58, Locale::Ru), "58 с");
        assert_eq!(format_duration(65, Locale::Ru), "1 мин 05 с");
        assert_eq!(format_duration(600, Locale::Ru), "10 мин 00 с");
        assert_eq!(format_duration(3725, Locale::Ru), "1 ч 02 мин 05 с");
        assert_eq!(format_duration(65, Locale::En), "1 min 05 s");
        assert_eq!(format_duration(3725, Locale::En), "1 h 02 min 05 s");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("Привет"), "Привет");
        assert_eq!(escape_html(""), "");
    }
}
