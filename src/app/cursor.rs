//! One list cursor for every list and scrolled view: which item is
//! selected and which is drawn first, clamped to the list and kept on
//! screen with the least movement.

/// A selection in a list of `len` items and the first item drawn. In a
/// scrolled view (help, detail, error) only `offset` counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    /// Moves the selection by `delta` (negative: up), within the list.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        self.selected = self.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
    }

    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    /// Keeps the selection and offset inside a list of `len` items.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// Moves `offset` the least needed for the selected item to be seen
    /// in `height` lines, where items `from..to` take `lines(from, to)`
    /// lines (every item at least one).
    pub fn keep_visible(&mut self, len: usize, height: usize, lines: impl Fn(usize, usize) -> usize) {
        self.keep_in_context(len, height, 0, lines);
    }

    /// `keep_visible`, with up to `context` items shown above and below
    /// the selection where the list has them (as a pager's scrolloff), so
    /// a jump lands with what leads to it in view.
    pub fn keep_in_context(&mut self, len: usize, height: usize, context: usize, lines: impl Fn(usize, usize) -> usize) {
        if len == 0 {
            *self = ListCursor::default();
            return;
        }
        self.clamp(len);
        let height = height.max(1);
        let context = context.min(height.saturating_sub(1) / 2);
        self.offset = self.offset.min(self.selected.saturating_sub(context));
        let end = (self.selected + 1 + context).min(len);
        // Every item takes at least one line, so after a long jump the
        // offset can skip straight to where the selection could be the
        // last row; stepping there one item at a time was quadratic (`G`
        // on a million events never returned).
        self.offset = self.offset.max(end.saturating_sub(height));
        while self.offset < self.selected && lines(self.offset, end) > height {
            self.offset += 1;
        }
    }

    /// `keep_visible` for items of one line each.
    pub fn keep_visible_rows(&mut self, len: usize, height: usize) {
        self.keep_visible(len, height, |from, to| to - from);
    }

    /// Scrolls a view of `lines` lines (0: not yet drawn, so not yet
    /// limited) shown `page` at a time by a movement key: a line, a page,
    /// to the top or the end. False for an action that does not scroll.
    pub fn scroll_key(&mut self, action: Option<super::keymap::Action>, lines: usize, page: usize) -> bool {
        use super::keymap::Action;
        let max = match lines {
            0 => usize::MAX,
            n => n.saturating_sub(page),
        };
        let page = page.max(1) as isize;
        let delta = match action {
            Some(Action::Down) => 1,
            Some(Action::Up) => -1,
            Some(Action::PageDown) => page,
            Some(Action::PageUp) => -page,
            Some(Action::Top) => isize::MIN,
            Some(Action::Bottom) => isize::MAX,
            _ => return false,
        };
        self.scroll_by(delta, max);
        true
    }

    /// Moves the selection of a list of `len` items by a movement key: an
    /// item, a page of `page`, to the first or the last. False for an
    /// action that does not move.
    pub fn list_key(&mut self, action: super::keymap::Action, len: usize, page: usize) -> bool {
        use super::keymap::Action;
        let page = page.max(1) as isize;
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return false,
        };
        self.move_by(delta, len);
        true
    }

    /// Scrolls a view by `delta` lines, never past `max` (its last
    /// useful first line).
    pub fn scroll_by(&mut self, delta: isize, max: usize) {
        self.offset = self.offset.saturating_add_signed(delta).min(max);
        self.selected = self.offset;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_clamped_to_the_list() {
        let mut c = ListCursor::default();
        c.move_by(5, 3);
        assert_eq!(c.selected, 2);
        c.move_by(-10, 3);
        assert_eq!(c.selected, 0);
        c.move_by(1, 0);
        assert_eq!(c.selected, 0, "an empty list");
        c.select(99, 4);
        assert_eq!(c.selected, 3);
    }

    #[test]
    fn keep_visible_moves_the_offset_the_least() {
        let mut c = ListCursor::default();
        c.select(9, 20);
        c.keep_visible_rows(20, 5);
        assert_eq!(c.offset, 5, "the selection is the last row shown");
        c.select(7, 20);
        c.keep_visible_rows(20, 5);
        assert_eq!(c.offset, 5, "already visible: no scroll");
        c.select(2, 20);
        c.keep_visible_rows(20, 5);
        assert_eq!(c.offset, 2);
        c.keep_visible_rows(0, 5);
        assert_eq!(c, ListCursor::default());
    }

    #[test]
    fn keep_visible_counts_items_of_several_lines() {
        // Every item takes two lines: five lines hold two items.
        let mut c = ListCursor::default();
        c.select(4, 10);
        c.keep_visible(10, 5, |from, to| 2 * (to - from));
        assert_eq!(c.offset, 3);
        // A jump to the end of a long list returns at once.
        let mut c = ListCursor::default();
        c.select(usize::MAX, 1_000_000);
        c.keep_visible(1_000_000, 40, |from, to| to - from);
        assert_eq!((c.selected, c.offset), (999_999, 999_960));
    }

    #[test]
    fn a_jump_lands_with_context_around_it() {
        let mut c = ListCursor::default();
        c.select(50, 100);
        c.keep_in_context(100, 10, 3, |from, to| to - from);
        assert_eq!(c.offset, 44, "three rows below the selection in view");
        c.select(40, 100);
        c.keep_in_context(100, 10, 3, |from, to| to - from);
        assert_eq!(c.offset, 37, "three rows above it");
        c.select(1, 100);
        c.keep_in_context(100, 10, 3, |from, to| to - from);
        assert_eq!(c.offset, 0, "no rows before the first");
        c.select(99, 100);
        c.keep_in_context(100, 10, 3, |from, to| to - from);
        assert_eq!(c.offset, 90, "none after the last");
        c.select(5, 100);
        c.keep_in_context(100, 2, 3, |from, to| to - from);
        assert_eq!(c.offset, 5, "a tiny view keeps the selection, not the context");
    }

    #[test]
    fn movement_keys_scroll_a_view_and_stop_at_its_end() {
        use crate::app::keymap::Action;
        let mut c = ListCursor::default();
        assert!(c.scroll_key(Some(Action::Bottom), 30, 10));
        assert_eq!(c.offset, 20, "the last page in view, no further");
        assert!(c.scroll_key(Some(Action::PageUp), 30, 10));
        assert_eq!(c.offset, 10);
        assert!(c.scroll_key(Some(Action::Top), 30, 10));
        assert_eq!(c.offset, 0);
        assert!(c.scroll_key(Some(Action::Down), 0, 10) && c.offset == 1, "not drawn yet: no limit");
        assert!(!c.scroll_key(Some(Action::Back), 30, 10), "not a movement key");
    }

    #[test]
    fn scrolling_stops_at_the_last_useful_line() {
        let mut c = ListCursor::default();
        c.scroll_by(10, 4);
        assert_eq!(c.offset, 4);
        c.scroll_by(-1, 4);
        assert_eq!(c.offset, 3);
        c.scroll_by(-10, 4);
        assert_eq!(c.offset, 0);
    }
}
