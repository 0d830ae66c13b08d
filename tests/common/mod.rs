//! What the integration tests share: the crate's JSON, as its own writer gives it
//! (`json_writer`, what the modules send), held byte for byte to serde_json's text of the
//! same value (through the `serde` feature's derives, written apart from the writer's impls).

use salebot_sipout::json_writer::{self, WriteJson};
use serde::Serialize;

/// The crate's JSON text of `value`, once serde_json has been found to write the same.
#[allow(dead_code)]
pub fn json<T: WriteJson + Serialize>(value: &T) -> String {
    let ours = json_writer::to_string(value);
    let theirs = serde_json::to_string(value).expect("serde_json writes the value");
    assert_eq!(ours, theirs, "the crate's writer and serde_json differ");
    ours
}

/// [`json`], read back.
#[allow(dead_code)]
pub fn value<T: WriteJson + Serialize>(value: &T) -> serde_json::Value {
    serde_json::from_str(&json(value)).expect("the crate's JSON reads back")
}
