//! zkCli: a typed line in, exact zkCli 3.8 text out.
//!
//! [`parse`] is zkCli's tokenizer and option parser, [`commands`] its commands, [`format`] its
//! output formats, [`console::Console`] one zkCli process (prompt, history, watch records).

pub mod commands;
pub mod console;
pub mod format;
pub mod parse;
pub mod quota;

pub use console::{ClientState, Console, Executed};
