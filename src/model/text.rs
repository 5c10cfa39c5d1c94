//! Event titles and summaries, kept once. A super-timeline's titles are
//! most of its memory: a `String` each, and a second, lower-cased copy
//! for search, took two and a half times the file. Packed into one block
//! that search reads as it is (`SearchIndex`, for all but prose), each
//! title is a stretch of that block, and the block is the only copy.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Separates texts in a packed block, and a title from its summary: a
/// search term never matches across two (no title holds one; a summary's
/// own lines are fields of their own to search, too).
pub const SEP: u8 = b'\n';

/// A title or summary: a stretch of a block it may share with other
/// events. 16 bytes, against a `String`'s 24 and its allocation.
#[derive(Clone)]
pub struct Text {
    block: Arc<Box<str>>,
    start: u32,
    len: u32,
}

impl Text {
    pub fn as_str(&self) -> &str {
        let start = self.start as usize;
        &self.block[start..start + self.len as usize]
    }

    /// The block this text lies in and where: for search, which reads a
    /// packed block as one.
    pub(crate) fn place(&self) -> (&Arc<Box<str>>, usize, usize) {
        let start = self.start as usize;
        (&self.block, start, start + self.len as usize)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        let len = u32::try_from(s.len()).expect("a title under 4 GB");
        Text {
            block: Arc::new(s.into_boxed_str()),
            start: 0,
            len,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(s.to_string())
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from(String::new())
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl From<Text> for serde_json::Value {
    fn from(t: Text) -> serde_json::Value {
        t.as_str().into()
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

/// Texts written one after another into a block not yet shared: what an
/// importer writes a large dataset's titles into as it reads, so that no
/// title is allocated on its own (a million of them, each with its
/// shared count, left half of their pages empty once packed) and, when
/// the rows come in time order, the block is already packed.
pub(crate) struct Writer {
    block: String,
    /// What a written text points at until `share`: no text is read
    /// before then.
    pending: Arc<Box<str>>,
    /// The most the block holds: places are 32 bits.
    limit: usize,
}

impl Default for Writer {
    fn default() -> Writer {
        Writer {
            block: String::new(),
            pending: Arc::default(),
            limit: u32::MAX as usize,
        }
    }
}

impl Writer {
    /// `s`, written after the texts before it and `SEP`; past 4 GB, a
    /// text of its own.
    pub fn write(&mut self, s: &str) -> Text {
        let start = self.block.len();
        if start + s.len() + 1 > self.limit {
            return Text::from(s);
        }
        self.block.push_str(s);
        self.block.push(SEP as char);
        Text {
            block: self.pending.clone(),
            start: start as u32,
            len: s.len() as u32,
        }
    }

    /// Points each of `texts` that this writer wrote at the block, now
    /// shared.
    pub fn share<'a>(self, texts: impl Iterator<Item = &'a mut Text>) {
        let block = Arc::new(self.block.into_boxed_str());
        for t in texts {
            if Arc::ptr_eq(&t.block, &self.pending) {
                t.block = block.clone();
            }
        }
    }
}

/// Lays `texts` out in one block, in the order given, each followed by
/// `SEP`, and points each at its stretch of it (past 4 GB, at a block of
/// its own; see `Writer::write`).
pub(crate) fn pack<'a>(texts: impl Iterator<Item = &'a mut Text>, bytes: usize) {
    let mut writer = Writer {
        block: String::with_capacity(bytes.min(u32::MAX as usize)),
        ..Writer::default()
    };
    let written: Vec<&'a mut Text> = texts
        .map(|t| {
            let moved = writer.write(t);
            *t = moved;
            t
        })
        .collect();
    writer.share(written.into_iter());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_texts_read_as_they_were_and_share_one_block() {
        let mut texts: Vec<Text> = ["Logon", "", "Prefetch [CMD.EXE] ran", "Été"].map(Text::from).to_vec();
        let before: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        pack(texts.iter_mut(), 0);
        assert_eq!(texts.iter().map(|t| t.as_str()).collect::<Vec<_>>(), before);
        let (block, ..) = texts[0].place();
        assert!(texts.iter().all(|t| Arc::ptr_eq(t.place().0, block)));
        assert_eq!(&***block, "Logon\n\nPrefetch [CMD.EXE] ran\nÉté\n");
        assert_eq!(texts[2].place(), (block, 7, 29));
    }

    #[test]
    fn written_texts_read_as_written_once_shared_and_lie_packed() {
        let mut w = Writer::default();
        let mut texts = [w.write("Logon"), Text::from("own"), w.write(""), w.write("Été")];
        w.share(texts.iter_mut());
        assert_eq!(texts.iter().map(|t| t.as_str()).collect::<Vec<_>>(), ["Logon", "own", "", "Été"]);
        let (block, ..) = texts[0].place();
        assert_eq!(&***block, "Logon\n\nÉté\n");
        assert_eq!(texts[3].place(), (block, 7, 12));
        assert!(!Arc::ptr_eq(texts[1].place().0, block), "a text of its own stays so");
    }

    #[test]
    fn a_text_past_the_block_s_limit_is_written_on_its_own() {
        let mut w = Writer {
            limit: 12,
            ..Writer::default()
        };
        // "Logon\n" takes 6; "Logoff\n" would end at 13; "x\n" ends at 8;
        // "abc\n" ends at 12, exactly the limit.
        let mut texts = [w.write("Logon"), w.write("Logoff"), w.write("x"), w.write("abcd"), w.write("abc")];
        w.share(texts.iter_mut());
        assert_eq!(
            texts.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            ["Logon", "Logoff", "x", "abcd", "abc"]
        );
        let (block, ..) = texts[0].place();
        assert_eq!(&***block, "Logon\nx\nabc\n");
        let in_block: Vec<bool> = texts.iter().map(|t| Arc::ptr_eq(t.place().0, block)).collect();
        assert_eq!(in_block, [true, false, true, false, true]);
    }

    #[test]
    fn a_text_compares_and_prints_as_its_characters() {
        let t = Text::from("svc_backup logged on");
        assert_eq!(t, "svc_backup logged on");
        assert_eq!(t.to_string(), "svc_backup logged on");
        assert_eq!(format!("{t:?}"), "\"svc_backup logged on\"");
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 16);
    }
}
