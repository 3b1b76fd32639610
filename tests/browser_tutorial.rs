//! The tutorial panel in a real (headless) browser: `cargo test --target wasm32-unknown-unknown`.
//! Starting a tutorial, advancing by typing, specific hints, "show me", the language switch,
//! completion remembered across a remount, and the sandbox coming back untouched. Every test
//! mounts its own page under its own localStorage keys.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod common;

use common::{storage, Page};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh page in English: nothing stored under `key` but the language.
async fn fresh(key: &str) -> Page {
    for k in [key.to_string(), format!("{key}.progress"), format!("{key}.sandbox")] {
        let _ = storage().remove_item(&k);
    }
    storage().set_item(&format!("{key}.progress"), r#"{"lang":"En"}"#).expect("set the language");
    Page::open(key).await
}

fn step_label(page: &Page) -> String {
    page.text(".tut-step-label")
}

async fn start(page: &Page, id: &str) {
    page.click(&format!(".tut-item[data-tutorial=\"{id}\"] button"));
    page.wait("the tutorial to start", |p| p.one(&format!(".tut-run-view[data-tutorial=\"{id}\"]")).is_some()).await;
}

#[wasm_bindgen_test]
async fn the_panel_shows_step_one_and_a_right_command_advances() {
    let page = fresh("zkplay.test.tut.advance").await;
    assert!(page.one(".tut-item[data-tutorial=\"lock\"]").is_some(), "the list: {}", page.text(".guide-panel"));
    start(&page, "lock").await;
    assert_eq!(step_label(&page), "Step 1 of 9");
    assert_eq!(page.text(".tut-objective"), "A takes the lock: create the ephemeral node /lock.");
    assert!(page.text(".tut-goal").contains("/lock"), "{}", page.text(".tut-goal"));
    assert!(page.text(".mode-chip").contains("Distributed lock"));
    page.type_line("A", "create -e /lock \"lock\"").await;
    page.wait("step 2", |p| step_label(p) == "Step 2 of 9").await;
    assert!(page.one(".tut-advanced").is_some());
    // Step 2 is B's: B is shown.
    assert!(page.input("B").is_some());
    page.close();
}

#[wasm_bindgen_test]
async fn a_wrong_command_shows_the_specific_hint() {
    let page = fresh("zkplay.test.tut.hint").await;
    start(&page, "lock").await;
    page.type_line("A", "create /lock \"lock\"").await;
    page.wait("the hint", |p| p.one(".tut-hint-text").is_some()).await;
    let hint = page.text(".tut-hint-text");
    assert!(hint.starts_with("/lock is a persistent node now"), "{hint}");
    assert_eq!(step_label(&page), "Step 1 of 9");
    // The Hint button gives the same specific hint.
    page.click(".tut-hint-btn");
    page.wait("the hint again", |p| p.text(".tut-hint-text").starts_with("/lock is a persistent node now")).await;
    page.close();
}

#[wasm_bindgen_test]
async fn show_me_types_the_command_and_completes_the_step() {
    let page = fresh("zkplay.test.tut.show").await;
    start(&page, "lock").await;
    page.click(".tut-show");
    // Typing is visible: the input fills up before the line is submitted.
    page.wait("typing", |p| p.input("A").is_some_and(|i| i.value().starts_with("create -e"))).await;
    page.wait("step 2", |p| step_label(p) == "Step 2 of 9").await;
    assert!(page.lines("A").iter().any(|l| l.ends_with("create -e /lock \"lock\"")), "{:?}", page.lines("A"));
    page.wait("show me to end", |p| p.one(".tut-show:not([disabled])").is_some()).await;
    // Skip moves on too.
    page.click(".tut-skip");
    page.wait("step 3", |p| step_label(p) == "Step 3 of 9").await;
    page.close();
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_the_panel_to_chinese_and_is_remembered() {
    let key = "zkplay.test.tut.lang";
    let page = fresh(key).await;
    start(&page, "lock").await;
    page.click(".tut-lang-btn:last-child");
    page.wait("中文", |p| p.text(".tut-objective") == "A 获取锁：创建临时节点 /lock。").await;
    assert_eq!(step_label(&page), "第 1 步，共 9 步");
    assert_eq!(page.text(".tut-show"), "演示");
    assert!(page.text(".pane-header .session-actions").contains("崩溃"));
    page.close();
    let page = Page::open(key).await;
    page.wait("中文 again", |p| p.text(".tut-objective") == "A 获取锁：创建临时节点 /lock。").await;
    page.click(".lang-btn:first-child");
    page.wait("English", |p| step_label(p) == "Step 1 of 9").await;
    page.close();
}

#[wasm_bindgen_test]
async fn completion_is_remembered_and_the_sandbox_comes_back() {
    let key = "zkplay.test.tut.complete";
    let page = fresh(key).await;
    page.type_line("A", "create /mine \"kept\"").await;
    start(&page, "failover").await;
    assert!(page.input("master1").is_some() && page.input("master2").is_some());
    page.type_line("master1", "create -e /master \"master1.example.com:2223\"").await;
    page.type_line("master2", "create -e /master \"master2.example.com:2223\"").await;
    page.type_line("master2", "stat -w /master").await;
    page.type_line("master1", "quit").await;
    page.type_line("master2", "create -e /master \"master2.example.com:2223\"").await;
    page.wait("the celebration", |p| p.one(".tut-complete.celebrate").is_some()).await;
    page.close();

    // The page saves as it goes away (yew runs the unmount a moment later).
    let progress = || storage().get_item(&format!("{key}.progress")).ok().flatten().unwrap_or_default();
    for _ in 0..300 {
        if progress().contains("failover") {
            break;
        }
        TimeoutFuture::new(10).await;
    }
    assert!(progress().contains("failover"), "{}", progress());
    assert!(storage().get_item(&format!("{key}.sandbox")).ok().flatten().is_some_and(|s| s.contains("/mine")));

    // A remount: still in the finished tutorial; back to the sandbox, the list marks it done.
    let page = Page::open(key).await;
    page.wait("the finished tutorial", |p| p.one(".tut-complete").is_some()).await;
    page.click(".tut-complete .btn.primary");
    page.wait("the list", |p| p.one(".tut-item[data-tutorial=\"failover\"].done").is_some()).await;
    assert!(page.one(".tut-item[data-tutorial=\"lock\"].done").is_none());
    page.type_line("A", "get /mine").await;
    page.wait("the sandbox's node", |p| p.lines("A").iter().any(|l| l == "kept")).await;
    page.close();
}

#[wasm_bindgen_test]
async fn an_import_replaces_the_sandbox_and_a_bad_one_says_why() {
    use yew::Reducible;
    use zkplay::ui::state::{Action, AppState};
    let state = std::rc::Rc::new(AppState::fresh(1_795_841_127_000));
    let state = state.reduce(Action::Import { name: "bad.json".into(), text: "{nope".into() });
    assert!(state.notice.as_deref().is_some_and(|n| n.starts_with("Could not import bad.json")), "{:?}", state.notice);
    let text = r#"{"name":"t","server":"127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184","steps":[
        {"type":"open","session":"X","server":"127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184"},
        {"type":"cmd","session":"X","input":"create /imported yes"}]}"#;
    let state = state.reduce(Action::Import { name: "t.json".into(), text: text.into() });
    assert_eq!(state.tabs(), ["X"]);
    assert!(state.shared().playground().engine().tree().contains("/imported"));
    assert!(state.notice.as_deref().is_some_and(|n| n.contains("t.json")));
}
