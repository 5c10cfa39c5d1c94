//! A list that is nearly always one item long: an event's sources. Every
//! row of a forensic timeline is backed by exactly its file; as a
//! `ThinVec` each took a 32-byte allocation besides its word, a tenth of
//! what such a row keeps. One item is held in place.

use std::fmt;
use std::ops::Deref;
use thin_vec::ThinVec;

#[derive(Clone, PartialEq, Eq)]
pub enum Few<T> {
    One(T),
    /// None, or more than one.
    More(ThinVec<T>),
}

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few::More(ThinVec::new())
    }
}

impl<T: Clone> Few<T> {
    pub fn push(&mut self, item: T) {
        match self {
            Few::More(v) if v.is_empty() => *self = Few::One(item),
            Few::More(v) => v.push(item),
            Few::One(first) => {
                let mut v = ThinVec::with_capacity(2);
                v.push(first.clone());
                v.push(item);
                *self = Few::More(v);
            }
        }
    }
}

impl<T> Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Few::One(item) => std::slice::from_ref(item),
            Few::More(v) => v,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Few<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Clone> FromIterator<T> for Few<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut out = Few::default();
        for item in items {
            out.push(item);
        }
        out
    }
}

impl<T: Clone> From<Vec<T>> for Few<T> {
    fn from(v: Vec<T>) -> Self {
        v.into_iter().collect()
    }
}

impl<T: PartialEq, const N: usize> PartialEq<[T; N]> for Few<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        **self == *other
    }
}

impl<'a, T> IntoIterator for &'a Few<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_reads_as_the_list_pushed_and_one_item_takes_no_allocation() {
        let mut f: Few<u32> = Few::default();
        assert!(f.is_empty());
        f.push(7);
        assert!(matches!(f, Few::One(7)));
        f.push(3);
        f.push(9);
        assert_eq!(&f[..], [7, 3, 9]);
        assert_eq!(Few::from(vec![4u32]), Few::One(4));
        assert!(Few::One(4u32) == [4] && Few::One(4u32) != [5] && Few::<u32>::default() != [4]);
        assert_eq!((0..5u32).collect::<Few<u32>>().to_vec(), [0, 1, 2, 3, 4]);
        assert_eq!(format!("{:?}", Few::One(2u32)), "[2]");
        assert_eq!(std::mem::size_of::<Few<u32>>(), 16);
    }
}
