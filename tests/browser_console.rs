//! The zkCli console in a real (headless) browser: `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

/// A fresh `<div>` in the page with a console (and its own playground) mounted into it.
async fn mount() -> (Element, yew::AppHandle<zkplay::ui::Console>) {
    let doc = document();
    let root = doc.create_element("div").expect("create a div");
    doc.body().expect("a body").append_child(&root).expect("append the div");
    let handle = zkplay::ui::mount_console_into(&root);
    wait_until(&root, "the console's input", |root| input(root).is_some()).await;
    (root, handle)
}

fn input(root: &Element) -> Option<HtmlInputElement> {
    root.query_selector("input.console-input").ok().flatten().and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
}

/// The text of every scrollback line, in order.
fn lines(root: &Element) -> Vec<String> {
    let list = root.query_selector_all(".console .console-line").expect("a valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).map(|node| node.text_content().unwrap_or_default()).collect()
}

fn prompt(root: &Element) -> String {
    root.query_selector(".console-prompt").ok().flatten().and_then(|el| el.text_content()).unwrap_or_default()
}

/// Yields to the browser (and yew's scheduler) until `done` holds; panics after 5 s.
async fn wait_until(root: &Element, what: &str, done: impl Fn(&Element) -> bool) {
    for _ in 0..500 {
        if done(root) {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for {what}; scrollback: {:#?}; prompt: {:?}", lines(root), prompt(root));
}

fn press(input: &HtmlInputElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a keydown event");
    input.dispatch_event(&event).expect("dispatch keydown");
}

/// Types `line` into the console and presses Enter; waits until the echo appears.
async fn type_line(root: &Element, line: &str) {
    let before = lines(root).len();
    let input = input(root).expect("the console's input");
    input.set_value(line);
    press(&input, "Enter");
    wait_until(root, &format!("the echo of {line:?}"), |root| {
        lines(root).iter().skip(before).any(|l| l.ends_with(line))
    })
    .await;
}

#[wasm_bindgen_test]
async fn console_opens_client_a_on_the_ensemble() {
    let (root, handle) = mount().await;
    let shown = lines(&root);
    assert_eq!(
        shown.first().map(String::as_str),
        Some(format!("Connecting to {ENSEMBLE}").as_str()),
        "banner: {shown:#?}"
    );
    assert!(root.query_selector(".console").ok().flatten().is_some());
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_ls_root_echoes_the_command_and_lists_zookeeper() {
    let (root, handle) = mount().await;
    wait_until(&root, "the first prompt", |root| prompt(root) == format!("[zk: {ENSEMBLE}(CONNECTED) 0] ")).await;

    type_line(&root, "ls /").await;

    let shown = lines(&root);
    let echo = shown
        .iter()
        .position(|l| l.ends_with("] ls /"))
        .unwrap_or_else(|| panic!("no line ends with `] ls /`: {shown:#?}"));
    assert_eq!(shown[echo], format!("[zk: {ENSEMBLE}(CONNECTED) 0] ls /"));
    assert_eq!(shown.get(echo + 1).map(String::as_str), Some("[zookeeper]"), "scrollback: {shown:#?}");
    assert_eq!(input(&root).map(|i| i.value()), Some(String::new()));
    assert_eq!(prompt(&root), format!("[zk: {ENSEMBLE}(CONNECTED) 1] "));
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn arrow_keys_recall_typed_commands() {
    let (root, handle) = mount().await;
    type_line(&root, "ls /").await;
    type_line(&root, "stat /").await;
    let input = input(&root).expect("the console's input");

    press(&input, "ArrowUp");
    assert_eq!(input.value(), "stat /");
    press(&input, "ArrowUp");
    assert_eq!(input.value(), "ls /");
    press(&input, "ArrowUp");
    assert_eq!(input.value(), "ls /", "the oldest command stays");
    press(&input, "ArrowDown");
    assert_eq!(input.value(), "stat /");
    press(&input, "ArrowDown");
    assert_eq!(input.value(), "", "past the newest: an empty line");
    handle.destroy();
    root.remove();
}
