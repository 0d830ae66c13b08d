//! Pages: a vector that grows a fixed-size page at a time.
//!
//! A `Vec` that doubles copies everything it holds and, for the time of the copy, holds it
//! twice; in WebAssembly the module's memory never shrinks, so that peak stays for good.
//! Past the first page, pages never copy: growing adds one page, and the memory held is
//! what is used plus at most one page. The first page grows as a `Vec` does, so that a
//! small index stays small.

/// Elements per page, as a power of two.
const PAGE_BITS: u32 = 14;
/// Elements per page.
pub(crate) const PAGE_LEN: usize = 1 << PAGE_BITS;
const PAGE_MASK: usize = PAGE_LEN - 1;

/// A growable sequence of `T` held in pages of [`PAGE_LEN`] elements.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pages<T> {
    pages: Vec<Vec<T>>,
    len: usize,
}

impl<T: Copy + Default> Pages<T> {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    pub(crate) fn get(&self, i: usize) -> Option<T> {
        if i >= self.len {
            return None;
        }
        self.pages.get(i >> PAGE_BITS)?.get(i & PAGE_MASK).copied()
    }

    /// Replaces the element at `i`; false if there is none.
    #[inline(always)]
    pub(crate) fn set(&mut self, i: usize, value: T) -> bool {
        if i >= self.len {
            return false;
        }
        match self.pages.get_mut(i >> PAGE_BITS).and_then(|page| page.get_mut(i & PAGE_MASK)) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    pub(crate) fn push(&mut self, value: T) {
        if self.len & PAGE_MASK == 0 && self.len >> PAGE_BITS == self.pages.len() {
            let capacity = if self.pages.is_empty() { 0 } else { PAGE_LEN };
            self.pages.push(Vec::with_capacity(capacity));
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(value);
            self.len = self.len.wrapping_add(1);
        }
    }

    /// Keeps the first `len` elements, releasing the pages past them.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.len = len;
            self.pages.truncate(len.div_ceil(PAGE_LEN));
            let keep = len.saturating_sub(self.pages.len().saturating_sub(1).saturating_mul(PAGE_LEN));
            if let Some(last) = self.pages.last_mut() {
                last.truncate(keep);
            }
        }
    }

    /// The memory held, in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.pages
            .iter()
            .map(|p| p.capacity().saturating_mul(std::mem::size_of::<T>()))
            .fold(0usize, usize::saturating_add)
            .saturating_add(self.pages.capacity().saturating_mul(std::mem::size_of::<Vec<T>>()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_truncates_across_pages() {
        let mut p = Pages::<u32>::default();
        for i in 0..(PAGE_LEN as u32 * 2 + 5) {
            p.push(i);
        }
        assert_eq!(p.len(), PAGE_LEN * 2 + 5);
        assert_eq!(p.get(PAGE_LEN + 3), Some(PAGE_LEN as u32 + 3));
        assert_eq!(p.get(PAGE_LEN * 2 + 5), None);
        assert!(p.set(7, 70));
        assert_eq!(p.get(7), Some(70));
        p.truncate(PAGE_LEN);
        assert_eq!(p.len(), PAGE_LEN);
        assert_eq!(p.get(PAGE_LEN), None);
        assert!(!p.set(PAGE_LEN, 1));
        p.push(9);
        assert_eq!(p.get(PAGE_LEN), Some(9));
        p.truncate(3);
        assert_eq!((p.len(), p.get(2), p.get(3)), (3, Some(2), None));
        p.push(5);
        assert_eq!(p.get(3), Some(5));
        p.truncate(0);
        p.push(1);
        assert_eq!((p.len(), p.get(0)), (1, Some(1)));
    }
}
