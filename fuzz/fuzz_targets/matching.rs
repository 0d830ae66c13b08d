//! The client index on arbitrary clients and changes: no panic, and every answer is the
//! plain scan's. Each input line is a change: `a|id|channel|phone|name=value;…` adds,
//! `u|…` upserts, `r|id` removes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salebot_sipout::matching::{Client, ClientIndex, Variables};
use salebot_sipout::phone::{find_phones, Phone};

fn scan(clients: &[Client], phone: Phone) -> Option<(String, Option<String>)> {
    let telephony = clients.iter().find(|c| {
        c.channel.eq_ignore_ascii_case("telephony") && c.phone.as_deref().and_then(Phone::try_parse) == Some(phone)
    });
    if let Some(c) = telephony {
        return Some((c.id.clone(), None));
    }
    for c in clients {
        for (name, value) in &c.variables.0 {
            if find_phones(value).map_or(false, |found| found.contains(&phone)) {
                return Some((c.id.clone(), Some(name.clone())));
            }
        }
    }
    None
}

fn client(fields: &[&str]) -> Client {
    let get = |i: usize| fields.get(i).copied().unwrap_or_default();
    let mut variables: Vec<(String, String)> = Vec::new();
    for pair in get(4).split(';').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !variables.iter().any(|(n, _)| n == name) {
            variables.push((name.to_string(), value.to_string()));
        }
    }
    Client {
        id: get(1).to_string(),
        channel: get(2).to_string(),
        phone: Some(get(3).to_string()).filter(|p| !p.is_empty()),
        variables: Variables(variables),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut model: Vec<Client> = Vec::new();
    // The seed from the input, so that a failing input fails again (answers must not
    // depend on it).
    let seed = data.iter().fold(0u64, |h, &b| h.rotate_left(7) ^ u64::from(b));
    let mut index = ClientIndex::with_seed(seed);
    let mut phones: Vec<Phone> = Vec::new();
    for line in text.lines().take(64) {
        let fields: Vec<&str> = line.split('|').collect();
        if let Ok(found) = find_phones(line) {
            phones.extend(found);
        }
        phones.extend(fields.iter().filter_map(|f| Phone::try_parse(f)));
        match fields.first().copied() {
            Some("a") => {
                let c = client(&fields);
                let ok = index.add_clients([c.view()]).is_ok();
                if ok {
                    model.push(c);
                }
            }
            Some("u") => {
                let c = client(&fields);
                if let Ok(added) = index.upsert_client(c.view()) {
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
            }
            Some("r") => {
                let id = fields.get(1).copied().unwrap_or_default();
                let there = model.iter().position(|m| m.id == id);
                assert_eq!(index.remove_client(id), there.is_some());
                if let Some(i) = there {
                    model.remove(i);
                }
            }
            _ => {}
        }
        assert_eq!(index.len(), model.len());
        phones.sort();
        phones.dedup();
        for &p in &phones {
            let got = index.lookup(p).map(|h| (h.client_id.to_string(), h.variable.map(str::to_string)));
            assert_eq!(got, scan(&model, p), "phone {p}");
        }
    }
});
