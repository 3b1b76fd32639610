//! A console pane: the client tabs (pick, add, rename, close), the chosen client's session header
//! (id, state, timeout, expiry countdown; quit / crash / reconnect) and its console.

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::console::console_of;
use super::dom::{send_on_click, span, text, Button};
use super::state::{client_color, session_info, Action, AppState, ClientColors, Shared, WorldRef};
use crate::engine::zxid::hex;
use crate::tutorial::Lang;
use crate::view::clock::countdown_label;
use crate::view::i18n::{fill, strings};

/// What a pane shows. A plain function of it, not a component: the session header counts down
/// with the clock, so the pane re-rendered with its host anyway.
pub struct Pane<'a> {
    /// The UI's language.
    pub lang: Lang,
    pub pane: usize,
    pub shared: &'a Shared,
    pub world: &'a WorldRef,
    pub colors: &'a ClientColors,
    pub tabs: &'a [String],
    pub client: Option<String>,
    /// The client the other pane shows (marked in this pane's tabs).
    pub other: Option<String>,
    pub now_ms: u64,
    pub dispatch: &'a UseReducerDispatcher<AppState>,
    /// The client whose name is being edited in this pane, if any (the host keeps this state).
    pub renaming: &'a UseStateHandle<Option<String>>,
}

pub fn pane(props: &Pane) -> Html {
    let renaming = props.renaming;
    let s = strings(props.lang);
    let dispatch = props.dispatch.clone();

    let tabs = props.tabs.iter().map(|name| {
        let color = client_color(props.colors, name);
        let active = props.client.as_deref() == Some(name.as_str());
        let state = session_info(&props.shared.playground(), name).map(|s| s.state).unwrap_or("CLOSED");
        let show = send_on_click(&dispatch, Action::Show { pane: props.pane, client: name.clone() });
        let start_rename = {
            let renaming = renaming.clone();
            let dispatch = dispatch.clone();
            let (pane, name) = (props.pane, name.clone());
            Callback::from(move |_: MouseEvent| {
                dispatch.dispatch(Action::Show { pane, client: name.clone() });
                renaming.set(Some(name.clone()));
            })
        };
        let close = {
            let dispatch = dispatch.clone();
            let name = name.clone();
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                dispatch.dispatch(Action::CloseClient { client: name.clone() });
            })
        };
        let class = classes!(
            "tab",
            active.then_some("active"),
            (props.other.as_deref() == Some(name.as_str())).then_some("elsewhere"),
            format!("state-{}", state.to_ascii_lowercase()),
        );
        html! {
            <div key={name.clone()} class={class} data-client={name.clone()} style={format!("--client: {color}")} role="presentation">
                <button class="tab-pick" role="tab" aria-selected={active.to_string()}
                    title={fill(s.tab_title, &[name, state])}
                    onclick={show} ondblclick={start_rename}>
                    <span class="dot" aria-hidden="true"></span>
                    { span("tab-name", name.clone()) }
                </button>
                { Button::new("tab-close", "×", close)
                    .title(fill(s.close_client, &[name]))
                    .label(fill(s.close_client, &[name]))
                    .html() }
            </div>
        }
    });
    let add = send_on_click(&dispatch, Action::AddClient { pane: props.pane });

    let body = match props.client.as_deref() {
        None => html! {
            <div class="pane-empty">
                <p>{ s.no_client }</p>
                { Button::new("btn", s.new_client, add.clone()).html() }
            </div>
        },
        Some(name) => {
            let playground = props.shared.playground();
            let info = session_info(&playground, name);
            let exited = info.as_ref().is_none_or(|i| i.exited);
            drop(playground);
            let color = client_color(props.colors, name);
            let (session, state, timeout, countdown) = match &info {
                Some(i) => (
                    i.session.map_or_else(|| "—".to_string(), hex),
                    i.state,
                    if i.timeout_ms > 0 { format!("{} ms", i.timeout_ms) } else { "—".to_string() },
                    i.expires_at
                        .filter(|_| i.state == "CRASHED")
                        .map(|at| countdown_label(at.saturating_sub(i64::try_from(props.now_ms).unwrap_or(i64::MAX)))),
                ),
                None => ("—".to_string(), "CLOSED", "—".to_string(), None),
            };
            let client_action = |make: fn(String) -> Action| send_on_click(&dispatch, make(name.to_string()));
            let title = match renaming.as_ref() {
                Some(draft) if draft == name => {
                    let commit = {
                        let dispatch = dispatch.clone();
                        let renaming = renaming.clone();
                        let from = name.to_string();
                        move |to: String| {
                            renaming.set(None);
                            dispatch.dispatch(Action::Rename { from: from.clone(), to });
                        }
                    };
                    let onkeydown = {
                        let commit = commit.clone();
                        let renaming = renaming.clone();
                        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                            "Enter" => {
                                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                                    commit(input.value());
                                }
                            }
                            "Escape" => renaming.set(None),
                            _ => {}
                        })
                    };
                    let onblur = Callback::from(move |e: FocusEvent| {
                        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                            commit(input.value());
                        }
                    });
                    html! {
                        <input class="rename-input" value={name.to_string()} aria-label={fill(s.new_name_aria, &[name])}
                            maxlength="24" autofocus=true onkeydown={onkeydown} onblur={onblur} />
                    }
                }
                _ => {
                    let renaming = renaming.clone();
                    let n = name.to_string();
                    html! {
                        <button class="pane-client" title={s.rename_title} aria-label={fill(s.rename_aria, &[name])}
                            onclick={Callback::from(move |_: MouseEvent| renaming.set(Some(n.clone())))}>
                            <span class="dot" aria-hidden="true"></span>{ name }<span class="pencil" aria-hidden="true">{ "✎" }</span>
                        </button>
                    }
                }
            };
            html! {
                <>
                    <div class="pane-header" data-client={name.to_string()} style={format!("--client: {color}")}>
                        <div class="session">
                            <div class="session-main">
                                { title }
                                <span class={classes!("state-badge", format!("state-{}", state.to_ascii_lowercase()))} title={s.session_state}>{ state }</span>
                                { for countdown.map(|c| html! {
                                    <span class="countdown" title={s.expires_title}>
                                        { s.expires_in }<strong>{ c }</strong>
                                    </span>
                                }) }
                            </div>
                            <div class="session-meta">
                                <span class="meta" title={s.session_id}>{ span("meta-label", s.session_label) }{ text("code", "session-id", session) }</span>
                                <span class="meta" title={s.timeout_title}>{ span("meta-label", s.timeout_label) }{ timeout }</span>
                            </div>
                        </div>
                        <div class="session-actions">
                            { Button::new("btn", s.quit, client_action(|client| Action::Quit { client }))
                                .title(s.quit_title)
                                .label(fill(s.quit_aria, &[name]))
                                .disabled(exited)
                                .html() }
                            { Button::new("btn danger", s.crash, client_action(|client| Action::Crash { client }))
                                .title(s.crash_title)
                                .label(fill(s.crash_aria, &[name]))
                                .disabled(exited)
                                .html() }
                            { Button::new("btn", s.reconnect, client_action(|client| Action::Reconnect { client }))
                                .title(s.reconnect_title)
                                .label(fill(s.reconnect_aria, &[name]))
                                .html() }
                        </div>
                    </div>
                    { console_of(props.lang, props.shared, props.world, name, &dispatch, props.pane == 0) }
                </>
            }
        }
    };

    html! {
        <section class="pane" aria-label={fill(s.console_pane, &[&(props.pane + 1).to_string()])}
            style={props.client.as_ref().map(|c| format!("--client: {}", client_color(props.colors, c)))}>
            <div class="tabs" role="tablist" aria-label={s.clients}>
                { for tabs }
                { Button::new("tab-add", "+", add).title(s.new_client_title).label(s.new_client).html() }
            </div>
            { body }
        </section>
    }
}
