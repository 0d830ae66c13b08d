//! Matching a call to a client (SPEC §5): the seed's three steps through the index, the
//! step-by-step matcher and the decision; updates and removals; the index against a plain
//! scan on random projects.

use salebot_sipout::matching::{
    create_decision, match_client, Client, ClientIndex, ClientMatch, ClientMatcher, MatchDecision, MatchStep,
    MatchingError, NewClient, Project, Row, Variables, Via, MAX_PHONES_PER_CLIENT, MAX_ROWS,
};
use salebot_sipout::phone::{Phone, MAX_TEXT_BYTES};
use salebot_sipout::Error;

fn client(id: &str, channel: &str, phone: Option<&str>, variables: &[(&str, &str)]) -> Client {
    Client {
        id: id.into(),
        channel: channel.into(),
        phone: phone.map(Into::into),
        variables: Variables(variables.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()),
    }
}

fn index_of(clients: &[Client]) -> ClientIndex {
    let mut index = ClientIndex::new();
    index.add_clients(clients.iter().map(Client::view)).unwrap();
    index
}

fn phone(s: &str) -> Phone {
    Phone::parse(s).unwrap()
}

/// What the index says for a phone: (client id, variable or None for Telephony).
fn found(index: &ClientIndex, p: &str) -> Option<(String, Option<String>)> {
    index.lookup(phone(p)).map(|hit| (hit.client_id.to_string(), hit.variable.map(str::to_string)))
}

fn via_variable(id: &str, variable: &str) -> Option<(String, Option<String>)> {
    Some((id.to_string(), Some(variable.to_string())))
}

fn via_telephony(id: &str) -> Option<(String, Option<String>)> {
    Some((id.to_string(), None))
}

const PHONE: &str = "79123456789";

// The seed's step 1: a Telephony client with the phone wins over every variable.
#[test]
fn telephony_client_comes_first() {
    let index = index_of(&[
        client("1", "whatsapp", None, &[("phone", "+7 912 345-67-89")]),
        client("2", "telegram", None, &[("note", "8 912 345 67 89")]),
        client("3", "telephony", Some(PHONE), &[]),
    ]);
    assert_eq!(found(&index, PHONE), via_telephony("3"));
    assert_eq!(found(&index, "8 (912) 345-67-89"), via_telephony("3"), "the call's phone in any spelling");
}

#[test]
fn telephony_channel_and_phone_are_read_leniently_but_only_for_telephony() {
    let index = index_of(&[
        client("1", "whatsapp", Some(PHONE), &[]),
        client("2", "Telephony", Some("8 (912) 345-67-89"), &[]),
        client("3", "telephony", Some("not a phone"), &[]),
    ]);
    assert_eq!(found(&index, PHONE), via_telephony("2"), "a messenger client's own phone is not step 1");
    assert_eq!(index.len(), 3);
    let index = index_of(&[client("1", "whatsapp", Some(PHONE), &[])]);
    assert_eq!(found(&index, PHONE), None, "nor is it a variable");
}

#[test]
fn several_telephony_clients_first_in_order_wins() {
    let index = index_of(&[
        client("5", "telephony", Some("+79123456789"), &[]),
        client("2", "telephony", Some("89123456789"), &[]),
    ]);
    assert_eq!(found(&index, PHONE), via_telephony("5"));
}

// The seed's step 2: the first client in the project's order whose variable holds it.
#[test]
fn variable_hit_first_in_order() {
    let index = index_of(&[
        client("10", "telegram", None, &[("name", "Иван"), ("city", "Пермь")]),
        client("11", "whatsapp", None, &[("name", "Пётр"), ("contact", "Иван 8 912 345-67-89"), ("phone", PHONE)]),
        client("12", "telegram", None, &[("phone", PHONE)]),
    ]);
    assert_eq!(found(&index, PHONE), via_variable("11", "contact"), "first client, its first variable holding it");
}

#[test]
fn several_clients_hold_the_number() {
    let mut index = index_of(&[
        client("1", "telegram", None, &[("a", "звонить на +7 912 345 67 89")]),
        client("2", "whatsapp", None, &[("b", PHONE)]),
        client("3", "vk", None, &[("c", "9123456789")]),
        client("4", "telephony", Some("74951234567"), &[("d", PHONE)]),
    ]);
    assert_eq!(found(&index, PHONE), via_variable("1", "a"));
    assert!(index.remove_client("1"));
    assert_eq!(found(&index, PHONE), via_variable("2", "b"), "the next one after a removal");
    index.upsert_client(client("2", "whatsapp", None, &[("b", "нет")]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("3", "c"), "after an update that drops the phone");
    index.upsert_client(client("2", "whatsapp", None, &[("x", PHONE)]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("2", "x"), "an update keeps the client's place");
    index.upsert_client(client("1", "telegram", None, &[("a", PHONE)]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("2", "x"), "a client added again comes last");
    index.upsert_client(client("3", "telephony", Some(PHONE), &[("c", PHONE)]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_telephony("3"), "becoming a Telephony client with it wins");
    index.upsert_client(client("3", "vk", None, &[("c", PHONE)]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("2", "x"), "and going back");
    for id in ["2", "3", "4"] {
        assert!(index.remove_client(id));
    }
    assert_eq!(found(&index, PHONE), via_variable("1", "a"));
    assert!(index.remove_client("1"));
    assert_eq!(found(&index, PHONE), None);
    assert!(index.is_empty());
    assert_eq!(index.stats().phones, 0);
    assert_eq!(index.stats().distinct_phones, 0);
    assert_eq!(index.stats().shared_holders, 0);
}

#[test]
fn a_phone_inside_free_text_and_in_other_formats() {
    let index = index_of(&[
        client("1", "telegram", None, &[("note", "89123456780")]),
        client("2", "telegram", None, &[("note", "Иван, 8 912 345-67-89 или +7 495 123 45 67")]),
        client("3", "telegram", None, &[("w", "tel:+78005553535")]),
        client("4", "telegram", None, &[("w", "＋７ ９９９ ０００-１１-２２")]),
        client("5", "telegram", None, &[("w", "(343) 123-45-67, доб. 12")]),
        client("6", "telegram", None, &[("w", "заказ 2024-01-15, сумма 1500")]),
    ]);
    assert_eq!(found(&index, "79123456789"), via_variable("2", "note"), "89123456780 is another number");
    assert_eq!(found(&index, "89123456780"), via_variable("1", "note"));
    assert_eq!(found(&index, "+7 495 123-45-67"), via_variable("2", "note"), "the second phone of a text");
    assert_eq!(found(&index, "8 800 555 35 35"), via_variable("3", "w"));
    assert_eq!(found(&index, "79990001122"), via_variable("4", "w"), "full-width digits");
    assert_eq!(found(&index, "73431234567"), via_variable("5", "w"), "an extension does not hide it");
    assert_eq!(index.stats().phones, 6);
}

#[test]
fn ids_of_any_shape_and_order() {
    let clients: Vec<Client> = ["300", "007", "abc-1", "100", "9007199254740993", "0", "ключ"]
        .iter()
        .enumerate()
        .map(|(i, id)| client(id, "whatsapp", None, &[("p", &format!("+7 912 000 00 {i:02}"))]))
        .collect();
    let mut index = index_of(&clients);
    for (i, c) in clients.iter().enumerate() {
        let p = format!("791200000{i:02}");
        assert_eq!(found(&index, &p), via_variable(&c.id, "p"), "{}", c.id);
        assert!(index.contains(&c.id));
    }
    assert!(!index.contains("7"));
    assert!(index.remove_client("007"));
    assert!(!index.remove_client("007"));
    assert!(!index.remove_client("7"));
    assert_eq!(found(&index, "79120000001"), None);
    assert!(index.upsert_client(client("007", "whatsapp", None, &[]).view()).unwrap());
    assert!(!index.upsert_client(client("ключ", "whatsapp", None, &[]).view()).unwrap());
    assert_eq!(found(&index, "79120000006"), None);
    assert_eq!(index.len(), 7);
}

#[test]
fn a_failed_batch_adds_nothing() {
    let mut index = index_of(&[client("1", "telegram", None, &[("p", PHONE)])]);
    let batch = [
        client("2", "telegram", None, &[("p", "74951234567")]),
        client("3", "telegram", None, &[]),
        client("2", "telegram", None, &[]),
    ];
    let e = index.add_clients(batch.iter().map(Client::view)).unwrap_err();
    assert_eq!(e.code(), "invalid_client");
    assert_eq!(e.reason(), "duplicate_id");
    assert_eq!(e.to_string(), "clients[2].id: client \"2\" is already in the index");
    assert_eq!(index.len(), 1);
    assert!(!index.contains("2") && !index.contains("3"));
    assert_eq!(found(&index, "74951234567"), None);
    let e = index.add_clients([client("1", "x", None, &[]).view()]).unwrap_err();
    assert_eq!(e.reason(), "duplicate_id");
    index.add_clients(batch[..2].iter().map(Client::view)).unwrap();
    assert_eq!(found(&index, "74951234567"), via_variable("2", "p"));
    assert_eq!(index.len(), 3);
}

#[test]
fn bad_clients_are_refused_with_the_field_named() {
    let mut index = ClientIndex::new();
    let e = index.add_clients([client("", "x", None, &[]).view()]).unwrap_err();
    assert_eq!(
        (e.code(), e.reason(), e.to_string().as_str()),
        ("invalid_client", "empty_id", "clients[0].id: is empty")
    );
    let long_id = "x".repeat(257);
    let e = index.upsert_client(client(&long_id, "x", None, &[]).view()).unwrap_err();
    assert_eq!((e.reason(), e.to_string().as_str()), ("too_long", "client.id: 257 bytes, over the limit of 256"));
    let e = index.add_clients([client("1", &"c".repeat(65), None, &[]).view()]).unwrap_err();
    assert_eq!(e.to_string(), "clients[0].channel: 65 bytes, over the limit of 64");
    let huge = format!("{PHONE} {}", "a".repeat(MAX_TEXT_BYTES));
    let e = index.add_clients([client("1", "x", None, &[("notes", &huge)]).view()]).unwrap_err();
    assert_eq!(e.reason(), "too_long");
    assert!(e.to_string().starts_with("clients[0].variables[\"notes\"]: text is"), "{e}");
    let long_name = "n".repeat(257);
    let e = index.add_clients([client("1", "x", None, &[(&long_name, PHONE)]).view()]).unwrap_err();
    assert_eq!(e.reason(), "too_long");
    let many: String = (0..=MAX_PHONES_PER_CLIENT).map(|i| format!("+7 912 {i:07} ")).collect();
    let e = index.add_clients([client("1", "x", None, &[("all", &many)]).view()]).unwrap_err();
    assert_eq!(e.reason(), "too_many_phones");
    assert_eq!(e.to_string(), "clients[0]: holds 4097 distinct phones, over the limit of 4096");
    assert!(index.is_empty());
    // A name that holds no phone is never stored, so it is not checked.
    index.add_clients([client("1", "x", None, &[(&long_name, "Иван")]).view()]).unwrap();
    assert_eq!(index.len(), 1);
    let e: Error = e.into();
    assert_eq!((e.code(), e.reason()), ("invalid_client", Some("too_many_phones")));
}

#[test]
fn a_phone_held_by_many_clients() {
    let n = 3000;
    let clients: Vec<Client> = (0..n).map(|i| client(&format!("{i}"), "telegram", None, &[("p", PHONE)])).collect();
    let mut index = index_of(&clients);
    for i in (0..n).step_by(2) {
        index.remove_client(&format!("{i}"));
    }
    assert_eq!(found(&index, PHONE), via_variable("1", "p"));
    index.upsert_client(client("1", "telegram", None, &[]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("3", "p"));
    index.upsert_client(client(&format!("{}", n + 1), "telephony", Some(PHONE), &[]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_telephony(&format!("{}", n + 1)));
    assert_eq!(index.stats().shared_holders, n / 2);
}

#[test]
fn many_variable_names() {
    let mut index = ClientIndex::new();
    let clients: Vec<Client> = (0..300)
        .map(|i| {
            let name = format!("v{i}");
            client(&format!("{i}"), "vk", None, &[(&name, &format!("+7 916 000 {i:04}")), ("shared", PHONE)])
        })
        .collect();
    index.add_clients(clients.iter().map(Client::view)).unwrap();
    for i in [0, 125, 126, 127, 299] {
        assert_eq!(found(&index, &format!("7916000{i:04}")), via_variable(&i.to_string(), &format!("v{i}")));
    }
    assert_eq!(found(&index, PHONE), via_variable("0", "shared"));
    for i in 0..299 {
        index.remove_client(&i.to_string());
    }
    assert_eq!(
        found(&index, PHONE),
        via_variable("299", "shared"),
        "the last holder left, its variable from its entries"
    );
    index.upsert_client(client("299", "vk", None, &[("v200", PHONE), ("v299", "+7 916 000 0299")]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("299", "v200"), "an update that moves the phone to another variable");
    index.upsert_client(client("299", "vk", None, &[("v5", PHONE)]).view()).unwrap();
    assert_eq!(found(&index, PHONE), via_variable("299", "v5"));
    assert_eq!(found(&index, "79160000299"), None);
    assert_eq!(index.stats().variable_names, 301);
}

// The seed's step 3: nobody holds the phone.
fn project(messengers: &[&str]) -> Project {
    Project::new(messengers.iter().copied())
}

fn created(channel: &str, can_message: bool) -> MatchDecision {
    MatchDecision::Create(NewClient { channel: channel.into(), phone: phone(PHONE), can_message })
}

#[test]
fn none_found_with_whatsapp_connected() {
    let index = index_of(&[client("1", "telegram", None, &[("p", "74951234567")])]);
    let decision = match_client(phone(PHONE), &index, &project(&["telegram", "WhatsApp", "telephony"])).unwrap();
    assert_eq!(decision, created("WhatsApp", true), "the project's own spelling of the channel");
}

#[test]
fn none_found_with_only_non_phone_messengers() {
    let decision = match_client(phone(PHONE), &ClientIndex::new(), &project(&["instagram", "telegram"])).unwrap();
    assert_eq!(decision, created("telephony", false));
}

#[test]
fn none_found_with_nothing_connected() {
    let decision = match_client(phone(PHONE), &ClientIndex::new(), &project(&[])).unwrap();
    assert_eq!(decision, created("telephony", false));
    let decision = match_client(phone(PHONE), &ClientIndex::new(), &project(&["telephony"])).unwrap();
    assert_eq!(decision, created("telephony", false), "Telephony is not a messenger");
}

#[test]
fn the_host_gives_its_own_priority() {
    let p = project(&["whatsapp", "viber", "telegram"]).with_priority(["viber", "whatsapp"]);
    assert_eq!(
        create_decision(phone(PHONE), &p),
        NewClient { channel: "viber".into(), phone: phone(PHONE), can_message: true }
    );
    let p = project(&["whatsapp"]).with_priority(["viber"]);
    assert_eq!(create_decision(phone(PHONE), &p).channel, "telephony", "its list replaces the default");
    let p = project(&["whatsapp"]).with_priority(["telephony"]);
    let e = match_client(phone(PHONE), &ClientIndex::new(), &p).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("invalid_project", "not_a_messenger"));
    let e = project(&[""]).validate().unwrap_err();
    assert_eq!(e.to_string(), "project.messengers[0]: is empty");
    let e = Project::new((0..65).map(|i| format!("m{i}"))).validate().unwrap_err();
    assert_eq!(e.reason(), "too_many");
}

#[test]
fn an_existing_client_is_the_decision() {
    let index = index_of(&[client("42", "whatsapp", None, &[("phone", "8 912 345 67 89")])]);
    let decision = match_client(phone(PHONE), &index, &project(&["whatsapp"])).unwrap();
    assert_eq!(
        decision,
        MatchDecision::Existing(ClientMatch { client_id: "42".into(), via: Via::Variable("phone".into()) })
    );
}

// The step-by-step matcher.
fn row(id: &str, channel: Option<&str>, phone: Option<&str>, variables: &[(&str, &str)]) -> Row {
    Row {
        id: id.into(),
        channel: channel.map(Into::into),
        phone: phone.map(Into::into),
        variables: Variables(variables.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()),
    }
}

#[test]
fn matcher_finds_a_telephony_client_in_one_step() {
    let mut m = ClientMatcher::new("8 (912) 345-67-89", project(&["whatsapp"])).unwrap();
    assert_eq!(m.next_step(), MatchStep::FindTelephonyClient { phone: phone(PHONE) });
    assert_eq!(m.next_step(), MatchStep::FindTelephonyClient { phone: phone(PHONE) }, "asking again is fine");
    let rows = [
        row("1", Some("whatsapp"), Some(PHONE), &[]),
        row("2", None, Some("74951234567"), &[]),
        row("3", None, Some("+7 912 345-67-89"), &[]),
        row("4", Some("telephony"), Some(PHONE), &[]),
    ];
    let step = m.answer(&rows, false).unwrap();
    let want = MatchDecision::Existing(ClientMatch { client_id: "3".into(), via: Via::Telephony });
    assert_eq!(step, MatchStep::Done(&want), "rows are checked; the first that holds it wins");
    assert_eq!(m.decision(), Some(&want));
    let e = m.answer(&[], false).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("matcher_out_of_order", "finished"));
}

#[test]
fn matcher_goes_on_to_variables_and_checks_the_rows() {
    let mut m = ClientMatcher::new(PHONE, project(&[])).unwrap();
    let e = m.answer(&[], false).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("matcher_out_of_order", "not_asked"));
    m.next_step();
    let step = m.answer(&[], false).unwrap();
    let MatchStep::FindClientsByVariables { phone: p, page: 0, search } = step else { panic!("{step:?}") };
    assert_eq!(p, phone(PHONE));
    assert_eq!(search.national, "9123456789");
    assert_eq!(search.last7, "3456789");
    assert_eq!(search.like, "%9%1%2%3%4%5%6%7%8%9%");
    assert_eq!(search.regex, "9[^0-9]*1[^0-9]*2[^0-9]*3[^0-9]*4[^0-9]*5[^0-9]*6[^0-9]*7[^0-9]*8[^0-9]*9");
    let rows = [
        row("7", None, None, &[("phone", "89123456780")]),
        row("8", None, None, &[("name", "Иван"), ("contact", "Иван 8 912 345-67-89")]),
        row("9", None, None, &[("phone", PHONE)]),
    ];
    let step = m.answer(&rows, false).unwrap();
    let want = MatchDecision::Existing(ClientMatch { client_id: "8".into(), via: Via::Variable("contact".into()) });
    assert_eq!(step, MatchStep::Done(&want));
}

#[test]
fn matcher_takes_pages_then_decides_to_create() {
    let mut m = ClientMatcher::new(PHONE, project(&["instagram", "whatsapp"])).unwrap();
    m.next_step();
    m.answer(&[row("1", Some("telephony"), Some("74951234567"), &[])], true).unwrap();
    assert!(matches!(m.next_step(), MatchStep::FindTelephonyClient { .. }), "more Telephony rows to come");
    assert!(matches!(m.answer(&[], false).unwrap(), MatchStep::FindClientsByVariables { page: 0, .. }));
    let step = m.answer(&[row("2", None, None, &[("p", "89123456780")])], true).unwrap();
    assert!(matches!(step, MatchStep::FindClientsByVariables { page: 1, .. }));
    let step = m.answer(&[row("3", None, None, &[("p", "нет")])], false).unwrap();
    assert_eq!(step, MatchStep::Done(&created("whatsapp", true)));
}

#[test]
fn matcher_refuses_bad_input() {
    let e = ClientMatcher::new("8 912", project(&[])).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("invalid_phone", "too_few_digits"));
    let e: Error = e.into();
    assert!(matches!(e, Error::Phone(_)), "a bad phone is a phone error to the host");
    assert_eq!(e.code(), "invalid_phone");
    let e = ClientMatcher::new(PHONE, Project::default().with_priority(["telephony"])).unwrap_err();
    assert_eq!(e.code(), "invalid_project");
    let mut m = ClientMatcher::new(PHONE, project(&[])).unwrap();
    m.next_step();
    let rows = vec![row("1", None, None, &[]); MAX_ROWS + 1];
    let e = m.answer(&rows, false).unwrap_err();
    assert_eq!((e.code(), e.reason()), ("invalid_answer", "too_many_rows"));
    let e = m.answer(&[row("", None, Some(PHONE), &[])], false).unwrap_err();
    assert_eq!(e.to_string(), "rows[0].id: is empty");
    assert!(matches!(m.next_step(), MatchStep::FindTelephonyClient { .. }), "a refused answer changes nothing");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use salebot_sipout::phone::find_phones;

    /// The seed's algorithm, written plainly: the reference the index and the matcher must
    /// agree with.
    fn scan(clients: &[Client], phone: Phone) -> Option<(String, Option<String>)> {
        let telephony = clients.iter().find(|c| {
            c.channel.eq_ignore_ascii_case("telephony")
                && c.phone.as_deref().and_then(|p| Phone::parse(p).ok()) == Some(phone)
        });
        if let Some(c) = telephony {
            return Some((c.id.clone(), None));
        }
        for c in clients {
            for (name, value) in &c.variables.0 {
                if find_phones(value).unwrap().contains(&phone) {
                    return Some((c.id.clone(), Some(name.clone())));
                }
            }
        }
        None
    }

    /// The matcher fed the whole project as its rows, the Telephony clients first.
    fn run_matcher(clients: &[Client], phone: Phone) -> MatchDecision {
        let mut m = ClientMatcher::new(&phone.to_string(), Project::new(["whatsapp"])).unwrap();
        let to_row = |c: &Client| Row {
            id: c.id.clone(),
            channel: Some(c.channel.clone()),
            phone: c.phone.clone(),
            variables: c.variables.clone(),
        };
        let telephony: Vec<Row> =
            clients.iter().filter(|c| c.channel.eq_ignore_ascii_case("telephony")).map(to_row).collect();
        let all: Vec<Row> = clients.iter().map(to_row).collect();
        m.next_step();
        if let MatchStep::Done(d) = m.answer(&telephony, false).unwrap() {
            return d.clone();
        }
        match m.answer(&all, false).unwrap() {
            MatchStep::Done(d) => d.clone(),
            other => panic!("{other:?}"),
        }
    }

    const NATIONALS: [u64; 5] = [9123456789, 9123456780, 4951234567, 3431234567, 8005553535];

    fn spell(national: u64, style: u8) -> String {
        let d = format!("{national:010}");
        let (a, b, c, e) = (&d[0..3], &d[3..6], &d[6..8], &d[8..10]);
        match style % 6 {
            0 => format!("7{d}"),
            1 => format!("8 {a} {b}-{c}-{e}"),
            2 => format!("+7 ({a}) {b} {c} {e}"),
            3 => d.clone(),
            4 => format!("Иван, 8-{a}-{b}-{c}-{e}, вечером"),
            _ => format!("8{d}"),
        }
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            (0..NATIONALS.len(), 0u8..6).prop_map(|(i, s)| spell(NATIONALS[i], s)),
            (0..NATIONALS.len(), 0..NATIONALS.len(), 0u8..6).prop_map(|(i, j, s)| format!(
                "{} или {}",
                spell(NATIONALS[i], s),
                spell(NATIONALS[j], 2)
            )),
            prop::sample::select(vec!["Иван", "12345", "заказ 12-34-56", "", "8912345678"]).prop_map(String::from),
        ]
    }

    fn a_client() -> impl Strategy<Value = Client> {
        let id = prop::sample::select(vec![
            "1",
            "2",
            "3",
            "5",
            "8",
            "13",
            "21",
            "040",
            "a",
            "b",
            "ключ",
            "9007199254740993",
            "600000000000",
        ]);
        let channel = prop::sample::select(vec!["telephony", "Telephony", "whatsapp", "telegram"]);
        let own = prop::option::of(prop_oneof![
            (0..NATIONALS.len(), 0u8..6).prop_map(|(i, s)| spell(NATIONALS[i], s % 4)),
            Just("n/a".to_string()),
        ]);
        let names = prop::sample::select(vec!["phone", "note", "contact", "city"]);
        let variables = prop::collection::vec((names, value()), 0..4);
        (id, channel, own, variables).prop_map(|(id, channel, phone, variables)| {
            let mut seen = Vec::new();
            let variables = variables
                .into_iter()
                .filter(|(n, _)| {
                    let fresh = !seen.contains(n);
                    seen.push(*n);
                    fresh
                })
                .map(|(n, v)| (n.to_string(), v))
                .collect();
            Client { id: id.to_string(), channel: channel.to_string(), phone, variables: Variables(variables) }
        })
    }

    /// A client with 200 variables, each holding a phone of its own.
    fn warm_up() -> Client {
        let variables: Vec<(String, String)> =
            (0..200).map(|i| (format!("v{i}"), format!("+7 916 000 {i:04}"))).collect();
        Client { id: "warm-up".into(), channel: "vk".into(), phone: None, variables: Variables(variables) }
    }

    #[derive(Debug, Clone)]
    enum Op {
        Add(Vec<Client>),
        Upsert(Client),
        Remove(String),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            prop::collection::vec(a_client(), 0..5).prop_map(Op::Add),
            a_client().prop_map(Op::Upsert),
            a_client().prop_map(|c| Op::Remove(c.id)),
        ]
    }

    fn apply(model: &mut Vec<Client>, index: &mut ClientIndex, op: Op) {
        match op {
            Op::Add(batch) => {
                let mut ids: Vec<&str> = model.iter().map(|c| c.id.as_str()).collect();
                let mut fresh = true;
                for c in &batch {
                    fresh &= !ids.contains(&c.id.as_str());
                    ids.push(&c.id);
                }
                let result = index.add_clients(batch.iter().map(Client::view));
                assert_eq!(result.is_ok(), fresh, "{result:?}");
                if fresh {
                    model.extend(batch);
                }
            }
            Op::Upsert(c) => {
                let added = index.upsert_client(c.view()).unwrap();
                match model.iter_mut().find(|m| m.id == c.id) {
                    Some(m) => {
                        assert!(!added);
                        *m = c;
                    }
                    None => {
                        assert!(added);
                        model.push(c);
                    }
                }
            }
            Op::Remove(id) => {
                let there = model.iter().position(|m| m.id == id);
                assert_eq!(index.remove_client(&id), there.is_some());
                if let Some(i) = there {
                    model.remove(i);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn index_answers_as_the_scan(ops in prop::collection::vec(op(), 1..24), many_names: bool, seed: u64) {
            let mut model: Vec<Client> = Vec::new();
            // Any seed gives the same answers; a case that fails keeps its seed.
            let mut index = ClientIndex::with_seed(seed);
            if many_names {
                // Variable numbers past what the phone table keeps inline: the index must
                // then read them from the client's entries.
                index.add_clients([warm_up().view()]).unwrap();
                assert!(index.remove_client("warm-up"));
            }
            for op in ops {
                apply(&mut model, &mut index, op);
                prop_assert_eq!(index.len(), model.len());
                for &n in &NATIONALS {
                    let p = Phone::from_national(n).unwrap();
                    let got = index.lookup(p).map(|h| (h.client_id.to_string(), h.variable.map(str::to_string)));
                    prop_assert_eq!(got, scan(&model, p), "phone {}", p);
                }
            }
            let held: Vec<Vec<Phone>> = model.iter().map(|c| {
                let mut all: Vec<Phone> = c.variables.0.iter().flat_map(|(_, v)| find_phones(v).unwrap()).collect();
                if c.channel.eq_ignore_ascii_case("telephony") {
                    all.extend(c.phone.as_deref().and_then(|p| Phone::parse(p).ok()));
                }
                all.sort();
                all.dedup();
                all
            }).collect();
            let mut holders = std::collections::BTreeMap::<Phone, usize>::new();
            for p in held.iter().flatten() {
                *holders.entry(*p).or_default() += 1;
            }
            let stats = index.stats();
            prop_assert_eq!(stats.phones, held.iter().map(Vec::len).sum::<usize>());
            prop_assert_eq!(stats.distinct_phones, holders.len());
            prop_assert_eq!(stats.shared_holders, holders.values().filter(|n| **n > 1).sum::<usize>());
        }

        #[test]
        fn matcher_answers_as_the_scan(clients in prop::collection::vec(a_client(), 0..8)) {
            for &n in &NATIONALS {
                let p = Phone::from_national(n).unwrap();
                let want = match scan(&clients, p) {
                    Some((id, None)) => MatchDecision::Existing(ClientMatch { client_id: id, via: Via::Telephony }),
                    Some((id, Some(v))) => MatchDecision::Existing(ClientMatch { client_id: id, via: Via::Variable(v) }),
                    None => MatchDecision::Create(NewClient { channel: "whatsapp".into(), phone: p, can_message: true }),
                };
                prop_assert_eq!(run_matcher(&clients, p), want);
            }
        }
    }
}

#[test]
fn errors_keep_their_codes_through_the_crate_error() {
    let e: Error = MatchingError::OutOfOrder { call: "answer", reason: "finished", problem: "x".into() }.into();
    assert_eq!((e.code(), e.reason()), ("matcher_out_of_order", Some("finished")));
    assert_eq!(e.to_string(), "answer: x");
}
