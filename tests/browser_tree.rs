//! The znode tree, the inspector and the event log in a real (headless) browser:
//! `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element};
use yew::{AppHandle, Callback, Reducible};

use zkplay::tutorial::Lang;
use zkplay::ui::event_log::{EventLog, EventLogProps};
use zkplay::ui::state::{Action, AppState};
use zkplay::ui::tree::{TreeProps, TreeView};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

fn new_root() -> Element {
    let doc = document();
    let root = doc.create_element("div").expect("create a div");
    doc.body().expect("a body").append_child(&root).expect("append the div");
    root
}

/// A playground with clients A, B and C connected.
fn fresh() -> Rc<AppState> {
    Rc::new(AppState::fresh(1_795_841_127_000))
}

fn submit(state: Rc<AppState>, client: &str, line: &str) -> Rc<AppState> {
    state.reduce(Action::Submit { client: client.to_string(), line: line.to_string() })
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
}

/// Yields to the browser (and yew's scheduler) until `done` holds; panics after 15 s (CI machines can be slow).
async fn wait_until(root: &Element, what: &str, done: impl Fn(&Element) -> bool) {
    for _ in 0..1500 {
        if done(root) {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for {what}; DOM: {}", root.inner_html());
}

fn has_class(el: &Element, class: &str) -> bool {
    el.get_attribute("class").unwrap_or_default().split_whitespace().any(|c| c == class)
}

/// Dispatches a bubbling event (a plain `Event` works for SVG elements too).
fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("an event");
    el.dispatch_event(&event).expect("dispatch the event");
}

fn click(el: &Element) {
    fire(el, "click");
}

struct Tree {
    root: Element,
    handle: AppHandle<TreeView>,
    selected: Rc<RefCell<Vec<String>>>,
}

impl Tree {
    fn mount(state: &AppState) -> Tree {
        let root = new_root();
        let selected = Rc::new(RefCell::new(Vec::new()));
        let handle =
            yew::Renderer::<TreeView>::with_root_and_props(root.clone(), Self::props(state, &selected)).render();
        Tree { root, handle, selected }
    }

    fn props(state: &AppState, selected: &Rc<RefCell<Vec<String>>>) -> TreeProps {
        let log = selected.clone();
        TreeProps {
            lang: Lang::default(),
            shared: state.shared(),
            colors: state.colors.clone(),
            selected: None,
            on_select: Callback::from(move |p: String| log.borrow_mut().push(p)),
            highlight: vec!["/q".to_string()],
        }
    }

    fn update(&mut self, state: &AppState) {
        let props = Self::props(state, &self.selected);
        self.handle.update(props);
    }

    fn done(self) {
        self.handle.destroy();
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn created_znodes_appear_with_their_kind_and_deleted_ones_fade_away() {
    let state = fresh();
    let mut tree = Tree::mount(&state);
    wait_until(&tree.root, "the root znode", |r| find(r, r#"[data-path="/"]"#).is_some()).await;
    assert!(find(&tree.root, r#"[data-path="/zookeeper/quota"]"#).is_some());

    let state = submit(state, "A", "create -e /x hello");
    let state = submit(state, "A", "create /q");
    let state = submit(state, "B", "create -s /q/lock- ");
    let state = submit(state, "C", "create -c /c");
    let state = submit(state, "C", "create /c/kid");
    tree.update(&state);
    wait_until(&tree.root, "/x", |r| find(r, r#"[data-path="/x"]"#).is_some()).await;

    let x = find(&tree.root, r#"[data-path="/x"]"#).expect("/x");
    assert!(has_class(&x, "znode") && has_class(&x, "znode-ephemeral"), "{}", x.outer_html());
    // The ephemeral's outline is its owner's colour.
    let a_color = state.colors.get("A").cloned().expect("A has a colour");
    let pill = find(&x, ".znode-pill").expect("a pill");
    assert!(pill.get_attribute("style").unwrap_or_default().contains(&a_color), "{}", pill.outer_html());

    let q = find(&tree.root, r#"[data-path="/q"]"#).expect("/q");
    assert!(has_class(&q, "znode-persistent") && has_class(&q, "znode-highlight"));
    let lock = find(&tree.root, r#"[data-path="/q/lock-0000000000"]"#).expect("the sequential node");
    assert!(has_class(&lock, "znode-sequential"));
    assert_eq!(find(&lock, ".znode-seq").and_then(|s| s.text_content()).as_deref(), Some("0000000000"));
    let c = find(&tree.root, r#"[data-path="/c"]"#).expect("/c");
    assert!(has_class(&c, "znode-container"));

    // Data changes pulse.
    let state = submit(state, "A", "set /q changed");
    tree.update(&state);
    wait_until(&tree.root, "the pulse on /q", |r| {
        find(r, r#"[data-path="/q"]"#).is_some_and(|q| has_class(&q, "znode-changed"))
    })
    .await;

    // Deleted: a fading ghost first, then gone.
    let state = submit(state, "A", "delete /x");
    tree.update(&state);
    wait_until(&tree.root, "the ghost of /x", |r| {
        find(r, r#"[data-path="/x"]"#).is_some_and(|x| has_class(&x, "znode-deleted"))
    })
    .await;
    wait_until(&tree.root, "/x to disappear", |r| find(r, r#"[data-path="/x"]"#).is_none()).await;
    assert!(find(&tree.root, r#"[data-path="/q"]"#).is_some());
    tree.done();
}

#[wasm_bindgen_test]
async fn watches_show_as_badges_and_subtrees_collapse() {
    let state = fresh();
    let state = submit(state, "A", "create /w data");
    let state = submit(state, "A", "create /w/kid");
    let state = submit(state, "B", "get -w /w");
    let state = submit(state, "C", "ls -w /w");
    let state = submit(state, "A", "addWatch -m PERSISTENT_RECURSIVE /w");
    let mut tree = Tree::mount(&state);
    wait_until(&tree.root, "/w", |r| find(r, r#"[data-path="/w"]"#).is_some()).await;
    let w = find(&tree.root, r#"[data-path="/w"]"#).expect("/w");
    assert_eq!(count(&w, ".watch-badge.watch-data.watch-oneshot"), 1, "{}", w.outer_html());
    assert_eq!(count(&w, ".watch-badge.watch-child.watch-oneshot"), 1);
    assert_eq!(count(&w, ".watch-badge.watch-recursive"), 1);

    // A fired one-shot watch disappears.
    let state = submit(state, "A", "set /w again");
    tree.update(&state);
    wait_until(&tree.root, "the data watch to fire", |r| {
        find(r, r#"[data-path="/w"]"#).is_some_and(|w| count(&w, ".watch-data.watch-oneshot") == 0)
    })
    .await;

    // Collapse /w: its child goes; expand: it comes back.
    let toggle = find(&w, ".znode-toggle").expect("a collapse toggle");
    click(&toggle);
    wait_until(&tree.root, "/w/kid to be folded away", |r| {
        find(r, r#"[data-path="/w/kid"]"#).is_none_or(|k| has_class(&k, "znode-deleted"))
    })
    .await;
    let w = find(&tree.root, r#"[data-path="/w"]"#).expect("/w");
    assert!(has_class(&w, "znode-collapsed"));
    click(&find(&w, ".znode-toggle").expect("a toggle"));
    wait_until(&tree.root, "/w/kid to be back", |r| find(r, r#"[data-path="/w/kid"]"#).is_some()).await;

    // Clicking a node selects it.
    click(&w);
    assert_eq!(tree.selected.borrow().last().map(String::as_str), Some("/w"));
    tree.done();
}

#[wasm_bindgen_test]
async fn the_inspector_shows_data_as_text_with_stat_acl_and_watchers() {
    use yew::{function_component, Html, Properties};
    use zkplay::ui::inspector::inspector;
    use zkplay::ui::{ClientColors, Shared};
    use zkplay::view::i18n::strings;
    let state = fresh();
    let state = submit(state, "A", "create /h <b>x</b>");
    let state = submit(state, "B", "get -w /h");
    let root = new_root();
    #[derive(Properties, PartialEq)]
    struct InspectorProps {
        shared: Shared,
        colors: ClientColors,
        selected: Option<String>,
    }
    #[function_component]
    fn Inspector(props: &InspectorProps) -> Html {
        inspector(&zkplay::ui::inspector::Inspector {
            strings: strings(Lang::default()),
            shared: &props.shared,
            colors: &props.colors,
            selected: props.selected.as_deref(),
        })
    }
    let props =
        InspectorProps { shared: state.shared(), colors: state.colors.clone(), selected: Some("/h".to_string()) };
    let handle = yew::Renderer::<Inspector>::with_root_and_props(root.clone(), props).render();
    wait_until(&root, "the inspector", |r| find(r, ".inspector-data").is_some()).await;

    assert_eq!(find(&root, ".inspector-path").and_then(|e| e.text_content()).as_deref(), Some("/h"));
    assert_eq!(find(&root, ".inspector-data").and_then(|e| e.text_content()).as_deref(), Some("<b>x</b>"));
    assert!(find(&root, "b").is_none(), "data became HTML: {}", root.inner_html());
    let stat = find(&root, ".inspector-stat").and_then(|e| e.text_content()).unwrap_or_default();
    assert!(stat.starts_with("cZxid = 0x1"), "{stat}");
    assert!(stat.contains("\ndataLength = 8\nnumChildren = 0"), "{stat}");
    let acl = find(&root, ".inspector-acl").and_then(|e| e.text_content()).unwrap_or_default();
    assert_eq!(acl, "'world,'anyone\n: cdrwa");
    let watchers = find(&root, ".inspector-watches").and_then(|e| e.text_content()).unwrap_or_default();
    assert!(watchers.contains('B') && watchers.contains("data watch, one-shot"), "{watchers}");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_event_log_lists_a_failed_create_and_filters_by_client() {
    let state = fresh();
    let state = submit(state, "A", "create /dup one");
    let state = submit(state, "B", "create /dup two");
    let state = submit(state, "C", "stat -w /dup");
    let state = submit(state, "A", "set /dup three");
    let root = new_root();
    let props = EventLogProps { lang: Lang::default(), shared: state.shared(), colors: state.colors.clone() };
    let handle = yew::Renderer::<EventLog>::with_root_and_props(root.clone(), props).render();
    wait_until(&root, "log rows", |r| count(r, ".log-rows .log-row") > 0).await;

    let failed = find(&root, ".log-row.log-failed").expect("a failed row");
    let text = failed.text_content().unwrap_or_default();
    assert!(
        text.contains('B') && text.contains("create") && text.contains("/dup") && text.contains("NodeExists"),
        "{text}"
    );
    let note = find(&root, ".log-row.log-notification").expect("a notification row");
    let text = note.text_content().unwrap_or_default();
    assert!(text.contains('C') && text.contains("NodeDataChanged") && text.contains("/dup"), "{text}");

    // Filter to client B.
    let select = find(&root, "select.log-client-filter").expect("the filter");
    js_sys::Reflect::set(&select, &"value".into(), &"B".into()).expect("set the filter");
    fire(&select, "change");
    wait_until(&root, "only B's rows", |r| {
        let list = r.query_selector_all(".log-rows .log-row").expect("a selector");
        list.length() > 0
            && (0..list.length()).filter_map(|i| list.item(i)).all(|n| {
                n.dyn_into::<Element>().ok().and_then(|e| e.get_attribute("data-client-name")).as_deref() == Some("B")
            })
    })
    .await;
    assert_eq!(count(&root, ".log-rows .log-row.log-failed"), 1);
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_notification_flies_from_its_znode_to_its_client_only_if_both_are_drawn() {
    use yew::{function_component, Html, Properties};
    use zkplay::ui::flight::{flights, Flight};
    #[derive(Properties, PartialEq)]
    struct FlightsProps {
        flights: Vec<Flight>,
    }
    #[function_component]
    fn Flights(props: &FlightsProps) -> Html {
        flights(&props.flights)
    }
    let root = new_root();
    root.set_inner_html(
        r#"<div data-path="/f" style="position:fixed;left:10px;top:10px;width:40px;height:20px"></div>
           <div data-client="A" style="position:fixed;left:300px;top:200px;width:60px;height:20px"></div>"#,
    );
    let host = document().create_element("div").expect("a div");
    root.append_child(&host).expect("append");
    let flight = |id: u64, path: &str, client: &str| Flight {
        id,
        path: path.to_string(),
        client: client.to_string(),
        kind: "NodeDeleted".to_string(),
        color: "#d9480f".to_string(),
    };
    let props = FlightsProps { flights: vec![flight(1, "/f/child", "A"), flight(2, "/f", "nobody")] };
    let handle = yew::Renderer::<Flights>::with_root_and_props(host.clone(), props).render();
    wait_until(&root, "the flight", |r| find(r, r#"[data-flight="1"]"#).is_some()).await;
    let chip = find(&root, r#"[data-flight="1"]"#).expect("flight 1");
    let style = chip.get_attribute("style").unwrap_or_default();
    // From the centre of /f (its nearest drawn ancestor) to the centre of A.
    assert!(style.contains("--fx:30.0px") && style.contains("--fy:20.0px"), "{style}");
    assert!(style.contains("--tx:330.0px") && style.contains("--ty:210.0px"), "{style}");
    assert_eq!(find(&chip, ".flight-label").and_then(|l| l.text_content()).as_deref(), Some("NodeDeleted"));
    assert!(find(&root, r#"[data-flight="2"]"#).is_none(), "no client element: no flight");
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_big_tree_draws_only_what_is_near_the_view_and_scrolled_in_znodes_do_not_grow() {
    let mut state = fresh();
    for d in 0..5 {
        state = submit(state, "A", &format!("create /d{d}"));
        for k in 0..39 {
            state = submit(state, "A", &format!("create /d{d}/n{k:02}"));
        }
    }
    // A scroll box 300 px high (the page's style sheet is not loaded in these tests).
    let style = document().create_element("style").expect("a style element");
    style.set_text_content(Some(".tree-scroll { overflow: auto; height: 300px; width: 600px; }"));
    document().body().expect("a body").append_child(&style).expect("append the style");
    let mut tree = Tree::mount(&state);
    wait_until(&tree.root, "the first znodes", |r| find(r, r#"[data-path="/d0/n00"]"#).is_some()).await;
    let last = r#"[data-path="/d4/n38"]"#;
    let drawn = count(&tree.root, ".tree-nodes .znode");
    assert!(find(&tree.root, last).is_none(), "the bottom of the tree is far from the view");
    assert!(drawn < 120, "{drawn} of 204 znodes drawn");

    // Scroll to the bottom: the last znodes are drawn (without growing in).
    let scroll = find(&tree.root, ".tree-scroll").expect("the scroll box");
    scroll.set_scroll_top(scroll.scroll_height());
    wait_until(&tree.root, "the bottom of the tree", |r| find(r, last).is_some()).await;
    assert!(!has_class(&find(&tree.root, last).expect("the last znode"), "znode-born"));
    assert!(find(&tree.root, r#"[data-path="/d0/n00"]"#).is_none(), "the top is no longer drawn");

    // A new znode grows in, the ones around it do not.
    let state = submit(state, "A", "create /d4/n39");
    tree.update(&state);
    wait_until(&tree.root, "the new znode", |r| find(r, r#"[data-path="/d4/n39"]"#).is_some()).await;
    assert!(has_class(&find(&tree.root, r#"[data-path="/d4/n39"]"#).expect("the new znode"), "znode-born"));
    assert!(!has_class(&find(&tree.root, last).expect("its sibling"), "znode-born"));
    // The status line still counts every znode.
    let status = find(&tree.root, ".tree-count").and_then(|e| e.text_content()).unwrap_or_default();
    assert!(status.starts_with("205 "), "{status}");
    tree.done();
    style.remove();
}
