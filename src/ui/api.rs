//! The JS API for pages that embed a tutorial without an iframe:
//!
//! ```js
//! import init, { mount } from './zkplay.js';
//! await init();
//! mount(document.getElementById('demo'), { tutorial: 'lock', lang: 'zh', autoplay: true });
//! ```
//!
//! Options (read with serde-wasm-bindgen, see [`MountOptions`]): `tutorial` (required: lock,
//! failover, workers, herd or election), `lang` (`"en"` or `"zh"`; default the browser's
//! language), `autoplay` (boolean), `storage_key` / `storageKey` (default
//! `zkplay.embed.<tutorial>`). Bad options throw a JS `Error` whose message says what is wrong.
//! `unmount(element)` removes a mounted view again (mounting into the same element replaces it).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AttrValue;

use super::embed::{Embed, EmbedProps};
use crate::json::Json;
use crate::view::embed::{options_error, resolve, EmbedConfig, MountOptions};

fn error(message: &str) -> JsValue {
    JsValue::from(js_sys::Error::new(message))
}

/// The browser's preferred language (`navigator.language`).
pub fn browser_lang() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// Reads and checks a JS options object.
pub fn read_options(options: JsValue) -> Result<EmbedConfig, JsValue> {
    if !options.is_object() {
        return Err(error(&options_error("options must be an object")));
    }
    // The options as JSON, read by the same small reader as saved state (no serde in the page);
    // stringify throws on cycles and BigInts.
    let text = js_sys::JSON::stringify(&options)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| error(&options_error("options must be plain data")))?;
    let options =
        Json::parse(&text).and_then(|value| MountOptions::from_json(&value)).map_err(|e| error(&options_error(&e)))?;
    resolve(&options, browser_lang().as_deref()).map_err(|e| error(&e))
}

/// Mounts the compact single-tutorial view into `element` (its content is replaced). Returns the
/// yew handle (Rust callers and tests can `destroy()` it).
pub fn mount_embed(element: &web_sys::Element, config: EmbedConfig) -> yew::AppHandle<Embed> {
    element.set_inner_html("");
    let props = EmbedProps {
        tutorial: AttrValue::Static(config.tutorial),
        lang: config.lang,
        autoplay: config.autoplay,
        storage_key: AttrValue::from(config.storage_key),
    };
    yew::Renderer::<Embed>::with_root_and_props(element.clone(), props).render()
}

thread_local! {
    /// The views `mount` made, by element: mounting into the same element again, or mounting
    /// after an element left the page, stops the old view (its clock and its autoplay).
    static MOUNTED: RefCell<Vec<(web_sys::Element, yew::AppHandle<Embed>)>> = const { RefCell::new(Vec::new()) };
}

/// Stops the view mounted into `element` (if any) and those whose element left the page.
fn release(element: Option<&web_sys::Element>) {
    let gone: Vec<_> = MOUNTED.with_borrow_mut(|mounted| {
        let (gone, kept) = std::mem::take(mounted)
            .into_iter()
            .partition(|(el, _)| !el.is_connected() || element.is_some_and(|e| e.is_same_node(Some(el))));
        *mounted = kept;
        gone
    });
    for (_, handle) in gone {
        handle.destroy();
    }
}

/// `zkplay.mount(element, options)`: mounts one live tutorial into `element`. The element is
/// taken as any JS value so that a wrong first argument gets a clear error too.
#[cfg_attr(feature = "library", wasm_bindgen)]
pub fn mount(element: JsValue, options: JsValue) -> Result<(), JsValue> {
    let element = element
        .dyn_into::<web_sys::Element>()
        .map_err(|_| error("zkplay.mount: the first argument must be a DOM element"))?;
    let config = read_options(options)?;
    release(Some(&element));
    let handle = mount_embed(&element, config);
    MOUNTED.with_borrow_mut(|mounted| mounted.push((element, handle)));
    Ok(())
}

/// `zkplay.unmount(element)`: removes the view `mount` put into `element` (saving it first).
#[cfg_attr(feature = "library", wasm_bindgen)]
pub fn unmount(element: JsValue) -> Result<(), JsValue> {
    let element = element
        .dyn_into::<web_sys::Element>()
        .map_err(|_| error("zkplay.unmount: the first argument must be a DOM element"))?;
    release(Some(&element));
    element.set_inner_html("");
    Ok(())
}

/// The engine benchmark in the browser (`benches/engine_wasm.mjs`): builds a tree of `size`
/// znodes, runs `ops` operations of the mixed workload of [`crate::bench`], and returns
/// `{ops_ms, expiry_ms}` measured with `performance.now()`.
#[cfg_attr(feature = "library", wasm_bindgen(js_name = benchEngine))]
pub fn bench_engine(size: u32, ops: u32) -> Result<JsValue, JsValue> {
    let performance =
        web_sys::window().and_then(|w| w.performance()).ok_or_else(|| error("benchEngine: no performance clock"))?;
    let mut bench = crate::bench::Bench::prepare(size as usize);
    bench.run_mix((ops / 10) as usize, || performance.now());
    let ops_ms = bench.run_mix(ops as usize, || performance.now());
    let session = bench.prepare_expiry(1_000);
    let start = performance.now();
    bench.expire(session);
    let expiry_ms = performance.now() - start;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"ops_ms".into(), &ops_ms.into())?;
    js_sys::Reflect::set(&out, &"expiry_ms".into(), &expiry_ms.into())?;
    Ok(out.into())
}

/// Each kind of request of the engine benchmark alone (`benches/engine_wasm.mjs`): builds a tree
/// of `size` znodes and returns `{kind: ns per request}` over `ops` requests of each kind (see
/// [`crate::bench::RequestKind`]), measured with `performance.now()`.
#[cfg_attr(feature = "library", wasm_bindgen(js_name = benchEngineKinds))]
pub fn bench_engine_kinds(size: u32, ops: u32) -> Result<JsValue, JsValue> {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| error("benchEngineKinds: no performance clock"))?;
    let mut bench = crate::bench::Bench::prepare(size as usize);
    let out = js_sys::Object::new();
    for kind in crate::bench::RequestKind::ALL {
        bench.run_kind(kind, (ops / 10) as usize, || performance.now());
        let ms = bench.run_kind(kind, ops as usize, || performance.now());
        js_sys::Reflect::set(&out, &kind.name().into(), &(ms * 1e6 / f64::from(ops.max(1))).into())?;
    }
    Ok(out.into())
}

thread_local! {
    /// A tree kept alive for the memory benchmark.
    static HELD: RefCell<Option<crate::bench::Bench>> = const { RefCell::new(None) };
}

/// Builds and keeps an engine holding `size` znodes (`benches/page.mjs` measures memory with it);
/// returns the number of znodes.
#[cfg_attr(feature = "library", wasm_bindgen(js_name = benchHold))]
pub fn bench_hold(size: u32) -> u32 {
    let bench = crate::bench::Bench::prepare(size as usize);
    let nodes = bench.engine.tree().len() as u32;
    HELD.with(|held| *held.borrow_mut() = Some(bench));
    nodes
}
