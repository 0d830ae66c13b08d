//! The logic of the SipOut telephony integration of the Salebot bot platform, with no I/O.
//!
//! The host (Salebot's front-end, an edge worker, a block builder) calls these functions
//! and does the HTTP calls and the storage itself. The core modules are plain Rust; the
//! [`js`] module is the one boundary that exports them to JavaScript through
//! wasm-bindgen; the `cabi` module (feature `c-abi`) exports the block dispatcher to any
//! WebAssembly host through a plain C ABI.
//!
//! Nothing reachable from an export may panic: a panic in wasm is a trap that loses the
//! instance. Outside tests the crate denies the calls and operators that can.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod block;
pub mod calling;
pub mod crm;
pub mod deal;
pub mod error;
pub mod event;
mod hash;
pub mod http_url;
pub mod json;
pub mod json_writer;
pub mod matching;
pub mod notification;
pub mod phone;
pub mod settings;
mod sort;
mod text;
pub mod time;
mod u64_map;
pub mod webhook;
pub mod widget;

#[cfg(feature = "js")]
pub mod js;

#[cfg(all(feature = "c-abi", target_arch = "wasm32"))]
pub mod cabi;

pub use block::{run_block_action, BlockError};
pub use calling::{card_phone_actions, phone_action, CallRequest, CallingError, CardPhone, PhoneAction};
pub use crm::{crm_requests, CrmError, CrmSettings, CrmState, HttpRequest};
pub use deal::{deal_variables, DealVariables};
pub use error::Error;
pub use event::{Action, CallEvent, Direction, RecordLink, Status};
pub use notification::{build_notifications, Locale, Notification, NotificationKind, NotificationOptions};
pub use phone::{find_phones, Canonical, ParsedPhone, Phone, PhoneError};
pub use settings::{
    apply_extensions, mask_api_key, sipout_employees, validate_settings, ApiKey, CallMode, Employee,
    ExtensionAssignment, Settings, SettingsError, SipoutEmployee,
};
pub use time::EventTime;
pub use webhook::{parse as parse_webhook, WebhookError};
pub use widget::{callback_widget_request, WidgetError, WidgetRequest};

/// The module's allocator: Talc in place of the standard library's dlmalloc, smaller in
/// the module. Single-threaded, as every host runs the module.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
