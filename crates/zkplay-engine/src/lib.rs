//! zkplay's engine: the ZooKeeper 3.8 service as pure, deterministic Rust (data tree, sessions,
//! watches, ACLs, zxids, a virtual clock). No I/O and no web dependency: time comes in as an
//! argument and effects go out as values. A crate of its own so that it can be compiled with its
//! own opt-level (see the workspace's Cargo.toml); the zkplay crate re-exports its modules
//! under the paths they had there (`zkplay::engine`, `zkplay::sorting`, `zkplay::vec_map`).

pub mod engine;
pub mod sorting;
pub mod vec_map;
