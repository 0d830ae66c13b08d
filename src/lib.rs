//! The logic of the SipOut telephony integration of the Salebot bot platform, with no I/O.
//!
//! The host (Salebot's front-end, an edge worker, a block builder) calls these functions
//! and does the HTTP calls and the storage itself. The core modules are plain Rust; the
//! [`js`] module is the one boundary that exports them to JavaScript through
//! wasm-bindgen; the `cabi` module (feature `c-abi`) exports the block dispatcher to any
//! WebAssembly host through a plain C ABI.

pub mod block;
pub mod deal;
pub mod error;
pub mod event;
pub mod json;
pub mod notification;
pub mod phone;
pub mod time;
pub mod webhook;

#[cfg(feature = "js")]
pub mod js;

#[cfg(all(feature = "c-abi", target_arch = "wasm32"))]
pub mod cabi;

pub use block::{run_block_action, BlockError};
pub use deal::{deal_variables, DealVariables};
pub use error::Error;
pub use event::{Action, CallEvent, Direction, RecordLink, Status};
pub use notification::{build_notifications, Locale, Notification, NotificationKind, NotificationOptions};
pub use phone::{find_phones, ParsedPhone, Phone, PhoneError};
pub use time::EventTime;
pub use webhook::{parse as parse_webhook, WebhookError};
