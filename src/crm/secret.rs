//! A secret: a credential the requests must carry but nothing else may show.

use std::fmt;

/// A credential (the amoCRM access token, the Bitrix24 webhook token). `Debug` writes
/// `Secret(***)`; there is no `Display` and no serialisation: only the requests that need
/// it read it, through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The credential itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}
