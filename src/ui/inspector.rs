//! The inspector: the selected znode's path, data (always as text), stat in zkCli's format, ACL
//! and the watches that reach it.

use yew::prelude::*;

use super::dom::{span, text};
use super::state::{ClientColors, Shared};
use super::tree::session_color;
use crate::cli::format::{acl_lines, stat_lines};
use crate::engine::tree::NodeKind;
use crate::engine::zxid::hex;
use crate::view::i18n::{fill, Strings};
use crate::view::layout::watchers;

/// Data beyond this many characters is cut (a znode holds up to 1 MB).
const DATA_SHOWN_CHARS: usize = 20_000;

/// What the inspector shows. A plain function of it, not a component (no state of its own).
pub struct Inspector<'a> {
    pub strings: &'static Strings,
    pub shared: &'a Shared,
    pub colors: &'a ClientColors,
    pub selected: Option<&'a str>,
}

fn kind_name(s: &Strings, kind: NodeKind) -> String {
    match kind {
        NodeKind::Persistent => s.kind_persistent.to_string(),
        NodeKind::Ephemeral => s.kind_ephemeral.to_string(),
        NodeKind::Container => s.kind_container.to_string(),
        NodeKind::Ttl(ms) => fill(s.kind_ttl, &[&ms.to_string()]),
    }
}

pub fn inspector(props: &Inspector) -> Html {
    let s = props.strings;
    let Some(path) = props.selected.map(str::to_string) else {
        return html! {
            <div class="inspector inspector-empty">
                <p>{ s.inspector_hint }</p>
            </div>
        };
    };
    let playground = props.shared.playground();
    let engine = playground.engine();
    let Some(node) = engine.tree().get(&path) else {
        return html! {
            <div class="inspector inspector-missing">
                { text("h3", "inspector-path", path) }
                <p>{ s.inspector_missing }</p>
            </div>
        };
    };

    // Data: text nodes only (yew escapes them); never HTML.
    let data = match node.data.as_deref() {
        None => text("pre", "inspector-data inspector-null", "null"),
        Some([]) => text("pre", "inspector-data inspector-empty-data", ""),
        Some(bytes) => {
            let utf8 = String::from_utf8_lossy(bytes);
            let count = utf8.chars().count();
            let shown: String = utf8.chars().take(DATA_SHOWN_CHARS).collect();
            html! {
                <>
                    { text("pre", "inspector-data", shown) }
                    if count > DATA_SHOWN_CHARS {
                        { text("p", "inspector-cut", fill(s.more_chars, &[&(count - DATA_SHOWN_CHARS).to_string()])) }
                    }
                </>
            }
        }
    };

    let owner = (node.kind == NodeKind::Ephemeral).then(|| {
        let (name, color) = session_color(&playground, props.colors, node.ephemeral_owner);
        let expiry = engine.expiry_of(node.ephemeral_owner).map(|at| {
            let now = i64::try_from(props.shared.now_ms()).unwrap_or(i64::MAX);
            (at.saturating_sub(now).max(0) + 999) / 1000
        });
        html! {
            <p class="inspector-owner">
                { s.owner }
                <span class="client-name" style={format!("color:{color}")}>{ name }</span>
                { fill(s.owner_session, &[&hex(node.ephemeral_owner)]) }
                if let Some(left) = expiry {
                    { span("inspector-expiry", fill(s.owner_crashed, &[&left.to_string()])) }
                }
            </p>
        }
    });

    let (data_watches, child_watches) = engine.watches();
    let reaching = watchers::reaching(data_watches, child_watches, &path);
    let watch_rows: Vec<Html> = reaching
        .iter()
        .map(|w| {
            let (name, color) = session_color(&playground, props.colors, w.session);
            let inherited = w.on != path;
            html! {
                <li class={classes!("inspector-watch", watchers::mode_class(w.mode), format!("watch-{}", w.kind.name()))}>
                    <span class="swatch" style={format!("background:{color}")}></span>
                    <span class="client-name" style={format!("color:{color}")}>{ name }</span>
                    { fill(s.watch_line, &[w.kind.name(), watchers::mode_name(w.mode)]) }
                    if inherited {
                        { span("inspector-inherited", fill(s.set_on, &[&w.on])) }
                    }
                </li>
            }
        })
        .collect();

    let stat = stat_lines(&node.stat()).join("\n");
    let acl = acl_lines(&node.acl).join("\n");
    html! {
        <div class="inspector">
            { text("h3", "inspector-path", path.clone()) }
            { text("p", "inspector-kind", kind_name(s, node.kind)) }
            { for owner }
            <section class="inspector-section">
                <h4>{ s.data }{ span("inspector-len", fill(s.bytes, &[&node.data_len().to_string()])) }</h4>
                { data }
            </section>
            <section class="inspector-section">
                <h4>{ s.stat }</h4>
                { text("pre", "inspector-stat", stat) }
            </section>
            <section class="inspector-section">
                <h4>{ s.acl }</h4>
                { text("pre", "inspector-acl", acl) }
            </section>
            <section class="inspector-section">
                <h4>{ s.watchers }</h4>
                if watch_rows.is_empty() {
                    { text("p", "inspector-none", s.no_watchers) }
                } else {
                    <ul class="inspector-watches">{ for watch_rows }</ul>
                }
            </section>
        </div>
    }
}
