//! The browser UI (yew). It only renders: every ZooKeeper rule lives in the engine behind
//! [`crate::playground::Playground`].

mod console;
mod event_log;
mod flight;
mod inspector;
mod state;
mod tree;

use yew::prelude::*;

pub use console::Console;
pub use state::{Action, ConsoleState, Line, LineKind, ENSEMBLE};

/// Virtual time in milliseconds: the wall clock (a saturating cast, never panics).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The whole page below the header: for now one live zkCli console.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <main class="app">
            <section class="panel">
                <header class="panel-header">
                    <span class="panel-title">{ "zkCli" }</span>
                    <span class="panel-subtitle">{ ENSEMBLE }</span>
                </header>
                <Console />
            </section>
        </main>
    }
}

/// The page's entry point: renders [`App`] into `#zkplay` (or `<body>` if the page has none).
pub fn start() {
    console_error_panic_hook::set_once();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("zkplay"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// Mounts a fresh console (its own playground) into `element`. Tests and embedders use this;
/// `destroy()` on the handle unmounts it and stops its clock.
pub fn mount_console_into(element: &web_sys::Element) -> yew::AppHandle<Console> {
    yew::Renderer::<Console>::with_root(element.clone()).render()
}
