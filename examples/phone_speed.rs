use std::time::Instant;
fn main() {
    let inputs: Vec<String> = (0..100_000).map(|i| format!("+7 912 {:03}-{:02}-{:02}", i % 1000, i % 100, (i / 7) % 100)).collect();
    for _ in 0..3 {
        let t = Instant::now();
        let mut ok = 0;
        for x in &inputs {
            if salebot_sipout::Phone::parse(x).is_ok() { ok += 1; }
        }
        println!("{} ns/op ({ok})", t.elapsed().as_nanos() / inputs.len() as u128);
    }
}
