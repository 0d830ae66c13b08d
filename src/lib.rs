//! The logic of the SipOut telephony integration of the Salebot bot platform, with no I/O.
//!
//! The host (Salebot's front-end, an edge worker, a block builder) calls these functions
//! and does the HTTP calls and the storage itself. The core modules are plain Rust; the
//! [`js`] module is the one boundary that exports them to JavaScript through
//! wasm-bindgen.

pub mod error;
pub mod matching;
pub mod phone;

#[cfg(feature = "js")]
pub mod js;

pub use error::Error;
pub use phone::{find_phones, ParsedPhone, Phone, PhoneError};
