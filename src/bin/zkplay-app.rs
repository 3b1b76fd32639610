//! The playground page's entry point (`zkplay-app.js`, built by trunk from www/index.html): the
//! page without the JS API of `zkplay.js` (see the `library` feature in Cargo.toml).

#[cfg(target_arch = "wasm32")]
fn main() {
    zkplay::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("zkplay-app is the playground page's wasm entry point: scripts/serve.sh builds and serves it.");
}
