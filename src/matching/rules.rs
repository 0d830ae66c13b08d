//! What it is for a client to hold a phone: the rules of the seed's scan, shared by the
//! matcher and the index so that both answer alike.

use crate::phone::{find_phones, may_hold_phone, Phone, PhoneError, MAX_TEXT_BYTES};

/// The channel of clients created for calls: they can be called, never written to.
pub const TELEPHONY: &str = "telephony";

/// Whether a channel is Telephony (compared without regard to ASCII case).
pub fn is_telephony(channel: &str) -> bool {
    channel.eq_ignore_ascii_case(TELEPHONY)
}

/// A Telephony client's own phone: its `phone` read as one number in any accepted
/// spelling. Other channels' `phone`, and a `phone` that is not a number, give none.
pub(crate) fn own_phone(channel: &str, phone: Option<&str>) -> Option<Phone> {
    if is_telephony(channel) {
        phone.and_then(Phone::try_parse)
    } else {
        None
    }
}

/// The phones a variable's value holds, as [`find_phones`] finds them in free text; an
/// error only for a value over [`MAX_TEXT_BYTES`].
pub(crate) fn phones_in(value: &str) -> Result<Vec<Phone>, PhoneError> {
    if value.len() > MAX_TEXT_BYTES || may_hold_phone(value) {
        find_phones(value)
    } else {
        Ok(Vec::new())
    }
}
