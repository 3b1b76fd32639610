//! The web page's entry point (built by trunk). Natively it only says where the playground runs.

#[cfg(target_arch = "wasm32")]
fn main() {
    zkplay::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!(
        "zkplay runs in the browser: `scripts/serve.sh` (trunk serve) builds it and serves it on \
         http://127.0.0.1:8080/.\nTo replay a scenario natively: cargo run --release --bin \
         zkplay-replay -- SCENARIO.json"
    );
}
