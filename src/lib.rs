//! zkplay: a ZooKeeper 3.8 playground.
//!
//! Data flows one way: a typed line goes to [`cli`], which turns it into requests to the pure
//! [`engine`]; the engine answers with results and watch events as values; [`cli`] formats them as
//! exact zkCli 3.8 text. [`playground::Playground`] ties several zkCli clients to one engine and
//! is the one API that the replay tool, the UI and the tutorials drive. Nothing outside `ui`
//! knows that a browser exists.

pub mod bench;
pub mod cli;
pub mod decimal;
pub mod json;
pub mod playground;
pub mod scenario;
pub mod tutorial;
pub mod view;

// The engine and the small collections it shares with the rest, from their own crate, under
// the paths they always had.
pub use zkplay_engine::{engine, sorting, vec_map};

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The wasm heap's allocator (see Cargo.toml): single-threaded, growing wasm memory as needed.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
