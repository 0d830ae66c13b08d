//! The names of the variables that hold phones, each stored once and known by a number.

use std::collections::HashMap;

/// Variable names, numbered in the order first seen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    list: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u16>,
    bytes: usize,
}

impl Names {
    /// The number of `name`, adding it if new; `None` when `limit` names are already held.
    pub(crate) fn intern(&mut self, name: &str, limit: usize) -> Option<u16> {
        if let Some(&n) = self.numbers.get(name) {
            return Some(n);
        }
        if self.list.len() >= limit {
            return None;
        }
        let n = u16::try_from(self.list.len()).ok()?;
        self.list.push(name.into());
        self.numbers.insert(name.into(), n);
        self.bytes += 2 * name.len();
        Some(n)
    }

    pub(crate) fn get(&self, n: u16) -> Option<&str> {
        self.list.get(usize::from(n)).map(|s| &**s)
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// The memory held, in bytes, roughly: the names twice and the table.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes + self.list.capacity() * std::mem::size_of::<Box<str>>() + self.numbers.capacity() * 24
    }
}
