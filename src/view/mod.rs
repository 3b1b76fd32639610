//! Pure view logic for the UI: no web crates, so it builds and tests natively. The yew
//! components in `ui/` only turn these values into DOM.

pub mod clock;
pub mod colors;
pub mod completion;
pub mod embed;
pub mod i18n;
pub mod layout;
pub mod persist;
pub mod tutorial_state;
pub mod world;
