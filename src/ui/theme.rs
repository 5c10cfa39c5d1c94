//! Colours and emphasis. Without colour (NO_COLOR, TERM=dumb) every
//! meaning still shows: the selection is reversed and marked with `▶`,
//! matches are bold and underlined.

use crate::model::Phase;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set (to anything) or the terminal is dumb.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Theme {
            color: !(no_color || dumb),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn phase(&self, p: Option<Phase>) -> Style {
        let c = match p {
            Some(Phase::Compromise) => Color::Red,
            Some(Phase::Discovery) => Color::Yellow,
            Some(Phase::Disclosure) => Color::Magenta,
            Some(Phase::Attribution) => Color::Cyan,
            Some(Phase::Response) => Color::Green,
            Some(Phase::Context) | None => Color::DarkGray,
        };
        let s = self.fg(c);
        if matches!(p, Some(Phase::Context) | None) {
            s
        } else {
            s.add_modifier(Modifier::BOLD)
        }
    }
}
