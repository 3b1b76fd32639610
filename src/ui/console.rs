//! One client's terminal-like zkCli console: scrollback, the prompt and one input line, with
//! ↑/↓ history, Tab completion and Ctrl-L. It re-renders only when its own scrollback changed.

use std::rc::Rc;

use web_sys::{Element, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::dom::span;
use super::state::{session_info, Action, AppState, Shared, WorldRef};
use crate::tutorial::Lang;
use crate::view::completion;
use crate::view::i18n::{fill, strings};
use crate::view::persist::LineKind;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The UI's language.
    pub lang: Lang,
    pub world: WorldRef,
    pub client: String,
    /// The console's own revision: the scrollback is re-rendered when it changes.
    pub rev: u64,
    pub prompt: String,
    pub exited: bool,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Focus the input when the console appears.
    #[prop_or_default]
    pub autofocus: bool,
}

/// The console of `client` as the page's panes and the embed show it: its prompt, its
/// scrollback revision and whether its zkCli process exited, read from the playground.
pub fn console_of(
    lang: Lang,
    shared: &Shared,
    world: &WorldRef,
    client: &str,
    dispatch: &UseReducerDispatcher<AppState>,
    autofocus: bool,
) -> Html {
    let playground = shared.playground();
    let exited = session_info(&playground, client).is_none_or(|i| i.exited);
    let prompt = if exited { String::new() } else { playground.prompt(client) };
    drop(playground);
    let rev = world.0.borrow().console_revs.get(client).copied().unwrap_or(0);
    html! {
        <Console {lang} world={world.clone()} client={client.to_string()} {rev} {prompt} {exited}
            dispatch={dispatch.clone()} {autofocus} />
    }
}

/// Lines rendered at most (the newest); older ones stay in the scrollback model.
const RENDERED_LINES: usize = 1_500;

#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let s = strings(props.lang);
    let input_ref = use_node_ref();
    let scroll_ref = use_node_ref();
    // Position in the history while recalling with ↑/↓; `None` = editing a new line.
    let recall = use_mut_ref(|| None::<usize>);
    // Whether the view follows new output (false while the user reads further up).
    let stick = use_mut_ref(|| true);
    let candidates = use_state(|| None::<(Vec<String>, usize)>);

    {
        let input_ref = input_ref.clone();
        use_effect_with((props.client.clone(), props.autofocus), move |(_, autofocus)| {
            if *autofocus {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }
    {
        // A different client in this pane: history recall starts over, the view jumps down.
        let recall = recall.clone();
        let stick = stick.clone();
        use_effect_with(props.client.clone(), move |_| {
            *recall.borrow_mut() = None;
            *stick.borrow_mut() = true;
        });
    }
    {
        let scroll_ref = scroll_ref.clone();
        let stick = stick.clone();
        let show = candidates.is_some();
        use_effect_with((props.client.clone(), props.rev, props.prompt.clone(), show), move |_| {
            if *stick.borrow() {
                if let Some(el) = scroll_ref.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }

    let onscroll = {
        let stick = stick.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<Element>() {
                *stick.borrow_mut() = el.scroll_top() + el.client_height() >= el.scroll_height() - 24;
            }
        })
    };

    let onkeydown = {
        let world = props.world.clone();
        let client = props.client.clone();
        let dispatch = props.dispatch.clone();
        let input_ref = input_ref.clone();
        let recall = recall.clone();
        let candidates = candidates.clone();
        let stick = stick.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let key = e.key();
            if key != "Tab" && candidates.is_some() {
                candidates.set(None);
            }
            match key.as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = input.value();
                    input.set_value("");
                    *recall.borrow_mut() = None;
                    *stick.borrow_mut() = true;
                    dispatch.dispatch(Action::Submit { client: client.clone(), line });
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let history = history_of(&world, &client);
                    if let Some(line) = recall_step(&mut recall.borrow_mut(), &history, key == "ArrowUp") {
                        input.set_value(&line);
                        let end = line.encode_utf16().count() as u32;
                        let _ = input.set_selection_range(end, end);
                    }
                }
                "Tab" => {
                    e.prevent_default();
                    let line = input.value();
                    let done = {
                        let Ok(world) = world.0.try_borrow() else {
                            return;
                        };
                        completion::complete(&line, world.playground.engine().tree())
                    };
                    input.set_value(&done.line);
                    if done.candidates.len() > 1 {
                        *stick.borrow_mut() = true;
                        candidates.set(Some((done.candidates, done.total)));
                    } else {
                        candidates.set(None);
                    }
                }
                "l" | "L" if e.ctrl_key() => {
                    e.prevent_default();
                    dispatch.dispatch(Action::Clear { client: client.clone() });
                }
                "c" | "C" if e.ctrl_key() && !has_selection() => {
                    // Like a shell: abandon the line being typed.
                    e.prevent_default();
                    input.set_value("");
                    *recall.borrow_mut() = None;
                }
                "Escape" => {
                    let _ = input.blur();
                }
                _ => {}
            }
        })
    };

    // A click in the console types into the input, unless the user is selecting text.
    let onclick = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if !has_selection() {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        })
    };

    // The scrollback in chunks of consecutive line ids: lines never change once printed, so a
    // new line re-renders only the last chunk, however long the scrollback is.
    let lines = {
        let world = props.world.0.borrow();
        let epoch = world.epoch;
        match world.consoles.get(&props.client) {
            Some(log) => {
                let skip = log.lines.len().saturating_sub(RENDERED_LINES);
                let mut chunks: Vec<(u64, u64, usize)> = Vec::new(); // (chunk, first id, count)
                for line in log.lines.iter().skip(skip) {
                    let chunk = line.id / CHUNK;
                    match chunks.last_mut() {
                        Some((c, _, count)) if *c == chunk => *count += 1,
                        _ => chunks.push((chunk, line.id, 1)),
                    }
                }
                chunks
                    .into_iter()
                    .map(|(chunk, first, count)| {
                        html! {
                            <Chunk key={chunk} world={props.world.clone()} client={props.client.clone()} first={first} count={count} epoch={epoch} />
                        }
                    })
                    .collect::<Html>()
            }
            None => Html::default(),
        }
    };

    let placeholder = if props.exited { s.console_restart } else { "" };
    let (list, more) = match candidates.as_ref() {
        Some((list, total)) => {
            (list.clone(), (*total > list.len()).then(|| fill(s.more_candidates, &[&(total - list.len()).to_string()])))
        }
        None => (Vec::new(), None),
    };
    // Always present (empty when there is nothing to list): the input row before it must keep
    // its place in the DOM, or the input would be re-created and lose its focus.
    let listing = html! {
        <div class="console-candidates" hidden={list.is_empty()} aria-live="polite">
            { for list.iter().map(|c| span("console-candidate", c.clone())) }
            { for more.map(|m| span("console-candidate muted", m)) }
        </div>
    };

    html! {
        <div class="console" onclick={onclick}>
            <div class="console-scroll" ref={scroll_ref} onscroll={onscroll}>
                <div class="console-lines" role="log" aria-live="polite" aria-label={fill(s.console_output, &[&props.client])}>
                    { lines }
                </div>
                <div class="console-input-row">
                    { span("console-prompt", props.prompt.clone()) }
                    <input
                        ref={input_ref}
                        class="console-input"
                        type="text"
                        aria-label={fill(s.console_input, &[&props.client])}
                        data-client={props.client.clone()}
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        placeholder={placeholder}
                        onkeydown={onkeydown}
                    />
                </div>
                { listing }
            </div>
        </div>
    }
}

/// Scrollback lines per chunk.
const CHUNK: u64 = 64;

#[derive(Properties, PartialEq)]
struct ChunkProps {
    world: WorldRef,
    client: String,
    /// The id of the chunk's first line and how many lines it has: lines are immutable, so
    /// these two say whether the chunk changed.
    first: u64,
    count: usize,
    /// The world's reset count (ids start again after a reset).
    epoch: u64,
}

#[function_component(Chunk)]
fn chunk(props: &ChunkProps) -> Html {
    let world = props.world.0.borrow();
    let Some(log) = world.consoles.get(&props.client) else {
        return Html::default();
    };
    // Ids are consecutive, so the chunk's place in the scrollback is a subtraction.
    let start = log.lines.front().map_or(0, |l| props.first.saturating_sub(l.id)) as usize;
    let lines = log
        .lines
        .iter()
        .skip(start)
        .take(props.count)
        .map(|line| match &line.kind {
            LineKind::Output => html! {
                <div key={line.id} class="console-line">{ &line.text }</div>
            },
            LineKind::Event => html! {
                <div key={line.id} class="console-line console-event">{ &line.text }</div>
            },
            LineKind::Echo { prompt } => html! {
                <div key={line.id} class="console-line console-echo">
                    { span("console-echo-prompt", prompt.clone()) }
                    { span("console-echo-input", line.text.clone()) }
                </div>
            },
            LineKind::Note => html! {
                <div key={line.id} class="console-line console-note">{ &line.text }</div>
            },
        })
        .collect::<Html>();
    // Chunks out of view are neither laid out nor painted (a long scrollback would otherwise
    // cost every frame). The box reaches into the left padding, where event lines draw their bar.
    html! {
        <div class="console-chunk" style={CHUNK_STYLE}>{ lines }</div>
    }
}

const CHUNK_STYLE: &str =
    "content-visibility:auto;contain-intrinsic-size:auto 1200px;margin-left:-0.75rem;padding-left:0.75rem";

fn has_selection() -> bool {
    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed())
}

fn history_of(world: &WorldRef, client: &str) -> Rc<Vec<String>> {
    let history = world.0.try_borrow().ok().and_then(|w| w.consoles.get(client).map(|c| c.history.clone()));
    Rc::new(history.unwrap_or_default())
}

/// One ↑ (`up`) or ↓ through `history`: the line to show, if the input changes.
fn recall_step(recall: &mut Option<usize>, history: &[String], up: bool) -> Option<String> {
    if history.is_empty() {
        return None;
    }
    match (*recall, up) {
        (None, true) => *recall = Some(history.len() - 1),
        (Some(i), true) => *recall = Some(i.saturating_sub(1)),
        (None, false) => return None,
        (Some(i), false) if i + 1 < history.len() => *recall = Some(i + 1),
        (Some(_), false) => {
            *recall = None;
            return Some(String::new());
        }
    }
    recall.and_then(|i| history.get(i).cloned())
}
