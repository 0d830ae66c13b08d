//! The names of the variables that hold phones, each stored once and known by a number.

/// Variable names, numbered in the order first seen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    list: Vec<Box<str>>,
    /// The numbers, sorted by name, for a binary search.
    sorted: Vec<u16>,
    bytes: usize,
}

impl Names {
    /// The number of `name`, adding it if new; `None` when `limit` names are already held.
    pub(crate) fn intern(&mut self, name: &str, limit: usize) -> Option<u16> {
        let at = match self.sorted.binary_search_by(|&n| self.list.get(usize::from(n)).map_or("", |s| s).cmp(name)) {
            Ok(i) => return self.sorted.get(i).copied(),
            Err(i) => i,
        };
        if self.list.len() >= limit {
            return None;
        }
        let n = u16::try_from(self.list.len()).ok()?;
        self.list.push(name.into());
        self.sorted.insert(at, n);
        self.bytes += name.len();
        Some(n)
    }

    pub(crate) fn get(&self, n: u16) -> Option<&str> {
        self.list.get(usize::from(n)).map(|s| &**s)
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes + self.list.capacity() * std::mem::size_of::<Box<str>>() + self.sorted.capacity() * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_first_seen() {
        let mut names = Names::default();
        assert_eq!(names.intern("phone", 10), Some(0));
        assert_eq!(names.intern("contact", 10), Some(1));
        assert_eq!(names.intern("phone", 10), Some(0));
        assert_eq!(names.intern("address", 10), Some(2));
        assert_eq!(names.intern("x", 3), None);
        assert_eq!(names.get(1), Some("contact"));
        assert_eq!(names.intern("contact", 3), Some(1));
    }
}
