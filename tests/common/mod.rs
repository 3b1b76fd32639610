//! The playground page as the browser tests see it: mounted under its own localStorage key,
//! queried by CSS selectors, typed into with real keydown events. Shared by the browser test
//! files (`mod common;`), each of which adds its own page helpers.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

pub fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
}

/// A bubbling, cancelable keydown of `key` on `target`.
pub fn press(target: &EventTarget, key: &str, ctrl: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a keydown event");
    target.dispatch_event(&event).expect("dispatch keydown");
}

pub struct Page {
    pub root: Element,
    handle: Option<yew::AppHandle<zkplay::ui::App>>,
}

impl Page {
    /// Mounts the page under `key` (whatever the storage holds there is loaded) and waits until
    /// it is ready for keys: yew may run the effects (the shortcut listener among them) a task
    /// after the first render.
    pub async fn open(key: &str) -> Page {
        let doc = document();
        let root = doc.create_element("div").expect("create a div");
        doc.body().expect("a body").append_child(&root).expect("append the div");
        let handle = zkplay::ui::mount_app_into(&root, key);
        let page = Page { root, handle: Some(handle) };
        page.wait("a console", |p| p.one(".console-input").is_some()).await;
        page.wait("the page's effects", |p| p.one(".app[data-ready]").is_some()).await;
        page
    }

    pub fn close(mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("a valid selector");
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
    }

    pub fn one(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    pub fn text(&self, selector: &str) -> String {
        self.one(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    pub fn click(&self, selector: &str) {
        let el: HtmlElement =
            self.one(selector).and_then(|e| e.dyn_into().ok()).unwrap_or_else(|| panic!("no element {selector}"));
        el.click();
    }

    /// `client`'s console input (the client must be shown in a pane).
    pub fn input(&self, client: &str) -> Option<HtmlInputElement> {
        self.one(&format!("input.console-input[data-client=\"{client}\"]")).and_then(|e| e.dyn_into().ok())
    }

    /// The scrollback lines of `client`'s console (shown in a pane).
    pub fn lines(&self, client: &str) -> Vec<String> {
        let Some(console) = self.input(client).and_then(|i| i.closest(".console").ok().flatten()) else {
            return Vec::new();
        };
        let list = console.query_selector_all(".console-line").expect("a valid selector");
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
    }

    /// Yields to the browser until `done` holds; panics after 20 s (CI machines can be slow),
    /// showing what the page shows.
    pub async fn wait(&self, what: &str, done: impl Fn(&Page) -> bool) {
        for _ in 0..2000 {
            if done(self) {
                return;
            }
            TimeoutFuture::new(10).await;
        }
        panic!(
            "timed out waiting for {what}; A: {:#?}; B: {:#?}; panel: {:?}; notice: {:?}",
            self.lines("A"),
            self.lines("B"),
            self.text(".guide-panel"),
            self.text(".notice")
        );
    }

    /// Types `line` into `client`'s console and presses Enter; waits for the echo.
    pub async fn type_line(&self, client: &str, line: &str) {
        self.wait(&format!("{client}'s console"), |p| p.input(client).is_some()).await;
        let before = self.lines(client).len();
        let input = self.input(client).unwrap_or_else(|| panic!("no input for {client}"));
        input.set_value(line);
        press(&input, "Enter", false);
        self.wait(&format!("the echo of {line:?} in {client}"), |p| {
            p.lines(client).iter().skip(before.saturating_sub(1)).any(|l| l.ends_with(line))
        })
        .await;
    }
}
