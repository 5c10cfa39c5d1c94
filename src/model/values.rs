//! The values of a dataset's fields, each distinct one kept once. A
//! forensic timeline repeats a few values (a host, a parser, a channel,
//! an event id) on a million rows: an event holds a 4-byte number for
//! each of its fields instead of the value itself, which took a 32-byte
//! slot per field per row, and search reads each distinct value once.

use super::FieldValue;
use foldhash::HashMap;
use std::sync::Arc;

/// Index of a value in `Dataset::values`. A type of its own, not a bare
/// number: a number prints, and a value shown where its number was meant
/// would pass every type check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueIx(pub u32);

impl ValueIx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Texts up to this long are looked up before being added; longer ones
/// (messages, XML) are rarely repeated, and hashing them costs more than
/// keeping a second copy.
const SHARED_TEXT: usize = 64;

/// A dataset's values as they are added, each distinct one numbered once.
#[derive(Debug, Default)]
pub struct ValueTable {
    list: Vec<FieldValue>,
    texts: HashMap<Arc<str>, ValueIx>,
    /// Numbers and booleans by kind and bits (a float's bits, so `-0.0`
    /// and `0.0` stay apart, as they print apart).
    others: HashMap<(u8, u64), ValueIx>,
}

impl ValueTable {
    /// A table holding `list` as it is, numbered as it is: what an
    /// importer that adds to a loaded dataset starts from.
    pub fn from_list(list: Vec<FieldValue>) -> ValueTable {
        let mut t = ValueTable::default();
        for (ix, v) in list.iter().enumerate() {
            t.remember(v, ValueIx(ix as u32));
        }
        t.list = list;
        t
    }

    /// The number of text `t` as `clean` makes it, adding it if new:
    /// looked up as given, so a text met again is neither cleaned nor
    /// copied.
    pub fn text(&mut self, t: &str, clean: impl FnOnce(&str) -> String) -> ValueIx {
        if t.len() <= SHARED_TEXT {
            if let Some(&ix) = self.texts.get(t) {
                return ix;
            }
        }
        self.push(FieldValue::Text(clean(t).into()))
    }

    /// The number of `v`, adding it if new.
    pub fn intern(&mut self, v: FieldValue) -> ValueIx {
        let found = match &v {
            FieldValue::Text(t) if t.len() <= SHARED_TEXT => self.texts.get(t).copied(),
            FieldValue::Text(_) => None,
            other => self.others.get(&other_key(other)).copied(),
        };
        found.unwrap_or_else(|| self.push(v))
    }

    /// A number for `v` of its own, without looking it up or keeping it
    /// to be found: for a column whose values rarely repeat (a record
    /// number), where the look-ups cost more than they save.
    pub fn add(&mut self, v: FieldValue) -> ValueIx {
        let ix = ValueIx(self.list.len() as u32);
        self.list.push(v);
        ix
    }

    /// How many values: a builder compares it before and after adding one
    /// to learn whether the value was new.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    fn push(&mut self, v: FieldValue) -> ValueIx {
        let ix = ValueIx(self.list.len() as u32);
        self.remember(&v, ix);
        self.list.push(v);
        ix
    }

    fn remember(&mut self, v: &FieldValue, ix: ValueIx) {
        match v {
            FieldValue::Text(t) if t.len() <= SHARED_TEXT => {
                self.texts.entry(t.clone()).or_insert(ix);
            }
            FieldValue::Text(_) => {}
            other => {
                self.others.entry(other_key(other)).or_insert(ix);
            }
        }
    }

    pub fn get(&self, ix: ValueIx) -> &FieldValue {
        &self.list[ix.index()]
    }

    pub fn into_list(mut self) -> Vec<FieldValue> {
        self.list.shrink_to_fit();
        self.list
    }
}

fn other_key(v: &FieldValue) -> (u8, u64) {
    match *v {
        FieldValue::Int(n) => (0, n as u64),
        FieldValue::Float(x) => (1, x.to_bits()),
        FieldValue::Bool(b) => (2, u64::from(b)),
        FieldValue::Text(_) => unreachable!("texts are kept by their text"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_met_again_takes_the_number_it_had() {
        let mut t = ValueTable::default();
        let host = t.text("SRV-DC01", str::to_string);
        let id = t.intern(FieldValue::Int(4625));
        assert_eq!(t.text("SRV-DC01", str::to_string), host);
        assert_eq!(t.intern(FieldValue::Text("SRV-DC01".into())), host);
        assert_eq!(t.intern(FieldValue::Int(4625)), id);
        assert_ne!(t.intern(FieldValue::Int(4624)), id);
        // The same digits as text, as a float and as a bool stay apart:
        // exports write each as it was.
        let four = t.intern(FieldValue::Int(1));
        assert_ne!(t.text("1", str::to_string), four);
        assert_ne!(t.intern(FieldValue::Float(1.0)), four);
        assert_ne!(t.intern(FieldValue::Bool(true)), four);
        assert_ne!(t.intern(FieldValue::Float(-0.0)), t.intern(FieldValue::Float(0.0)));
        assert_eq!(t.get(host), &FieldValue::Text("SRV-DC01".into()));
    }

    #[test]
    fn a_value_added_on_its_own_is_not_found_later() {
        let mut t = ValueTable::default();
        let own = t.add(FieldValue::Int(1_000_001));
        assert_eq!(t.get(own), &FieldValue::Int(1_000_001));
        assert_ne!(t.intern(FieldValue::Int(1_000_001)), own);
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn a_long_text_is_kept_as_often_as_it_comes() {
        let mut t = ValueTable::default();
        let long = "x".repeat(SHARED_TEXT + 1);
        assert_ne!(t.text(&long, str::to_string), t.text(&long, str::to_string));
        assert_ne!(
            t.intern(FieldValue::Text(long.as_str().into())),
            t.intern(FieldValue::Text(long.as_str().into()))
        );
        let short = "x".repeat(SHARED_TEXT);
        assert_eq!(t.text(&short, str::to_string), t.text(&short, str::to_string));
    }

    #[test]
    fn a_table_from_a_list_keeps_its_numbers_and_finds_its_values() {
        let list = vec![FieldValue::Text("a".into()), FieldValue::Int(7), FieldValue::Text("a".into())];
        let mut t = ValueTable::from_list(list.clone());
        assert_eq!(
            t.text("a", str::to_string),
            ValueIx(0),
            "the first of two equal values is the one found"
        );
        assert_eq!(t.intern(FieldValue::Int(7)), ValueIx(1));
        assert_eq!(t.text("b", str::to_string), ValueIx(3));
        assert_eq!(&t.into_list()[..3], &list[..]);
    }
}
