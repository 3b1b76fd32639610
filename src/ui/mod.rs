//! The browser UI (yew). It only renders: every ZooKeeper rule lives in the engine behind
//! [`crate::playground::Playground`]. One reducer ([`state::AppState`]) holds the page's state;
//! components get read handles ([`state::Shared`]) and send [`state::Action`]s.

pub mod api;
pub mod console;
mod dom;
pub mod embed;
pub mod event_log;
pub mod flight;
pub mod inspector;
mod pane;
pub mod state;
mod toolbar;
pub mod tree;
pub mod tutorial_panel;

use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

pub use console::Console;
pub use state::{wall_ms, Action, AppState, ClientColors, Shared, ENSEMBLE};

use crate::tutorial::Lang;
use crate::view::i18n::{self, fill, strings};
use crate::view::persist::{Theme, STORAGE_KEY};
use crate::view::tutorial_state::{progress_key, sandbox_key};
use tutorial_panel::{tutorial_panel, PanelMsg, PlayToken, TutorialPanel};

/// How often the UI feeds wall time to the virtual clock, in milliseconds.
pub const TICK_MS: u32 = 100;

/// How long after a change the playground is saved, in milliseconds.
pub const SAVE_DEBOUNCE_MS: u32 = 400;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The localStorage key the playground is saved under.
    #[prop_or(AttrValue::Static(STORAGE_KEY))]
    pub storage_key: AttrValue,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps { storage_key: AttrValue::Static(STORAGE_KEY) }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored snapshot under `key`, if storage is available and holds one.
pub fn read_storage(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// The browser's preferred language (`navigator.language`), English if it is neither.
pub fn browser_lang() -> Lang {
    i18n::from_browser(web_sys::window().and_then(|w| w.navigator().language()).as_deref())
}

/// Saves the playground under `key`, and next to it the tutorial state and (while a tutorial
/// runs) the learner's sandbox.
fn save(state: &AppState, key: &str) -> Result<(), String> {
    let s = strings(state.tutor.lang);
    let json = state.to_json()?;
    let storage = storage().ok_or(s.no_storage)?;
    let failed = |e: wasm_bindgen::JsValue, len: usize| {
        let detail = e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default();
        fill(s.save_failed, &[&len.to_string(), &detail])
    };
    storage.set_item(key, &json).map_err(|e| failed(e, json.len()))?;
    let progress = state.tutor.to_json();
    storage.set_item(&progress_key(key), &progress).map_err(|e| failed(e, progress.len()))?;
    let sandbox = sandbox_key(key);
    match &state.sandbox {
        Some(json) => {
            // Written once per stash (it does not change while the tutorial runs).
            if storage.get_item(&sandbox).ok().flatten().is_none_or(|old| *old != **json) {
                storage.set_item(&sandbox, json).map_err(|e| failed(e, json.len()))?;
            }
        }
        None => {
            let _ = storage.remove_item(&sandbox);
        }
    }
    Ok(())
}

/// The clock: feeds wall time to the virtual clock every [`TICK_MS`] (the page and embeds).
#[hook]
fn use_clock(dispatch: &UseReducerDispatcher<AppState>) {
    let dispatch = dispatch.clone();
    use_effect_with((), move |_| {
        dispatch.dispatch(Action::Tick { wall_ms: wall_ms() });
        let interval = Interval::new(TICK_MS, move || dispatch.dispatch(Action::Tick { wall_ms: wall_ms() }));
        move || drop(interval)
    });
}

/// The whole playground page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let key = props.storage_key.to_string();
    let state = {
        let key = key.clone();
        use_reducer(move || {
            AppState::load_page(
                read_storage(&key).as_deref(),
                read_storage(&progress_key(&key)).as_deref(),
                read_storage(&sandbox_key(&key)),
                wall_ms() as u64,
                browser_lang(),
            )
        })
    };
    let lang = state.tutor.lang;
    let s = strings(lang);
    let dispatch = state.dispatcher();

    use_clock(&dispatch);

    // Persistence: save shortly after every change (and every 30 s while time flows: a big
    // playground takes a while to serialise), when the page is hidden, and when the app goes away.
    let latest = use_mut_ref(|| None::<AppState>);
    *latest.borrow_mut() = Some((*state).clone());
    let save_failed = use_mut_ref(|| false);
    {
        let timer = use_mut_ref(|| None::<Timeout>);
        let (latest, key, dispatch, save_failed) = (latest.clone(), key.clone(), dispatch.clone(), save_failed.clone());
        let deps = (
            state.revision(),
            state.prefs.clone(),
            state.colors.clone(),
            state.ticks / 300,
            state.tutor.clone(),
            state.sandbox.clone(),
        );
        use_effect_with(deps, move |_| {
            let pending = Timeout::new(SAVE_DEBOUNCE_MS, move || {
                let result = latest.borrow().as_ref().map(|s| save(s, &key));
                match result {
                    Some(Err(e)) if !*save_failed.borrow() => {
                        *save_failed.borrow_mut() = true;
                        dispatch.dispatch(Action::Notice(e));
                    }
                    Some(Ok(())) => *save_failed.borrow_mut() = false,
                    _ => {}
                }
            });
            *timer.borrow_mut() = Some(pending);
        });
    }
    {
        let (latest, key) = (latest.clone(), key.clone());
        use_effect_with((), move |_| {
            let on_hide = {
                let (latest, key) = (latest.clone(), key.clone());
                Closure::<dyn Fn()>::new(move || {
                    if let Some(s) = latest.borrow().as_ref() {
                        let _ = save(s, &key);
                    }
                })
            };
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
                }
                if let Some(s) = latest.borrow().as_ref() {
                    let _ = save(s, &key);
                }
            }
        });
    }

    // The language of the page (<html lang>) follows the UI's, for fonts and screen readers.
    use_effect_with(lang, |lang| {
        let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute("lang", if *lang == Lang::Zh { "zh-CN" } else { "en" });
        }
    });

    // The theme: an attribute on <html> (none = follow the system).
    use_effect_with(state.prefs.theme, |theme| {
        let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = match theme {
                Theme::System => root.remove_attribute("data-theme"),
                Theme::Light => root.set_attribute("data-theme", "light"),
                Theme::Dark => root.set_attribute("data-theme", "dark"),
            };
        }
    });

    // Keyboard shortcuts (not while typing in an input).
    let app_ref = use_node_ref();
    {
        let dispatch = dispatch.clone();
        let app_ref = app_ref.clone();
        use_effect_with((), move |_| {
            let mark = app_ref.clone();
            let listener =
                Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| shortcut(&e, &dispatch, &app_ref));
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &document {
                let _ = d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            // yew runs effects in a later task than the first render when that render is slow,
            // so tests (and embedders) wait for this mark before pressing shortcut keys.
            if let Some(app) = mark.cast::<web_sys::Element>() {
                let _ = app.set_attribute("data-ready", "");
            }
            move || {
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
                }
            }
        });
    }

    let shared = state.shared();
    let world = state.world_ref();
    let tabs = state.tabs();
    let panes = [state.pane_client(0), state.pane_client(1)];
    let next_expiry = shared.world().next_expiry();
    // Made once: a new callback every render would re-render the whole tree on every tick.
    let on_select =
        use_callback(dispatch.clone(), |path: String, dispatch| dispatch.dispatch(Action::Select(Some(path))));
    let notice = state.notice.as_ref().map(|text| {
        let dismiss = dom::send_on_click(&dispatch, Action::DismissNotice);
        html! {
            <div class="notice" role="alert">
                <span>{ text }</span>
                { dom::Button::new("btn icon", "×", dismiss).label(s.dismiss).html() }
            </div>
        }
    });

    // The tutorial column: the running tutorial, or the list.
    let playing = use_state(|| false);
    let token = use_mut_ref(PlayToken::default);
    {
        // A running "show me" stops when the page goes away.
        let token = token.clone();
        use_effect_with((), move |_| {
            move || {
                token.borrow().next();
            }
        });
    }
    let on_panel = {
        let dispatch = dispatch.clone();
        let playing = playing.clone();
        let token = token.borrow().clone();
        let app_ref = app_ref.clone();
        let step = state.tutor.step();
        Callback::from(move |msg: PanelMsg| {
            let stop = |token: &PlayToken, playing: &UseStateHandle<bool>| {
                token.next();
                playing.set(false);
            };
            match msg {
                PanelMsg::Start(id) => {
                    stop(&token, &playing);
                    dispatch.dispatch(Action::StartTutorial(id));
                }
                PanelMsg::Hint => dispatch.dispatch(Action::TutorialHint),
                PanelMsg::Skip => {
                    stop(&token, &playing);
                    dispatch.dispatch(Action::TutorialSkip);
                }
                PanelMsg::Restart => {
                    stop(&token, &playing);
                    dispatch.dispatch(Action::RestartTutorial);
                }
                PanelMsg::Exit => {
                    stop(&token, &playing);
                    dispatch.dispatch(Action::ExitTutorial);
                }
                PanelMsg::SetLang(l) => dispatch.dispatch(Action::SetLang(l)),
                PanelMsg::Dismiss => dispatch.dispatch(Action::TutorialDismiss),
                PanelMsg::ShowMe => {
                    let (Some(step), Some(root)) = (step.clone(), app_ref.cast::<web_sys::Element>()) else {
                        return;
                    };
                    playing.set(true);
                    let done = {
                        let playing = playing.clone();
                        Callback::from(move |_| playing.set(false))
                    };
                    tutorial_panel::play_show(
                        step.show.clone(),
                        step.client.to_string(),
                        root,
                        dispatch.clone(),
                        token.clone(),
                        done,
                    );
                }
            }
        })
    };
    let guide = state.tutor.running() || state.tutor.guide_open;
    let highlight = state.tutor.focus();
    let renaming = [use_state(|| None::<String>), use_state(|| None::<String>)];
    let pane = |i: usize| {
        pane::pane(&pane::Pane {
            lang,
            pane: i,
            shared: &shared,
            world: &world,
            colors: &state.colors,
            tabs: &tabs,
            client: panes[i].clone(),
            other: panes[1 - i].clone(),
            now_ms: state.now_ms,
            dispatch: &dispatch,
            renaming: &renaming[i],
        })
    };

    let tutorial_title = state.tutor.tutorial().map(|t| t.title.get(lang).to_string());
    html! {
        <div class={classes!("app", state.tutor.running().then_some("in-tutorial"))} ref={app_ref} lang={if lang == Lang::Zh { "zh-CN" } else { "en" }}>
            { toolbar::toolbar(&toolbar::Toolbar {
                now_ms: state.now_ms,
                paused: state.paused,
                speed: state.speed,
                next_expiry,
                theme: state.prefs.theme,
                dispatch: &dispatch,
                shared: &shared,
                lang,
                tutorial: tutorial_title,
                guide_open: guide,
            }) }
            <div class="notice-slot">{ for notice }</div>
            <main class={classes!("workspace", guide.then_some("with-guide"))}>
                if guide {
                    <section class="panel guide-panel" aria-label={s.guide_panel}>
                        { tutorial_panel(&TutorialPanel {
                            tutor: &state.tutor,
                            compact: false,
                            playing: *playing,
                            on: &on_panel,
                            colors: &state.colors,
                        }) }
                    </section>
                }
                <section class="panel tree-panel" aria-label={s.tree_panel}>
                    <tree::TreeView {lang} shared={shared.clone()} colors={state.colors.clone()}
                        selected={state.prefs.selected.clone()} on_select={on_select} highlight={highlight} />
                </section>
                <section class="panel inspector-panel" aria-label={s.inspector_panel}>
                    { inspector::inspector(&inspector::Inspector {
                        strings: s,
                        shared: &shared,
                        colors: &state.colors,
                        selected: state.prefs.selected.as_deref(),
                    }) }
                </section>
                <div class="panes">
                    { pane(0) }
                    { pane(1) }
                </div>
                <section class="panel log-panel" aria-label={s.log_panel}>
                    <event_log::EventLog {lang} shared={shared.clone()} colors={state.colors.clone()} />
                </section>
            </main>
            { flights(&state) }
            if state.help_open {
                { toolbar::help(s, &dispatch) }
            }
        </div>
    }
}

/// The events in flight from znodes to clients.
fn flights(state: &AppState) -> Html {
    let flights: Vec<flight::Flight> = state
        .flights
        .iter()
        .map(|f| flight::Flight {
            id: f.id,
            path: f.path.clone(),
            client: f.client.clone(),
            kind: f.kind.clone(),
            color: f.color.clone(),
        })
        .collect();
    flight::flights(&flights)
}

/// A global keyboard shortcut.
fn shortcut(e: &KeyboardEvent, dispatch: &UseReducerDispatcher<AppState>, app: &NodeRef) {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return;
    }
    // With several pages mounted (tests, embedders), a key typed inside another one is not ours.
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let inside = target.as_ref().and_then(|t| t.closest(".app").ok().flatten());
    if let (Some(inside), Some(ours)) = (inside, app.cast::<web_sys::Element>()) {
        if !inside.is_same_node(Some(&ours)) {
            return;
        }
    }
    let typing = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
    });
    // `?` also works from an empty console line (no zkCli command starts with it).
    let empty_input = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.value().is_empty() && i.class_name().split_whitespace().any(|c| c == "console-input"));
    let key = e.key();
    if typing && !(empty_input && key == "?") && key != "Escape" {
        return;
    }
    let action = match key.as_str() {
        "Escape" if typing => Some(Action::ToggleHelp(Some(false))),
        " " => Some(Action::TogglePause),
        "?" => Some(Action::ToggleHelp(None)),
        "Escape" => Some(Action::ToggleHelp(Some(false))),
        "s" => Some(Action::Step { ms: 1_000 }),
        "S" => Some(Action::Step { ms: 10_000 }),
        "[" => Some(Action::ShiftSpeed { up: false }),
        "]" => Some(Action::ShiftSpeed { up: true }),
        "e" => Some(Action::SkipToExpiry),
        "n" => Some(Action::AddClient { pane: 1 }),
        "t" => Some(Action::CycleTheme),
        "1" | "2" => {
            let nth = if key == "1" { 1 } else { 2 };
            let input = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(&format!(".pane:nth-child({nth}) .console-input")).ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(input) = input {
                e.prevent_default();
                let _ = input.focus();
            }
            None
        }
        _ => None,
    };
    if let Some(action) = action {
        e.prevent_default();
        dispatch.dispatch(action);
    }
}

/// Shows a panic on the page (the app behind it has stopped), with a way out.
pub fn show_panic(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("zkplay-panic").is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("zkplay-panic");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("class", "panic");
    let title = document.create_element("strong").ok();
    if let Some(t) = &title {
        t.set_text_content(Some("zkplay hit an internal error and stopped. "));
        let _ = banner.append_child(t);
    }
    if let Ok(text) = document.create_element("code") {
        text.set_text_content(Some(message));
        let _ = banner.append_child(&text);
    }
    let fresh = format!("try{{localStorage.removeItem('{STORAGE_KEY}')}}catch(e){{}};location.reload()");
    for (label, script) in [("Reload", "location.reload()"), ("Start fresh and reload", fresh.as_str())] {
        if let Ok(button) = document.create_element("button") {
            button.set_text_content(Some(label));
            let _ = button.set_attribute("class", "btn");
            let _ = button.set_attribute("onclick", script);
            let _ = banner.append_child(&button);
        }
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}

/// Reports panics visibly on the page as well as in the browser console.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic(&info.to_string());
    }));
}

/// The page's entry point (the wasm `main`, run by `init()`): renders [`App`] into `#zkplay`.
/// Pages without that element (embed.html, the docs) only load the module and call
/// [`api::mount`] themselves.
pub fn start() {
    install_panic_hook();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("zkplay"));
    if let Some(root) = root {
        root.set_inner_html("");
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// Mounts the playground page into `element`, saved under `storage_key`. Tests use this;
/// `destroy()` on the handle unmounts it (saving first) and stops its clock.
pub fn mount_app_into(element: &web_sys::Element, storage_key: &str) -> yew::AppHandle<App> {
    let props = AppProps { storage_key: AttrValue::from(storage_key.to_string()) };
    yew::Renderer::<App>::with_root_and_props(element.clone(), props).render()
}
