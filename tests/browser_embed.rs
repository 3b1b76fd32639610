//! Embedding in a real (headless) browser: `zkplay::ui::api::mount` (the `zkplay.mount` JS API)
//! with good and bad options, the compact view at step 1 of the lock tutorial, typing and "show
//! me" moving it on, Chinese, autoplay, and separate storage per embed.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

fn storage() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
}

/// A JS options object from (name, value) pairs.
fn options(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        js_sys::Reflect::set(&object, &JsValue::from_str(name), value).expect("set a field");
    }
    object.into()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// The message of the JS `Error` that `mount` answered with.
fn error_message(result: Result<(), JsValue>) -> String {
    let err = result.expect_err("mount should refuse these options");
    let err: js_sys::Error = err.dyn_into().expect("a JS Error");
    err.message().as_string().unwrap_or_default()
}

struct Embed {
    root: Element,
}

impl Embed {
    /// Mounts an embed through the JS API into a new element (storage under `key` cleared first).
    async fn mount(key: &str, fields: &[(&str, JsValue)]) -> Embed {
        let _ = storage().remove_item(key);
        let _ = storage().remove_item(&format!("{key}.progress"));
        Embed::mount_stored(key, fields).await
    }

    /// Mounts an embed over whatever `key` holds.
    async fn mount_stored(key: &str, fields: &[(&str, JsValue)]) -> Embed {
        let doc = document();
        let root = doc.create_element("div").expect("create a div");
        root.set_attribute("style", "height: 640px").expect("style");
        doc.body().expect("a body").append_child(&root).expect("append the div");
        let mut fields = fields.to_vec();
        fields.push(("storage_key", s(key)));
        zkplay::ui::api::mount(root.clone().into(), options(&fields)).expect("good options mount");
        let embed = Embed { root };
        embed.wait("the compact view", |e| e.one(".zk-embed .tutorial").is_some()).await;
        embed
    }

    fn close(self) {
        zkplay::ui::api::unmount(self.root.clone().into()).expect("unmount");
        assert!(self.one(".zk-embed").is_none(), "unmount empties the element");
        self.root.remove();
    }

    fn one(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// The step counter (1-based) the view shows.
    fn step(&self) -> usize {
        self.one(".zk-embed").and_then(|e| e.get_attribute("data-step")).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    /// The client whose console is shown.
    fn shown(&self) -> Option<String> {
        self.one("input.console-input").and_then(|e| e.get_attribute("data-client"))
    }

    fn input(&self, client: &str) -> Option<HtmlInputElement> {
        self.one(&format!("input.console-input[data-client=\"{client}\"]")).and_then(|e| e.dyn_into().ok())
    }

    fn button(&self, selector: &str) -> HtmlElement {
        self.one(selector).and_then(|e| e.dyn_into().ok()).unwrap_or_else(|| panic!("no button {selector}"))
    }

    async fn wait_ms(&self, what: &str, ms: u32, done: impl Fn(&Embed) -> bool) {
        for _ in 0..ms / 20 {
            if done(self) {
                return;
            }
            TimeoutFuture::new(20).await;
        }
        panic!(
            "timed out waiting for {what}; step {}, shown {:?}, panel: {:?}",
            self.step(),
            self.shown(),
            self.text(".tutorial")
        );
    }

    async fn wait(&self, what: &str, done: impl Fn(&Embed) -> bool) {
        self.wait_ms(what, 15_000, done).await;
    }

    async fn type_line(&self, client: &str, line: &str) {
        let input = self.input(client).unwrap_or_else(|| panic!("no console for {client}"));
        input.set_value(line);
        let init = KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a keydown event");
        input.dispatch_event(&event).expect("dispatch keydown");
    }
}

#[wasm_bindgen_test]
async fn mount_renders_step_one_of_the_lock_tutorial() {
    let embed = Embed::mount("zkplay.test.embed.first", &[("tutorial", s("lock")), ("lang", s("en"))]).await;
    assert_eq!(embed.step(), 1);
    assert_eq!(embed.one(".zk-embed").and_then(|e| e.get_attribute("data-tutorial")).as_deref(), Some("lock"));
    assert!(embed.text(".tut-title").contains("Distributed lock"), "title: {}", embed.text(".tut-title"));
    assert!(embed.text(".tut-objective").contains("A takes the lock"), "objective: {}", embed.text(".tut-objective"));
    // The acting client's console, chips for the tutorial's clients, and the tree.
    assert_eq!(embed.shown().as_deref(), Some("A"));
    for client in ["A", "B", "C"] {
        assert!(embed.one(&format!(".embed-chip[data-client=\"{client}\"]")).is_some(), "chip {client}");
    }
    assert!(embed.one(".embed-tree .tree-view").is_some(), "a tree");
    assert!(embed.text(".console-lines").contains("Welcome to ZooKeeper!"));
    // No sandbox chrome: no toolbar, no second pane.
    assert!(embed.one(".topbar").is_none());
    assert!(embed.one(".panes").is_none());
    embed.close();
}

#[wasm_bindgen_test]
async fn bad_options_get_clear_errors() {
    let el: JsValue = document().create_element("div").expect("a div").into();
    assert_eq!(
        error_message(zkplay::ui::api::mount(el.clone(), options(&[("tutorial", s("x"))]))),
        "zkplay.mount: unknown tutorial \"x\"; expected one of lock, failover, workers, herd, election"
    );
    let wrong_type =
        error_message(zkplay::ui::api::mount(el.clone(), options(&[("tutorial", s("lock")), ("autoplay", s("yes"))])));
    assert!(wrong_type.starts_with("zkplay.mount: bad options: "), "{wrong_type}");
    let missing = error_message(zkplay::ui::api::mount(el.clone(), options(&[("lang", s("zh"))])));
    assert!(missing.starts_with("zkplay.mount: bad options: missing option \"tutorial\""), "{missing}");
    let typo = error_message(zkplay::ui::api::mount(el.clone(), options(&[("tutorail", s("lock"))])));
    assert!(typo.starts_with("zkplay.mount: bad options: unknown option \"tutorail\""), "{typo}");
    assert_eq!(
        error_message(zkplay::ui::api::mount(el.clone(), options(&[("tutorial", s("lock")), ("lang", s("fr"))]))),
        "zkplay.mount: unknown lang \"fr\"; expected \"en\" or \"zh\""
    );
    let not_object = error_message(zkplay::ui::api::mount(el.clone(), s("lock")));
    assert!(not_object.starts_with("zkplay.mount: bad options: options must be an object"), "{not_object}");
    assert_eq!(
        error_message(zkplay::ui::api::mount(s("#demo"), options(&[("tutorial", s("lock"))]))),
        "zkplay.mount: the first argument must be a DOM element"
    );
}

#[wasm_bindgen_test]
async fn typing_the_goal_moves_on_and_shows_the_next_acting_client() {
    let embed = Embed::mount("zkplay.test.embed.typing", &[("tutorial", s("lock")), ("lang", s("en"))]).await;
    embed.type_line("A", "create -e /lock \"lock\"").await;
    embed.wait("step 2", |e| e.step() == 2).await;
    // Step 2 is B's: its console comes into view.
    embed.wait("B's console", |e| e.shown().as_deref() == Some("B")).await;
    assert!(embed.text(".tut-objective").contains("B tries"), "{}", embed.text(".tut-objective"));
    // A miss gets a hint.
    embed.type_line("B", "ls /").await;
    embed.wait("a hint", |e| e.one(".tut-hint").is_some()).await;
    embed.close();
}

#[wasm_bindgen_test]
async fn show_me_types_the_step_and_a_chip_switches_the_console() {
    let embed = Embed::mount("zkplay.test.embed.show", &[("tutorial", s("lock")), ("lang", s("en"))]).await;
    embed.button(".tut-show").click();
    embed.wait("visible typing in A's input", |e| e.input("A").is_some_and(|i| !i.value().is_empty())).await;
    embed.wait("step 2 after show me", |e| e.step() == 2).await;
    embed.wait("B shown", |e| e.shown().as_deref() == Some("B")).await;
    embed.button(".embed-chip[data-client=\"C\"]").click();
    embed.wait("C shown", |e| e.shown().as_deref() == Some("C")).await;
    embed.close();
}

#[wasm_bindgen_test]
async fn chinese_and_autoplay() {
    let embed = Embed::mount(
        "zkplay.test.embed.zh",
        &[("tutorial", s("lock")), ("lang", s("zh")), ("autoplay", JsValue::TRUE)],
    )
    .await;
    assert!(embed.text(".tut-objective").contains("A 获取锁"), "{}", embed.text(".tut-objective"));
    assert_eq!(embed.one(".zk-embed").and_then(|e| e.get_attribute("lang")).as_deref(), Some("zh"));
    // Autoplay walks on by itself (with pauses between steps).
    embed.wait_ms("autoplay to reach step 3", 15_000, |e| e.step() >= 3).await;
    embed.button(".embed-autoplay").click();
    embed.close();
}

#[wasm_bindgen_test]
async fn embeds_keep_their_own_storage() {
    let one = Embed::mount("zkplay.test.embed.one", &[("tutorial", s("lock")), ("lang", s("en"))]).await;
    let two = Embed::mount("zkplay.test.embed.two", &[("tutorial", s("lock")), ("lang", s("en"))]).await;
    one.type_line("A", "create -e /lock \"lock\"").await;
    one.wait("step 2 in the first embed", |e| e.step() == 2).await;
    TimeoutFuture::new(600).await;
    assert_eq!(two.step(), 1, "the second embed has its own playground");
    let saved = storage().get_item("zkplay.test.embed.one").ok().flatten().expect("the first embed saved");
    assert!(saved.contains("/lock"), "the first embed's playground has /lock");
    let other = storage().get_item("zkplay.test.embed.two").ok().flatten().unwrap_or_default();
    assert!(!other.contains("/lock"), "the second embed's playground does not");
    assert!(storage().get_item("zkplay.test.embed.one.progress").ok().flatten().is_some_and(|p| p.contains("lock")));
    one.close();
    two.close();
    // Mounted again under the same key, the first embed carries on where it was.
    let again = Embed::mount_stored("zkplay.test.embed.one", &[("tutorial", s("lock")), ("lang", s("en"))]).await;
    assert_eq!(again.step(), 2, "restored from storage");
    assert!(again.text(".embed-tree").contains("lock"), "the restored tree has /lock");
    again.close();
    // The default key is per tutorial.
    assert_eq!(zkplay::view::embed::storage_key_for("herd"), "zkplay.embed.herd");
}
