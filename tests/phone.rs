//! Phone numbers (SPEC §1): the golden table, our own cases, and properties.

use salebot_sipout::phone::{self, find_phones, ParsedPhone, Phone, PhoneError};

const GOLDEN: &str = include_str!("fixtures/phones.tsv");

/// The golden table: input, then the canonical phone, or nothing when it must be rejected.
fn golden() -> Vec<(String, Option<String>)> {
    GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|line| {
            let (input, expected) = line.rsplit_once('\t').expect("a tab in every row");
            (input.to_string(), Some(expected.to_string()).filter(|e| !e.is_empty()))
        })
        .collect()
}

#[test]
fn golden_table() {
    let rows = golden();
    assert!(rows.len() >= 50, "the table has {} rows", rows.len());
    for (input, expected) in rows {
        match (phone::normalize(&input), expected) {
            (Ok(got), Some(want)) => assert_eq!(got, want, "input {input:?}"),
            (Err(_), None) => {}
            (got, want) => panic!("input {input:?}: got {got:?}, want {want:?}"),
        }
    }
}

fn ok(input: &str) -> (String, Option<String>) {
    let p = ParsedPhone::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    (p.phone.to_string(), p.extension.map(|e| e.to_string()))
}

fn err(input: &str) -> PhoneError {
    match ParsedPhone::parse(input) {
        Ok(p) => panic!("{input:?} should be rejected, got {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn extensions_are_split_off() {
    let cases = [
        ("+7 912 345-67-89 доб. 123", "79123456789", Some("123")),
        ("8 (495) 123-45-67, доб. 45", "74951234567", Some("45")),
        ("+7 495 123 45 67 ext. 7", "74951234567", Some("7")),
        ("+7 495 123 45 67 EXT 7", "74951234567", Some("7")),
        ("+7 495 123 45 67 Доб 12", "74951234567", Some("12")),
        ("+7 495 123 45 67 добавочный 12", "74951234567", Some("12")),
        ("+7 495 123 45 67 доп. 12", "74951234567", Some("12")),
        ("+7 495 123 45 67 extension 4412", "74951234567", Some("4412")),
        ("84951234567x12", "74951234567", Some("12")),
        ("84951234567 X 12", "74951234567", Some("12")),
        ("84951234567#999", "74951234567", Some("999")),
        ("84951234567,999", "74951234567", Some("999")),
        ("8 495 123-45-67 (доб. 12)", "74951234567", Some("12")),
        ("tel:+74951234567;ext=55", "74951234567", Some("55")),
        ("tel:+74951234567;phone-context=example.ru", "74951234567", None),
        ("+7 912 345-67-89", "79123456789", None),
    ];
    for (input, phone, ext) in cases {
        assert_eq!(ok(input), (phone.to_string(), ext.map(String::from)), "{input:?}");
        assert_eq!(phone::normalize(input).unwrap(), phone, "normalize keeps the extension out: {input:?}");
    }
}

#[test]
fn more_accepted_spellings() {
    let cases = [
        ("\u{a0}8\u{a0}912\u{a0}345\u{a0}67\u{a0}89\u{a0}", "79123456789"),
        ("8\u{2009}912\u{2009}345\u{2009}67\u{2009}89", "79123456789"),
        ("8\t912\t3456789", "79123456789"),
        ("8 — 912 — 345 — 67 — 89", "79123456789"),
        ("8−912−345−67−89", "79123456789"),
        ("\u{200e}+7 912 345 67 89\u{200f}", "79123456789"),
        ("(+7) 912 345 67 89", "79123456789"),
        ("+ 7 912 345 67 89", "79123456789"),
        ("TEL:+79123456789", "79123456789"),
        ("sips:+79123456789@pbx.example.ru:5061;transport=tls", "79123456789"),
        ("sip:89123456789@10.0.0.1", "79123456789"),
        ("٨٩١٢٣٤٥٦٧٨٩", "79123456789"),
        ("+88005553535", "78005553535"),
        ("88005553535", "78005553535"),
        ("+78005553535", "78005553535"),
        ("8005553535", "78005553535"),
        ("7 7012345678", "77012345678"),
    ];
    for (input, want) in cases {
        assert_eq!(phone::normalize(input).as_deref(), Ok(want), "{input:?}");
    }
}

#[test]
fn rejections_say_why() {
    assert_eq!(err(""), PhoneError::Empty);
    assert_eq!(err(" \u{a0}\t"), PhoneError::Empty);
    assert_eq!(err("abc").reason(), "invalid_character");
    assert_eq!(err("---").reason(), "no_digits");
    assert_eq!(err("+").reason(), "no_digits");
    assert_eq!(err("12345").reason(), "too_few_digits");
    assert_eq!(err("+7 912 345 67 8").reason(), "too_few_digits");
    assert_eq!(err("+7 912 345 67 890").reason(), "too_many_digits");
    assert_eq!(err("+799912345678").reason(), "too_many_digits", "12 digits are never cut to 11");
    assert_eq!(err("+380 44 123 45 67").reason(), "unsupported_country");
    assert_eq!(err("+1 (415) 555-2671").reason(), "unsupported_country");
    assert_eq!(err("19123456789").reason(), "invalid_trunk_prefix");
    assert_eq!(err("7912345678a").reason(), "invalid_character", "a trailing letter is not ignored");
    assert_eq!(err("+7 912 345-67-89 доб.").reason(), "invalid_extension");
    assert_eq!(err("+7 912 345-67-89 доб. 12a").reason(), "invalid_extension");
    assert_eq!(err("+7 912 345-67-89 доб. 123456789").reason(), "invalid_extension");
    assert_eq!(err("+7 912 345-67-89, 8 495 123-45-67").reason(), "invalid_extension");
    assert_eq!(err("++79123456789").reason(), "invalid_character");
    assert_eq!(err("7912+3456789").reason(), "invalid_character");
    assert_eq!(err("x79123456789").reason(), "invalid_character");
    assert_eq!(err("8 912 345 67 89 ☎").reason(), "invalid_character");
    assert_eq!(err(&"1".repeat(300)).reason(), "too_long");
}

#[test]
fn messages_name_the_input_and_the_problem() {
    let msg = err("912-abc-4567").to_string();
    assert_eq!(msg, "phone \"912-abc-4567\": unexpected character 'a' at position 5");
    let msg = err("  +380 44 123 45 67").to_string();
    assert!(msg.contains("\"  +380 44 123 45 67\"") && msg.contains("+380"), "{msg}");
    let msg = err("+7 912 345 67 8").to_string();
    assert!(msg.contains("10 digits, too few"), "{msg}");
    let msg = err("19123456789").to_string();
    assert!(msg.contains("must start with 7 or 8, not 1"), "{msg}");
    let msg = err("8 912\u{0}345").to_string();
    assert!(msg.contains("U+0000"), "{msg}");
    let long = format!("8912345678{}", "z".repeat(100));
    let msg = err(&long).to_string();
    assert!(msg.len() < 150 && msg.contains('…'), "a long input is quoted short: {msg}");
}

#[test]
fn formats_for_people() {
    assert_eq!(phone::format("89123456789").unwrap(), "+7 912 345-67-89");
    assert_eq!(phone::format("8 800 555 35 35").unwrap(), "+7 800 555-35-35");
    assert_eq!(phone::format("+7 495 123 45 67 доб. 12").unwrap(), "+7 495 123-45-67 доб. 12");
    assert!(phone::format("12").is_err());
}

#[test]
fn phone_value_round_trips() {
    let p = Phone::parse("+7 912 345-67-89").unwrap();
    assert_eq!(p.national(), 9_123_456_789);
    assert_eq!(&p.digits(), b"79123456789");
    assert_eq!(format!("{p:?}"), "Phone(79123456789)");
    assert_eq!("89123456789".parse::<Phone>().unwrap(), p);
    assert_eq!(Phone::from_national(10_000_000_000), None);
    assert_eq!(Phone::from_national(0).unwrap().to_string(), "70000000000");
}

fn found(text: &str) -> Vec<String> {
    find_phones(text).unwrap().iter().map(Phone::to_string).collect()
}

#[test]
fn finds_phones_in_free_text() {
    assert_eq!(found("Иван, 8 912 345-67-89 или +7 495 123 45 67"), ["79123456789", "74951234567"]);
    assert_eq!(found("89123456789 89123456780\n+79123456789"), ["79123456789", "79123456780"]);
    assert_eq!(found("звонить 912 345 67 89 8 495 123 45 67"), ["79123456789", "74951234567"]);
    assert_eq!(found("+7 912 345-67-89 доб. 123, мобильный +7 (495) 123-45-67"), ["79123456789", "74951234567"]);
    assert_eq!(found("тел.89123456789;"), ["79123456789"]);
    assert_eq!(found("＋７ ９１２ ３４５-６７-８９"), ["79123456789"]);
    assert_eq!(found("+7 912 345 67 89 +7 495 123 45 67"), ["79123456789", "74951234567"]);
    assert!(found("").is_empty());
    assert!(found("Иван, без телефона").is_empty());
    assert!(found("заказ 12345 от 15.01.2024 10:30").is_empty(), "a date is not a phone");
    assert!(found("2024-01-15 12").is_empty());
    assert!(found("ИНН 7701234567890123").is_empty(), "a longer number is not cut into a phone");
    assert!(found("+380 44 123 45 67").is_empty());
    assert!(find_phones(&"a".repeat(phone::MAX_TEXT_BYTES + 1)).is_err());
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Ways people write a canonical phone; each must normalise back to it.
    fn spell(national: u64, style: u8, sep: &str) -> String {
        let d = format!("{national:010}");
        let (a, b, c, e) = (&d[0..3], &d[3..6], &d[6..8], &d[8..10]);
        match style % 8 {
            0 => format!("+7{sep}{a}{sep}{b}{sep}{c}{sep}{e}"),
            1 => format!("8{sep}({a}){sep}{b}-{c}-{e}"),
            2 => format!("7{a}{b}{c}{e}"),
            3 => format!("{a}{sep}{b}{sep}{c}{sep}{e}"),
            4 => format!("tel:+7{d}"),
            5 => format!("sip:8{d}@pbx.example.ru"),
            6 => format!("  +7 ({a}) {b}-{c}-{e} доб. 12 "),
            _ => format!("8.{a}.{b}.{c}.{e}")
                .chars()
                .map(|ch| ch.to_digit(10).map_or(ch, |v| char::from_u32(0xFF10 + v).unwrap()))
                .collect(),
        }
    }

    proptest! {
        #[test]
        fn any_spelling_normalises_back(national in 0u64..10_000_000_000, style in 0u8..8,
                                        sep in prop::sample::select(vec![" ", "-", "", "\u{a0}", " - ", "."])) {
            let want = Phone::from_national(national).unwrap();
            let input = spell(national, style, sep);
            prop_assert_eq!(Phone::parse(&input), Ok(want), "{:?}", input);
            prop_assert_eq!(phone::normalize(&phone::format(&input).unwrap()), Ok(want.to_string()));
        }

        #[test]
        fn no_input_panics(input in "\\PC{0,40}") {
            let _ = ParsedPhone::parse(&input);
            let _ = find_phones(&input);
        }

        #[test]
        fn phone_like_inputs_never_panic(input in "[+()\\- 0-9xX#,.доб]{0,30}") {
            if let Ok(p) = ParsedPhone::parse(&input) {
                prop_assert_eq!(p.phone.to_string().len(), 11);
                prop_assert!(p.phone.to_string().starts_with('7'));
            }
        }

        #[test]
        fn found_phones_are_what_normalise_gives(nationals in prop::collection::vec(
                                                     (prop::sample::select(vec![3u64, 4, 6, 7, 8, 9]), 0u64..1_000_000_000)
                                                         .prop_map(|(first, rest)| first * 1_000_000_000 + rest), 0..6),
                                                 style in 0u8..4, filler in "[а-яa-z ,;:]{1,12}") {
            let mut text = String::new();
            let mut want: Vec<String> = Vec::new();
            for n in &nationals {
                text.push_str(&filler);
                text.push(' ');
                text.push_str(&spell(*n, style, " "));
                let p = Phone::from_national(*n).unwrap().to_string();
                if !want.contains(&p) { want.push(p); }
            }
            text.push_str(&filler);
            // Filler letters end a run, so every number stands alone.
            let got = found(&text);
            prop_assert_eq!(got, want, "{:?}", text);
        }
    }
}
