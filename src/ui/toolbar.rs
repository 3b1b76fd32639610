//! The top bar: the virtual clock (time, pause, step, speed, skip to the next expiry), the mode
//! (sandbox or the running tutorial, the tutorial list), the language, share (export and import),
//! the theme, the shortcuts and reset.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::dom::{send_on_click, span, text, Button};
use super::state::{Action, AppState, Shared, ENSEMBLE};
use crate::tutorial::Lang;
use crate::view::clock::{countdown_label, speed_label, time_of_day, SPEEDS};
use crate::view::i18n::{fill, strings, Strings};
use crate::view::persist::Theme;

/// What the top bar shows. A plain function of it, not a component: the bar changes with the
/// clock, so it re-rendered with its host anyway.
pub struct Toolbar<'a> {
    pub now_ms: u64,
    pub paused: bool,
    pub speed: f64,
    /// The next session expiry (virtual ms), if a crashed client's session is pending.
    pub next_expiry: Option<i64>,
    pub theme: Theme,
    pub dispatch: &'a UseReducerDispatcher<AppState>,
    /// The playground (what Share exports).
    pub shared: &'a Shared,
    pub lang: Lang,
    /// The running tutorial's title (none: the sandbox).
    pub tutorial: Option<String>,
    /// Whether the tutorial column is shown.
    pub guide_open: bool,
}

fn theme_name(s: &Strings, theme: Theme) -> &'static str {
    match theme {
        Theme::System => s.theme_system,
        Theme::Light => s.theme_light,
        Theme::Dark => s.theme_dark,
    }
}

/// Offers `text` as a file download named `name` (a Blob behind a temporary `<a download>`).
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let err = |e: JsValue| e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default();
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(err)?.dyn_into().map_err(|_| "not an anchor".to_string())?;
    link.set_href(&url);
    link.set_download(name);
    let _ = link.set_attribute("hidden", "");
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
    }
    link.click();
    link.remove();
    // Revoked a little later: the download may still be reading it.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

pub fn toolbar(props: &Toolbar) -> Html {
    let s = strings(props.lang);
    let send = |action: Action| send_on_click(props.dispatch, action);
    let onspeed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(speed) = crate::decimal::parse(&select.value()) {
                    dispatch.dispatch(Action::SetSpeed(speed));
                }
            }
        })
    };
    let in_tutorial = props.tutorial.is_some();
    let onreset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            // During a tutorial Reset restarts it (the sandbox is not touched): no question.
            let sure = in_tutorial
                || web_sys::window().and_then(|w| w.confirm_with_message(s.reset_confirm).ok()).unwrap_or(true);
            if sure {
                dispatch.dispatch(Action::Reset);
            }
        })
    };

    // Share: export the playground as a scenario or a zkCli script, import a scenario.
    let notify = {
        let dispatch = props.dispatch.clone();
        move |result: Result<(), String>, name: &str| {
            let text = match result {
                Ok(()) => fill(s.exported, &[name]),
                Err(e) => fill(s.export_failed, &[&e]),
            };
            dispatch.dispatch(Action::Notice(text));
        }
    };
    let close_menu = |e: &MouseEvent| {
        let menu = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("details").ok().flatten());
        if let Some(menu) = menu {
            let _ = menu.remove_attribute("open");
        }
    };
    let export_json = {
        let shared = props.shared.clone();
        let notify = notify.clone();
        Callback::from(move |e: MouseEvent| {
            close_menu(&e);
            let value = crate::scenario::export_json(&shared.playground(), "zkplay");
            let text = value.to_pretty();
            let name = "zkplay-scenario.json";
            notify(download(name, "application/json", &text), name);
        })
    };
    let export_script = {
        let shared = props.shared.clone();
        let notify = notify.clone();
        Callback::from(move |e: MouseEvent| {
            close_menu(&e);
            let text = crate::scenario::zkcli_script(&shared.playground());
            let name = "zkplay-session.zkcli.txt";
            notify(download(name, "text/plain", &text), name);
        })
    };
    let pick_file = Callback::from(move |e: MouseEvent| {
        close_menu(&e);
        // The hidden file input sits in the same menu.
        let input = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|t| t.closest("details").ok().flatten())
            .and_then(|menu| menu.query_selector("input.import-file").ok().flatten())
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input {
            input.click();
        }
    });
    let on_file = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // The same file can be picked again.
            input.set_value("");
            read_file(file, dispatch.clone(), s);
        })
    };

    let now = i64::try_from(props.now_ms).unwrap_or(i64::MAX);
    let skip_title = match props.next_expiry {
        Some(at) => fill(s.skip_expiry_in, &[&countdown_label(at.saturating_sub(now))]),
        None => s.skip_expiry_none.to_string(),
    };
    let theme_icon = match props.theme {
        Theme::System => "◐",
        Theme::Light => "☀",
        Theme::Dark => "☾",
    };
    let theme = theme_name(s, props.theme);
    let mode = match &props.tutorial {
        Some(title) => html! {
            <div class="mode in-tutorial" role="group">
                <span class="mode-chip" title={title.clone()}>
                    { span("mode-label", s.mode_tutorial) }
                    { span("mode-title", title.clone()) }
                </span>
                <button class="btn mode-exit" onclick={send(Action::ExitTutorial)} title={s.mode_sandbox_title}>
                    { "← " }{ s.back_to_sandbox }
                </button>
            </div>
        },
        None => html! {
            <div class="mode" role="group">
                <span class="mode-chip sandbox" title={s.mode_sandbox_title}>{ s.mode_sandbox }</span>
                <button class={classes!("btn", "mode-guide", props.guide_open.then_some("active"))}
                    aria-pressed={props.guide_open.to_string()} onclick={send(Action::ToggleGuide)}
                    title={s.tutorials_toggle}>{ s.tutorials }</button>
            </div>
        },
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "zk" }</span>
                { span("brand-name", "zkplay") }
                <span class="brand-sub" title={s.ensemble_title}>{ ENSEMBLE }</span>
            </div>
            { mode }
            <div class={classes!("clock", props.paused.then_some("paused"))} role="group" aria-label={s.virtual_clock}>
                <span class="clock-time" title={s.virtual_time} aria-live="off">{ time_of_day(props.now_ms) }</span>
                { Button::new("btn icon", if props.paused { "▶" } else { "❚❚" }, send(Action::TogglePause))
                    .title(if props.paused { s.resume_key } else { s.pause_key })
                    .label(if props.paused { s.resume_clock } else { s.pause_clock })
                    .html() }
                { Button::new("btn", "+1s", send(Action::Step { ms: 1_000 }))
                    .title(s.step_1s_title)
                    .label(s.step_1s)
                    .html() }
                { Button::new("btn", "+10s", send(Action::Step { ms: 10_000 }))
                    .title(s.step_10s_title)
                    .label(s.step_10s)
                    .html() }
                <label class="speed" title={s.clock_speed_title}>
                    { span("sr-only", s.clock_speed) }
                    <select aria-label={s.clock_speed} onchange={onspeed}>
                        { for SPEEDS.iter().map(|sp| html! {
                            <option value={crate::decimal::thousandths(crate::decimal::to_thousandths(*sp))} selected={(sp - props.speed).abs() < 1e-9}>{ speed_label(*sp) }</option>
                        }) }
                    </select>
                </label>
                { Button::new("btn", s.skip_expiry, send(Action::SkipToExpiry))
                    .title(skip_title)
                    .label(s.skip_expiry_label)
                    .disabled(props.next_expiry.is_none())
                    .html() }
            </div>
            <div class="top-actions">
                // The docs pages (www/docs/): each pattern explained, with its tutorial embedded.
                <a class="btn docs-link" href={if props.lang == Lang::Zh { "docs/index.html?lang=zh" } else { "docs/index.html" }}
                    title={if props.lang == Lang::Zh { "模式讲解与可嵌入的教程" } else { "The patterns explained, with embeddable tutorials" }}>
                    { if props.lang == Lang::Zh { "文档" } else { "Docs" } }</a>
                <div class="lang-switch" role="group" aria-label={s.language}>
                    { for [Lang::En, Lang::Zh].into_iter().map(|l| html! {
                        <button class={classes!("btn", "lang-btn", (l == props.lang).then_some("active"))}
                            aria-pressed={(l == props.lang).to_string()} lang={l.code()}
                            onclick={send(Action::SetLang(l))}>{ if l == Lang::En { "EN" } else { "中文" } }</button>
                    }) }
                </div>
                <details class="menu share-menu">
                    <summary class="btn" title={s.share_title}>{ s.share }{ " ▾" }</summary>
                    <div class="menu-list" role="menu">
                        <button class="menu-item export-json" role="menuitem" onclick={export_json} title={s.export_json_title}>{ s.export_json }</button>
                        <button class="menu-item import-json" role="menuitem" onclick={pick_file} title={s.import_json_title}>{ s.import_json }</button>
                        <button class="menu-item export-script" role="menuitem" onclick={export_script} title={s.export_script_title}>{ s.export_script }</button>
                    </div>
                    <input class="import-file" type="file" accept=".json,application/json" hidden=true onchange={on_file} />
                </details>
                { Button::new("btn icon", theme_icon, send(Action::CycleTheme))
                    .title(fill(s.theme_title, &[theme]))
                    .label(fill(s.theme_aria, &[theme]))
                    .html() }
                { Button::new("btn icon", "?", send(Action::ToggleHelp(None)))
                    .title(s.shortcuts_title)
                    .label(s.shortcuts)
                    .html() }
                { Button::new("btn", s.reset, onreset)
                    .title(if in_tutorial { s.restart } else { s.reset_title })
                    .label(if in_tutorial { s.restart } else { s.reset_aria })
                    .html() }
            </div>
        </header>
    }
}

/// Reads a picked scenario file; after the learner confirms, the sandbox is replaced by it.
fn read_file(file: web_sys::File, dispatch: UseReducerDispatcher<AppState>, s: &'static Strings) {
    let name = file.name();
    let Ok(reader) = web_sys::FileReader::new() else {
        dispatch.dispatch(Action::Notice(fill(s.import_unreadable, &[&name])));
        return;
    };
    let onload = {
        let reader = reader.clone();
        let name = name.clone();
        let dispatch = dispatch.clone();
        Closure::once(move |_: web_sys::Event| {
            let Some(text) = reader.result().ok().and_then(|r| r.as_string()) else {
                dispatch.dispatch(Action::Notice(fill(s.import_unreadable, &[&name])));
                return;
            };
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(&fill(s.import_confirm, &[&name])).ok())
                .unwrap_or(false);
            if sure {
                dispatch.dispatch(Action::Import { name, text });
            }
        })
    };
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    if reader.read_as_text(&file).is_err() {
        dispatch.dispatch(Action::Notice(fill(s.import_unreadable, &[&name])));
    }
}

/// The keyboard shortcuts, listed under `?`.
pub fn shortcuts(s: &Strings) -> [(&'static str, &'static str); 13] {
    [
        ("?", s.key_help),
        ("space", s.key_pause),
        ("s / S", s.key_step),
        ("[ / ]", s.key_speed),
        ("e", s.key_expiry),
        ("n", s.key_new),
        ("1 / 2", s.key_focus),
        ("t", s.key_theme),
        ("Esc", s.key_escape),
        ("↑ / ↓", s.key_history),
        ("Tab", s.key_complete),
        ("Ctrl-L", s.key_clear),
        ("Ctrl-C", s.key_abandon),
    ]
}

/// The shortcuts dialog (a plain function: it has no state of its own).
pub fn help(s: &'static Strings, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let close = send_on_click(dispatch, Action::ToggleHelp(Some(false)));
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onclick={stop}>
                <div class="dialog-head">
                    <h2 id="help-title">{ s.help_title }</h2>
                    { Button::new("btn icon", "×", close).label(s.close).html() }
                </div>
                <dl class="shortcuts">
                    { for shortcuts(s).iter().map(|(k, what)| html! {
                        <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></>
                    }) }
                </dl>
                { text("p", "muted small", s.help_note) }
            </div>
        </div>
    }
}
