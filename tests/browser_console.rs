//! The playground page in a real (headless) browser: `cargo test --target wasm32-unknown-unknown`.
//! Consoles (typing, history, completion, Ctrl-L), notifications reaching the right client,
//! session controls (quit, crash → countdown → expiry), client tabs, persistence and corrupt
//! storage. Every test mounts its own page under its own localStorage key.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)]
mod common;

use common::{document, press, storage, Page};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

/// A fresh page: nothing stored under `key`.
async fn fresh(key: &str) -> Page {
    let _ = storage().remove_item(key);
    Page::open(key).await
}

/// The pane showing `client`, as an element.
fn pane_of(page: &Page, client: &str) -> Option<Element> {
    page.all(".pane")
        .into_iter()
        .find(|p| p.query_selector(&format!(".pane-header[data-client=\"{client}\"]")).ok().flatten().is_some())
}

fn prompt(page: &Page, client: &str) -> String {
    pane_of(page, client)
        .and_then(|p| p.query_selector(".console-prompt").ok().flatten())
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn badge(page: &Page, client: &str) -> String {
    pane_of(page, client)
        .and_then(|p| p.query_selector(".state-badge").ok().flatten())
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn prompt_n(n: u32) -> String {
    format!("[zk: {ENSEMBLE}(CONNECTED) {n}] ")
}

#[wasm_bindgen_test]
async fn the_page_opens_three_connected_clients_in_two_panes() {
    let page = fresh("zkplay.test.open").await;
    let tabs: Vec<String> =
        page.all(".pane:first-child .tab").iter().filter_map(|t| t.get_attribute("data-client")).collect();
    assert_eq!(tabs, ["A", "B", "C"]);
    assert!(pane_of(&page, "A").is_some() && pane_of(&page, "B").is_some(), "split view shows A and B");
    let a = page.lines("A");
    assert_eq!(a.first().map(String::as_str), Some(format!("Connecting to {ENSEMBLE}").as_str()), "{a:#?}");
    assert_eq!(prompt(&page, "A"), prompt_n(0));
    assert_eq!(badge(&page, "A"), "CONNECTED");
    let session =
        pane_of(&page, "A").and_then(|p| p.query_selector(".session-id").ok().flatten()).and_then(|e| e.text_content());
    assert!(session.is_some_and(|s| s.starts_with("0x")));
    let colors: Vec<String> =
        page.all(".pane:first-child .tab").iter().filter_map(|t| t.get_attribute("style")).collect();
    assert_eq!(colors.len(), 3);
    assert!(colors[0] != colors[1] && colors[1] != colors[2], "distinct colours: {colors:?}");
    page.close();
}

#[wasm_bindgen_test]
async fn typing_echoes_the_command_and_prints_zkclis_output() {
    let page = fresh("zkplay.test.typing").await;
    page.type_line("A", "ls /").await;
    let shown = page.lines("A");
    let echo = shown.iter().position(|l| l.ends_with("] ls /")).expect("the echo");
    assert_eq!(shown[echo], format!("{}ls /", prompt_n(0)));
    assert_eq!(shown.get(echo + 1).map(String::as_str), Some("[zookeeper]"));
    assert_eq!(page.input("A").map(|i| i.value()), Some(String::new()));
    assert_eq!(prompt(&page, "A"), prompt_n(1));
    let long = "x".repeat(5_000);
    page.type_line("A", &format!("create /long {long}")).await;
    page.type_line("A", "get /long").await;
    assert!(page.lines("A").contains(&long));
    page.close();
}

#[wasm_bindgen_test]
async fn arrow_keys_recall_typed_commands() {
    let page = fresh("zkplay.test.history").await;
    page.type_line("A", "ls /").await;
    page.type_line("A", "stat /").await;
    let input = page.input("A").expect("A's input");
    press(&input, "ArrowUp", false);
    assert_eq!(input.value(), "stat /");
    press(&input, "ArrowUp", false);
    assert_eq!(input.value(), "ls /");
    press(&input, "ArrowUp", false);
    assert_eq!(input.value(), "ls /", "the oldest command stays");
    press(&input, "ArrowDown", false);
    assert_eq!(input.value(), "stat /");
    press(&input, "ArrowDown", false);
    assert_eq!(input.value(), "", "past the newest: an empty line");
    // B has its own history.
    let b = page.input("B").expect("B's input");
    press(&b, "ArrowUp", false);
    assert_eq!(b.value(), "");
    page.close();
}

#[wasm_bindgen_test]
async fn tab_completes_commands_options_and_znode_paths() {
    let page = fresh("zkplay.test.tab").await;
    page.type_line("A", "create /app").await;
    page.type_line("A", "create /app/config x").await;
    let input = page.input("A").expect("A's input");
    input.set_value("cre");
    press(&input, "Tab", false);
    assert_eq!(input.value(), "create ");
    input.set_value("get /ap");
    press(&input, "Tab", false);
    assert_eq!(input.value(), "get /app");
    input.set_value("get /app/c");
    press(&input, "Tab", false);
    assert_eq!(input.value(), "get /app/config ");
    input.set_value("get");
    press(&input, "Tab", false);
    page.wait("the candidates", |p| p.text(".console-candidates").contains("getEphemerals")).await;
    assert_eq!(input.value(), "get");
    press(&input, "x", false);
    page.wait("the candidates to go", |p| p.one(".console-candidates:not([hidden])").is_none()).await;
    assert!(page.input("A").is_some_and(|fresh| fresh.is_same_node(Some(&input))), "the input stays the same element");
    page.close();
}

#[wasm_bindgen_test]
async fn ctrl_l_clears_the_console_but_keeps_the_session() {
    let page = fresh("zkplay.test.clear").await;
    page.type_line("A", "ls /").await;
    let input = page.input("A").expect("A's input");
    press(&input, "l", true);
    page.wait("an empty console", |p| p.lines("A").is_empty()).await;
    assert_eq!(prompt(&page, "A"), prompt_n(1));
    page.type_line("A", "ls /").await;
    assert_eq!(page.lines("A"), [format!("{}ls /", prompt_n(1)), "[zookeeper]".to_string()]);
    page.close();
}

#[wasm_bindgen_test]
async fn a_watch_notification_reaches_only_the_watching_client() {
    let page = fresh("zkplay.test.notify").await;
    page.type_line("B", "stat -w /x").await;
    page.type_line("A", "create /x 1").await;
    let event = "WatchedEvent state:SyncConnected type:NodeCreated path:/x";
    page.wait("B's notification", |p| p.lines("B").iter().any(|l| l == event)).await;
    assert!(!page.lines("A").iter().any(|l| l == event), "A did not watch /x");
    let shown = page.lines("B");
    let at = shown.iter().position(|l| l == event).expect("the event");
    assert_eq!(shown[at - 2], "WATCHER::", "{shown:#?}");
    // C (shown after picking its tab in the second pane) got nothing either.
    page.click(".pane:nth-child(2) .tab[data-client=\"C\"] .tab-pick");
    page.wait("C in the second pane", |p| pane_of(p, "C").is_some()).await;
    assert!(!page.lines("C").iter().any(|l| l.contains("NodeCreated")));
    page.close();
}

#[wasm_bindgen_test]
async fn quit_closes_the_session_and_its_ephemerals_vanish_at_once() {
    let page = fresh("zkplay.test.quit").await;
    page.type_line("A", "create -e /eph x").await;
    page.click("button[aria-label=\"Quit client A\"]");
    page.wait("A closed", |p| badge(p, "A") == "CLOSED").await;
    assert!(page.lines("A").iter().any(|l| l.ends_with("] quit")), "quit was typed visibly");
    page.type_line("B", "ls /").await;
    assert_eq!(page.lines("B").last().map(String::as_str), Some("[zookeeper]"));
    // Reconnect: a new session, scrollback kept.
    let old = page.text(".pane:first-child .session-id");
    page.click("button[aria-label=\"Reconnect client A\"]");
    page.wait("A connected again", |p| badge(p, "A") == "CONNECTED").await;
    assert_ne!(page.text(".pane:first-child .session-id"), old);
    assert!(page.lines("A").iter().any(|l| l.ends_with("] quit")), "the scrollback stays");
    page.close();
}

#[wasm_bindgen_test]
async fn crash_shows_a_countdown_then_the_session_expires_and_the_node_goes() {
    let page = fresh("zkplay.test.crash").await;
    page.type_line("A", "create -e /lock x").await;
    page.type_line("B", "stat -w /lock").await;
    page.click("button[aria-label=\"Crash client A\"]");
    page.wait("A crashed", |p| badge(p, "A") == "CRASHED").await;
    page.wait("a countdown", |p| p.text(".pane:first-child .countdown").starts_with("expires in")).await;
    // The node outlives the process.
    page.type_line("B", "ls /").await;
    assert_eq!(page.lines("B").last().map(String::as_str), Some("[lock, zookeeper]"));
    page.click("button[aria-label=\"Skip to the next session expiry\"]");
    page.wait("A expired", |p| badge(p, "A") == "EXPIRED").await;
    let deleted = "WatchedEvent state:SyncConnected type:NodeDeleted path:/lock";
    page.wait("B's NodeDeleted", |p| p.lines("B").iter().any(|l| l == deleted)).await;
    assert!(page.one(".pane:first-child .countdown").is_none());
    page.type_line("B", "ls /").await;
    assert_eq!(page.lines("B").last().map(String::as_str), Some("[zookeeper]"));
    page.close();
}

#[wasm_bindgen_test]
async fn clients_can_be_added_renamed_and_closed() {
    let page = fresh("zkplay.test.tabs").await;
    page.click(".pane:nth-child(2) .tab-add");
    page.wait("client D", |p| p.input("D").is_some()).await;
    page.type_line("D", "ls /").await;
    page.click("button[aria-label=\"Rename client D\"]");
    page.wait("the rename box", |p| p.one(".rename-input").is_some()).await;
    let rename: HtmlInputElement = page.one(".rename-input").and_then(|e| e.dyn_into().ok()).expect("an input");
    rename.set_value("Dora");
    press(&rename, "Enter", false);
    page.wait("Dora", |p| p.input("Dora").is_some()).await;
    assert!(page.lines("Dora").iter().any(|l| l == "[zookeeper]"), "the scrollback follows the name");
    page.type_line("Dora", "ls /").await;
    page.click("button[aria-label=\"Close client Dora\"]");
    page.wait("Dora gone", |p| p.one(".tab[data-client=\"Dora\"]").is_none()).await;
    page.close();
}

#[wasm_bindgen_test]
async fn the_playground_survives_a_reload() {
    let key = "zkplay.test.persist";
    let page = fresh(key).await;
    page.type_line("A", "create /kept v").await;
    page.type_line("A", "create -e /mine e").await;
    page.click("button[aria-label=\"Pause the clock\"]");
    page.wait("a save", |_| storage().get_item(key).ok().flatten().is_some_and(|s| s.contains("/kept"))).await;
    let before = page.text(".clock-time");
    page.close();

    let page = Page::open(key).await;
    assert!(page.one(".notice").is_none(), "no error: {}", page.text(".notice"));
    assert!(page.lines("A").iter().any(|l| l.ends_with("] create /kept v")), "the scrollback is back");
    assert_eq!(prompt(&page, "A"), prompt_n(2));
    assert_eq!(page.text(".clock-time"), before, "the paused clock kept its time");
    page.type_line("B", "ls /").await;
    assert_eq!(page.lines("B").last().map(String::as_str), Some("[kept, mine, zookeeper]"));
    let input = page.input("A").expect("A's input");
    press(&input, "ArrowUp", false);
    assert_eq!(input.value(), "create -e /mine e", "history is back");
    page.close();
    let _ = storage().remove_item(key);
}

#[wasm_bindgen_test]
async fn corrupt_or_old_storage_gives_a_message_and_a_fresh_start() {
    for (i, (junk, says)) in [
        ("{not json", "could not be read"),
        ("{\"format_version\":0,\"lines\":[]}", "another version"),
        // Format 1 stored the whole engine; format 2 stores the journal.
        ("{\"format_version\":1,\"playground\":{\"engine\":42}}", "another version"),
        ("{\"format_version\":2,\"server\":\"x\",\"started_ms\":0,\"journal\":42}", "could not be read"),
    ]
    .into_iter()
    .enumerate()
    {
        let key = &format!("zkplay.test.corrupt{i}");
        storage().set_item(key, junk).expect("set an item");
        let page = Page::open(key).await;
        let notice = page.text(".notice");
        assert!(notice.contains(says) && notice.contains("fresh one"), "{junk}: {notice}");
        assert_eq!(prompt(&page, "A"), prompt_n(0));
        page.type_line("A", "ls /").await;
        page.click(".notice button");
        page.wait("the notice to go", |p| p.one(".notice").is_none()).await;
        page.close();
        let _ = storage().remove_item(key);
    }
}

#[wasm_bindgen_test]
async fn a_panic_is_reported_on_the_page() {
    zkplay::ui::show_panic("panicked at src/somewhere.rs: boom");
    let banner = document().get_element_by_id("zkplay-panic").expect("the panic banner");
    assert!(banner.text_content().unwrap_or_default().contains("boom"));
    assert_eq!(banner.query_selector_all("button").map(|l| l.length()).unwrap_or(0), 2);
    banner.remove();
}

#[wasm_bindgen_test]
async fn twenty_clients_and_many_znodes_stay_usable() {
    let page = fresh("zkplay.test.many").await;
    for i in 0..17 {
        page.click(".pane:nth-child(2) .tab-add");
        page.wait("one more tab", |p| p.all(".pane:first-child .tab").len() == 4 + i).await;
    }
    assert_eq!(page.all(".pane:first-child .tab").len(), 20);
    for i in 0..300 {
        let input = page.input("A").expect("A's input");
        input.set_value(&format!("create /n{i:04} {}", "d".repeat(100)));
        press(&input, "Enter", false);
    }
    page.wait("the 300th node", |p| p.lines("A").iter().any(|l| l == "Created /n0299")).await;
    page.type_line("A", "getAllChildrenNumber /").await;
    assert_eq!(page.lines("A").last().map(String::as_str), Some("303"));
    page.close();
}

#[wasm_bindgen_test]
async fn question_mark_lists_the_shortcuts_and_space_pauses_the_clock() {
    let page = fresh("zkplay.test.keys").await;
    let input = page.input("A").expect("A's input");
    press(&input, "?", false);
    page.wait("the shortcuts", |p| p.text(".dialog").contains("pause or resume the clock")).await;
    assert_eq!(input.value(), "", "the ? was not typed");
    press(&input, "Escape", false);
    page.wait("the dialog to close", |p| p.one(".dialog").is_none()).await;
    // Outside the console, space pauses and resumes the clock.
    let body = page.one(".clock-time").expect("the clock");
    let space = || press(&body, " ", false);
    space();
    page.wait("a paused clock", |p| p.one(".clock.paused").is_some()).await;
    let at = page.text(".clock-time");
    TimeoutFuture::new(1_200).await;
    assert_eq!(page.text(".clock-time"), at, "paused time stands still");
    space();
    page.wait("a running clock", |p| p.one(".clock.paused").is_none()).await;
    page.close();
}

#[wasm_bindgen_test]
async fn step_moves_virtual_time_and_expiry_follows_it() {
    let page = fresh("zkplay.test.step").await;
    page.click("button[aria-label=\"Pause the clock\"]");
    page.type_line("A", "create -e /e x").await;
    page.click("button[aria-label=\"Crash client A\"]");
    page.wait("a countdown", |p| p.text(".pane:first-child .countdown").contains('s')).await;
    for _ in 0..4 {
        page.click("button[aria-label=\"Step ten seconds\"]");
    }
    page.wait("A expired after 40 virtual seconds", |p| badge(p, "A") == "EXPIRED").await;
    page.type_line("B", "ls /").await;
    assert_eq!(page.lines("B").last().map(String::as_str), Some("[zookeeper]"));
    page.close();
}
