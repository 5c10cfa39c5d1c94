//! The datasets compiled into the binary, so an installed `itx` works from
//! any directory.

pub struct Bundled {
    pub name: &'static str,
    pub text: &'static str,
}

pub const ALL: &[Bundled] = &[
    Bundled {
        name: "uk-electoral-commission",
        text: include_str!("../../data/uk-electoral-commission.yaml"),
    },
    Bundled {
        name: "apt31",
        text: include_str!("../../data/apt31.yaml"),
    },
];

/// The dataset `itx` opens when given none.
pub const DEFAULT: &str = "uk-electoral-commission";

pub fn find(name: &str) -> Option<&'static Bundled> {
    ALL.iter().find(|b| b.name == name)
}

pub fn default() -> &'static Bundled {
    find(DEFAULT).expect("the default dataset is bundled")
}
