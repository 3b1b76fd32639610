//! The animated znode tree: an SVG drawn from [`crate::view::layout`].
//!
//! Nodes move to their new places with a CSS transition on `transform`; created nodes grow in
//! (a CSS animation on new elements); deleted nodes stay a moment as fading ghosts
//! (`znode-deleted`); a node whose data changed pulses (`znode-changed`, keyed on its mzxid).
//! Watches are badges in the watcher's colour: a circle `d` for data/exists watches, a square
//! `c` for child watches, with a ring for persistent and a double ring (`∞`) for recursive ones.
//!
//! Big trees stay fast (issue #5; `benches/ui_update.mjs` measures it):
//! - the layout is recomputed only when the tree's structure or the folding changed;
//! - only the znodes near the scroll box's visible part are in the DOM (the SVG keeps the whole
//!   drawing's size, so scrolling works as before; the band is re-measured on scroll, on window
//!   resizes and after each render);
//! - each drawn znode is its own memoised component with plain-data props, so a change
//!   re-renders only the znodes it touched;
//! - only znodes new in the layout grow in (not those scrolled into view).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::dom::span;
use super::state::{ClientColors, Shared};
use crate::decimal::{fixed, Fixed};
use crate::engine::tree::{NodeKind, Znode};
use crate::engine::watch::WatchMode;
use crate::playground::Playground;
use crate::tutorial::Lang;
use crate::vec_map::VecMap;
use crate::view::i18n::{fill, strings, Strings};
use crate::view::layout::watchers::{self, WatchKind, Watcher};
use crate::view::layout::{self, Folding, Layout, LayoutOptions, Placed};

/// How long a deleted node fades out (ms, wall clock; matches `znode-fade-out` in tree.css).
pub const GHOST_MS: f64 = 650.0;
/// How long a changed node pulses (ms, wall clock).
const PULSE_MS: f64 = 900.0;
/// Room for the container/TTL marker inside the pill.
const MARKER_WIDTH: f64 = 14.0;
/// At most this many badges are drawn per node (then `+N`).
const MAX_BADGES: usize = 6;
const PILL_HEIGHT: f64 = 18.0;
/// Where the edge to the children starts, right of the pill (after the collapse toggle).
const TOGGLE_ROOM: f64 = 18.0;
/// Beyond this many drawn znodes (in the DOM), re-layout is instant instead of animated.
const LARGE_TREE: usize = 600;

#[derive(Properties, PartialEq)]
pub struct TreeProps {
    /// The UI's language.
    pub lang: Lang,
    pub shared: Shared,
    pub colors: ClientColors,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
    /// Paths a tutorial step is about: drawn emphasised.
    pub highlight: Vec<String>,
}

/// A CSS colour from the shell, kept only if it is plainly a colour (it goes into `style`).
pub fn safe_color(color: Option<&String>) -> String {
    match color {
        Some(c)
            if !c.is_empty()
                && c.len() < 64
                && c.chars().all(|ch| ch.is_ascii_alphanumeric() || "#(),.% -".contains(ch)) =>
        {
            c.clone()
        }
        _ => "#8a93a6".to_string(),
    }
}

/// The name and colour of whoever holds `session` (grey for unknown or departed sessions).
pub fn session_color(playground: &Playground, colors: &ClientColors, session: i64) -> (String, String) {
    let name = playground.client_of(session).map(str::to_string);
    let color = safe_color(name.as_ref().and_then(|n| colors.get(n)));
    (name.unwrap_or_else(|| crate::engine::zxid::hex(session)), color)
}

fn wall_ms() -> f64 {
    js_sys::Date::now()
}

fn kind_class(node: &Znode) -> &'static str {
    match node.kind {
        NodeKind::Persistent => "znode-persistent",
        NodeKind::Ephemeral => "znode-ephemeral",
        NodeKind::Container => "znode-container",
        NodeKind::Ttl(_) => "znode-ttl",
    }
}

fn marker(node: &Znode) -> Option<&'static str> {
    match node.kind {
        NodeKind::Container => Some("▣"),
        NodeKind::Ttl(_) => Some("◷"),
        _ => None,
    }
}

fn kind_title(node: &Znode, s: &Strings) -> String {
    match node.kind {
        NodeKind::Persistent => s.kind_persistent.to_string(),
        NodeKind::Ephemeral => s.kind_ephemeral.to_string(),
        NodeKind::Container => s.kind_container.to_string(),
        NodeKind::Ttl(ms) => fill(s.kind_ttl, &[&ms.to_string()]),
    }
}

/// The link from a parent's collapse toggle to a child's pill, drawn relative to the child and
/// moved with a transform: when a subtree shifts, its links only move (a cheap transition) and
/// change shape only where a parent and its child got further apart.
#[derive(Clone, Debug, PartialEq)]
struct Edge {
    /// The path, the child's pill being at (0, 0).
    d: String,
    /// `transform` (the child's place) and `d` as CSS, so both can transition.
    style: String,
}

fn edge(parent: &Placed, child: &Placed) -> Edge {
    let sx = parent.x + parent.width + TOGGLE_ROOM - child.x;
    let sy = parent.y - child.y;
    let mx = sx / 2.0;
    let (sx, sy, mx) = (Fixed(sx, 1), Fixed(sy, 1), Fixed(mx, 1));
    let d = format!("M{sx},{sy} C{mx},{sy} {mx},0 0,0");
    let style = format!("{};d:path(\"{d}\")", translate(child.x, child.y));
    Edge { d, style }
}

fn translate(x: f64, y: f64) -> String {
    format!("transform:translate({}px,{}px)", Fixed(x, 1), Fixed(y, 1))
}

/// The outer radius of a badge (its rings included).
fn badge_radius(mode: WatchMode) -> f64 {
    match mode {
        WatchMode::Standard => 5.5,
        WatchMode::Persistent => 7.0,
        WatchMode::PersistentRecursive => 9.0,
    }
}

/// One watch badge, ready to draw.
#[derive(Clone, Debug, PartialEq)]
struct Badge {
    cx: f64,
    color: String,
    kind: WatchKind,
    mode: WatchMode,
    letter: &'static str,
    title: String,
    session: i64,
}

fn badges_of(list: &[Watcher], playground: &Playground, colors: &ClientColors) -> (Vec<Badge>, usize) {
    let mut x = 4.0;
    let mut out = Vec::new();
    for w in list.iter().take(MAX_BADGES) {
        let (who, color) = session_color(playground, colors, w.session);
        let r = badge_radius(w.mode);
        out.push(Badge {
            cx: x + r,
            color,
            kind: w.kind,
            mode: w.mode,
            letter: watchers::letter(w),
            title: format!("{who}: {} watch ({})", w.kind.name(), watchers::mode_name(w.mode)),
            session: w.session,
        });
        x += 2.0 * r + 1.5;
    }
    (out, list.len().saturating_sub(MAX_BADGES))
}

fn badge_html(b: &Badge) -> Html {
    // Mostly above the pill, clear of the label and of the row above.
    let cy = -PILL_HEIGHT / 2.0 - 5.5;
    let class = classes!(
        "watch-badge",
        match b.kind {
            WatchKind::Data => "watch-data",
            WatchKind::Child => "watch-child",
        },
        watchers::mode_class(b.mode)
    );
    let color = b.color.clone();
    let shape = match b.kind {
        WatchKind::Data => html! { <circle class="badge-shape" r="5.5" fill={color.clone()} /> },
        WatchKind::Child => {
            html! { <rect class="badge-shape" x="-5.5" y="-5.5" width="11" height="11" rx="2" fill={color.clone()} /> }
        }
    };
    let rings = match b.mode {
        WatchMode::Standard => 0,
        WatchMode::Persistent => 1,
        WatchMode::PersistentRecursive => 2,
    };
    html! {
        <g class={class} data-session={b.session.to_string()} style={translate(b.cx, cy)}>
            <title>{ b.title.clone() }</title>
            if rings >= 1 {
                <circle class="badge-ring" r="7" stroke={color.clone()} />
            }
            if rings >= 2 {
                <circle class="badge-ring badge-ring-outer" r="9" stroke={color.clone()} />
            }
            { shape }
            <text class="badge-letter" y="3">{ b.letter }</text>
        </g>
    }
}

/// Everything one drawn znode shows (plain data: equal specs skip the re-render).
#[derive(Clone, Debug, PartialEq)]
struct NodeSpec {
    path: String,
    name: String,
    x: f64,
    y: f64,
    width: f64,
    class: String,
    stroke: Option<String>,
    title: String,
    mzxid: i64,
    marker: Option<&'static str>,
    countdown: Option<i64>,
    children: usize,
    collapsed: bool,
    hidden: usize,
    badges: Vec<Badge>,
    more_badges: usize,
    ghost: bool,
}

#[derive(Properties, PartialEq)]
struct NodeProps {
    lang: Lang,
    spec: NodeSpec,
    on_select: Callback<String>,
    on_toggle: Callback<(String, usize)>,
}

/// The label: name (with its sequential suffix set apart) and the container/TTL marker.
fn label(name: &str, marker: Option<&'static str>) -> Html {
    let options = LayoutOptions::default();
    let (prefix, suffix) = layout::short_label(name, options.label_max_chars);
    let start = options.node_padding / 2.0 + if marker.is_some() { MARKER_WIDTH } else { 0.0 };
    html! {
        <>
            if let Some(m) = marker {
                <text class="znode-marker" x={fixed(options.node_padding / 2.0 - 1.0, 1)} y="4">{ m }</text>
            }
            <text class="znode-label" x={fixed(start, 1)} y="4">
                <tspan class="znode-name">{ prefix }</tspan>
                if let Some(s) = suffix {
                    <tspan class="znode-seq">{ s }</tspan>
                }
            </text>
        </>
    }
}

#[function_component(ZnodeView)]
fn znode_view(props: &NodeProps) -> Html {
    let s = strings(props.lang);
    let spec = &props.spec;
    let onclick = (!spec.ghost).then(|| {
        let on_select = props.on_select.clone();
        let path = spec.path.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_select.emit(path.clone());
        })
    });
    let toggle = (spec.children > 0 && !spec.ghost).then(|| {
        let onclick = {
            let on_toggle = props.on_toggle.clone();
            let path = spec.path.clone();
            let children = spec.children;
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                on_toggle.emit((path.clone(), children));
            })
        };
        let sign = if spec.collapsed { "+" } else { "−" };
        let label =
            if spec.collapsed { fill(s.tree_expand, &[&spec.hidden.to_string()]) } else { s.tree_collapse.to_string() };
        html! {
            <g class="znode-toggle" style={translate(spec.width + 9.0, 0.0)} {onclick} role="button" aria-label={label.clone()}>
                <title>{ label }</title>
                <circle r="7" />
                <text y="4">{ sign }</text>
            </g>
        }
    });
    let badges = (!spec.badges.is_empty()).then(|| {
        let end = spec.badges.last().map_or(4.0, |b| b.cx + badge_radius(b.mode) + 2.0);
        html! {
            <g class="znode-badges">
                { for spec.badges.iter().map(badge_html) }
                if spec.more_badges > 0 {
                    <text class="badge-more" x={fixed(end, 1)} y={fixed(-PILL_HEIGHT / 2.0 - 2.5, 1)}>{ format!("+{}", spec.more_badges) }</text>
                }
            </g>
        }
    });
    html! {
        <g class={spec.class.clone()} data-path={spec.path.clone()} style={translate(spec.x, spec.y)} {onclick}>
            <title>{ spec.title.clone() }</title>
            <g class="znode-body">
                <g class="znode-pulse-slot">
                    // Keyed on mzxid: a data change makes a new element, restarting the pulse.
                    <g key={spec.mzxid.to_string()} class="znode-pulse">
                        <rect class="znode-pill" x="0" y={fixed(-PILL_HEIGHT / 2.0, 1)}
                            width={fixed(spec.width, 1)} height={fixed(PILL_HEIGHT, 0)} rx="9"
                            style={spec.stroke.as_ref().map(|c| format!("stroke:{c}"))} />
                    </g>
                </g>
                { label(&spec.name, spec.marker) }
                if let Some(left) = spec.countdown {
                    <text class="znode-countdown" x={fixed(spec.width + 5.0, 1)} y="4">{ format!("◔ {left}s") }</text>
                }
                if spec.collapsed {
                    <text class="znode-hidden" x={fixed(spec.width + 20.0, 1)} y="4">{ spec.hidden.to_string() }</text>
                }
            </g>
            { for toggle }
            { for badges }
        </g>
    }
}

/// The tree's folding, as a reducer (its dispatcher is stable, so node props stay equal).
#[derive(Default, PartialEq)]
struct Folds(Folding);

impl Reducible for Folds {
    type Action = (String, usize);

    fn reduce(self: Rc<Self>, (path, children): (String, usize)) -> Rc<Self> {
        let mut next = self.0.clone();
        next.toggle(&path, children, &LayoutOptions::default());
        Rc::new(Folds(next))
    }
}

/// What the tree's scroll box shows, in CSS pixels (its `scrollTop`, `clientHeight` and
/// `clientWidth`). `top` is snapped down to half a screen: scrolling re-renders the tree once
/// per half screen, not on every scroll event.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Viewport {
    top: f64,
    height: f64,
    width: f64,
}

/// Before the scroll box is measured (or while it is hidden), the top this many pixels is drawn.
const FIRST_BAND_PX: f64 = 1_500.0;

impl Viewport {
    /// `None` while the box is not laid out (hidden): then the top of the drawing is drawn.
    fn measure(el: &web_sys::Element) -> Option<Viewport> {
        let height = f64::from(el.client_height());
        if height <= 0.0 {
            return None;
        }
        let step = Self::step(height);
        let top = (f64::from(el.scroll_top().max(0)) / step).floor() * step;
        Some(Viewport { top, height, width: f64::from(el.client_width()) })
    }

    fn step(height: f64) -> f64 {
        (height / 2.0).max(60.0)
    }
}

/// The y range of the layout worth drawing (layout units): what the scroll box shows with a
/// screen to spare above and below. The SVG is scaled to the box's width between 80 % and 100 %
/// (see the `svg` element's style), so pixels are divided by that scale.
fn band(viewport: Option<Viewport>, laid_width: f64) -> (f64, f64) {
    match viewport {
        None => (f64::NEG_INFINITY, FIRST_BAND_PX / 0.8),
        Some(v) => {
            let scale = if laid_width > 0.0 && v.width > 0.0 { (v.width / laid_width).clamp(0.8, 1.0) } else { 1.0 };
            let lo = (v.top - v.height) / scale;
            let hi = (v.top + Viewport::step(v.height) + 2.0 * v.height) / scale;
            (lo, hi)
        }
    }
}

/// How far a drawn znode reaches above and below its centre (its pill and its badges).
const REACH: f64 = PILL_HEIGHT + 16.0;

/// The last layout and what it was computed from: the layout is recomputed only when the tree's
/// structure (its last zxid, its size) or the folding changed.
#[derive(Default)]
struct LayoutCache {
    key: Option<(u64, i64, usize, Folding)>,
    laid: Rc<Layout>,
}

/// A deleted znode fading out until `until` (wall ms).
struct Ghost {
    path: String,
    spec: NodeSpec,
    edge: Option<Edge>,
    until: f64,
}

/// Merges two lists of ghosts sorted by path; on equal paths the one from `fresh` wins.
/// (A sorted Vec instead of a BTreeMap: one map type less in the page's wasm, issue #5.)
fn merge_ghosts(old: Vec<Ghost>, fresh: Vec<Ghost>) -> Vec<Ghost> {
    let mut out = Vec::with_capacity(old.len() + fresh.len());
    let mut old = old.into_iter().peekable();
    let mut fresh = fresh.into_iter().peekable();
    loop {
        let from_old = match (old.peek(), fresh.peek()) {
            (Some(o), Some(f)) => {
                if o.path == f.path {
                    old.next();
                    continue;
                }
                o.path < f.path
            }
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if from_old { old.next() } else { fresh.next() });
    }
}

/// What the last render drew, for ghosts and pulses.
#[derive(Default)]
struct Memory {
    started: bool,
    drawn: HashMap<String, (NodeSpec, Option<Edge>)>,
    /// Sorted by path (the order they are drawn in).
    ghosts: Vec<Ghost>,
    /// Znodes whose data changed, until their pulse ends. Few at a time: a sorted Vec map
    /// (a hash map of this type would be more code in the page).
    changed: VecMap<String, f64>,
    /// Znodes new in the layout (created, or shown by expanding their parent): they grow in.
    /// Znodes that are merely scrolled into view do not, nor do the nodes of a batch larger
    /// than [`MAX_BORN`] (an import or a long script: nothing to follow there).
    born: VecMap<String, f64>,
}

/// The most new znodes that grow in at once.
const MAX_BORN: usize = 200;

/// How long a new znode's grow-in lasts (ms, wall clock; matches `znode-grow-in` in tree.css).
const GROW_MS: f64 = 450.0;

#[function_component(TreeView)]
pub fn tree_view(props: &TreeProps) -> Html {
    let s = strings(props.lang);
    let folds = use_reducer(Folds::default);
    let memory = use_mut_ref(Memory::default);
    let cache = use_mut_ref(LayoutCache::default);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let ticker: Rc<RefCell<Option<Interval>>> = use_mut_ref(|| None);
    let force = use_force_update();
    let scroll_ref = use_node_ref();
    let viewport = use_state_eq(|| None::<Viewport>);
    // Stable callbacks (the parent's may be new on every render).
    let latest_select = use_mut_ref(|| props.on_select.clone());
    *latest_select.borrow_mut() = props.on_select.clone();
    let on_select = (*use_memo((), move |_| Callback::from(move |p: String| latest_select.borrow().emit(p)))).clone();
    let on_toggle = {
        let dispatch = folds.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: (String, usize)| dispatch.dispatch(a)))).clone()
    };
    // Only the part of the tree near the scroll box's view is drawn: measure it after every
    // render (cheap: the browser lays the page out for the frame anyway), on scroll and on
    // window resizes.
    {
        let scroll_ref = scroll_ref.clone();
        let viewport = viewport.clone();
        use_effect(move || {
            if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                viewport.set(Viewport::measure(&el));
            }
        });
    }
    {
        let scroll_ref = scroll_ref.clone();
        let viewport = viewport.clone();
        use_effect_with((), move |_| {
            let on_resize = Closure::<dyn Fn()>::new(move || {
                if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                    viewport.set(Viewport::measure(&el));
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
                }
            }
        });
    }
    let onscroll = {
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::Element>() {
                viewport.set(Viewport::measure(&el));
            }
        })
    };
    let options = LayoutOptions::default();

    let playground = props.shared.playground();
    let engine = playground.engine();
    let tree = engine.tree();
    let now_virtual = i64::try_from(props.shared.now_ms()).unwrap_or(i64::MAX);
    let now = wall_ms();
    let epoch = props.shared.world().epoch;

    let mut memory = memory.borrow_mut();
    let first = !memory.started;
    memory.started = true;

    // The layout, recomputed only when the structure or the folding changed.
    let laid: Rc<Layout> = {
        let mut cache = cache.borrow_mut();
        let key = (epoch, engine.last_zxid(), tree.len(), folds.0.clone());
        if cache.key.as_ref() != Some(&key) {
            let fresh = layout::layout(
                "/",
                |p: &str| tree.get(p).map(|n| n.children.iter()).into_iter().flatten(),
                |p: &str| if tree.get(p).and_then(marker).is_some() { MARKER_WIDTH } else { 0.0 },
                &folds.0,
                &options,
            );
            if !first && cache.key.is_some() {
                let mut before: Vec<&str> = cache.laid.nodes.iter().map(|n| n.path.as_str()).collect();
                crate::sorting::sort(&mut before);
                let born: Vec<String> = fresh
                    .nodes
                    .iter()
                    .filter(|n| !n.more && before.binary_search(&n.path.as_str()).is_err())
                    .map(|n| n.path.clone())
                    .collect();
                if born.len() <= MAX_BORN {
                    for path in born {
                        memory.born.insert(path, now + GROW_MS);
                    }
                }
            }
            cache.key = Some(key);
            cache.laid = Rc::new(fresh);
        }
        cache.laid.clone()
    };
    let (lo, hi) = band(*viewport, laid.width);
    let near = |y: f64| y + REACH >= lo && y - REACH <= hi;

    let (data_watches, child_watches) = engine.watches();
    let badges = watchers::by_path(data_watches, child_watches);
    let highlight = &props.highlight;

    let mut drawn: HashMap<String, (NodeSpec, Option<Edge>)> = HashMap::new();
    let mut expiring = false;
    let mut nodes_html: Vec<Html> = Vec::new();
    let mut edges_html: Vec<Html> = Vec::new();
    for placed in &laid.nodes {
        let parent = placed.parent.and_then(|p| laid.nodes.get(p));
        // The link is drawn if any of it is near the view (its parent or child may not be).
        let edge = parent
            .filter(|parent| parent.y.max(placed.y) + REACH >= lo && parent.y.min(placed.y) - REACH <= hi)
            .map(|parent| edge(parent, placed));
        if let Some(e) = &edge {
            edges_html.push(html! {
                <path key={placed.path.clone()} class="tree-edge" d={e.d.clone()} style={e.style.clone()} />
            });
        }
        if !near(placed.y) {
            continue;
        }
        if placed.more {
            nodes_html.push(html! {
                <g key={placed.path.clone()} class="znode-more" style={translate(placed.x, placed.y)}>
                    <title>{ fill(s.tree_more, &[&placed.hidden.to_string(), &options.max_nodes.to_string()]) }</title>
                    <rect class="znode-pill" x="0" y={fixed(-PILL_HEIGHT / 2.0, 1)} width={fixed(placed.width, 1)} height={fixed(PILL_HEIGHT, 0)} rx="9" />
                    <text class="znode-label" x={fixed(options.node_padding / 2.0, 1)} y="4">{ placed.name.clone() }</text>
                </g>
            });
            continue;
        }
        let Some(node) = tree.get(&placed.path) else { continue };
        let path = &placed.path;

        // Data pulse: the mzxid moved since the last render.
        if memory.drawn.get(path).is_some_and(|(last, _)| last.mzxid != node.mzxid) {
            memory.changed.insert(path.clone(), now + PULSE_MS);
        }
        let changed = memory.changed.get(path).is_some_and(|until| *until > now);
        let born = memory.born.get(path).is_some_and(|until| *until > now);

        let mut class = String::from("znode ");
        class.push_str(kind_class(node));
        let mut push = |c: &str| {
            class.push(' ');
            class.push_str(c);
        };
        if born {
            push("znode-born");
        }
        if layout::split_sequential(&placed.name).1.is_some() {
            push("znode-sequential");
        }
        if placed.collapsed {
            push("znode-collapsed");
        }
        if props.selected.as_deref() == Some(path.as_str()) {
            push("znode-selected");
        }
        if highlight.contains(path) {
            push("znode-highlight");
        }
        if changed {
            push("znode-changed");
        }
        let mut stroke = None;
        let mut title = format!("{path}\n{}", kind_title(node, s));
        let mut countdown = None;
        if node.kind == NodeKind::Ephemeral {
            let (owner, color) = session_color(&playground, &props.colors, node.ephemeral_owner);
            title.push_str(&fill(s.tree_owned_by, &[&owner]));
            stroke = Some(color);
            if let Some(expiry) = engine.expiry_of(node.ephemeral_owner) {
                let left = (expiry.saturating_sub(now_virtual).max(0) + 999) / 1000;
                countdown = Some(left);
                expiring = true;
                push("znode-expiring");
                title.push_str(&fill(s.tree_expires, &[&left.to_string()]));
            }
        }
        let (node_badges, more_badges) =
            badges.get(path).map(|list| badges_of(list, &playground, &props.colors)).unwrap_or_default();
        let spec = NodeSpec {
            path: path.clone(),
            name: placed.name.clone(),
            x: placed.x,
            y: placed.y,
            width: placed.width,
            class,
            stroke,
            title,
            mzxid: node.mzxid,
            marker: marker(node),
            countdown,
            children: placed.children,
            collapsed: placed.collapsed,
            hidden: placed.hidden,
            badges: node_badges,
            more_badges,
            ghost: false,
        };
        nodes_html.push(html! {
            <ZnodeView key={path.clone()} lang={props.lang} spec={spec.clone()} on_select={on_select.clone()} on_toggle={on_toggle.clone()} />
        });
        drawn.insert(path.clone(), (spec, edge));
    }
    // Ghosts: znodes drawn last time that the engine no longer has.
    if !first {
        let mut gone: Vec<&String> = memory.drawn.keys().filter(|path| !tree.contains(path.as_str())).collect();
        gone.sort();
        let mut fresh = Vec::with_capacity(gone.len());
        for path in gone {
            let Some((spec, edge)) = memory.drawn.get(path) else { continue };
            let mut spec = spec.clone();
            spec.ghost = true;
            spec.class =
                format!("{} znode-deleted", spec.class.replace(" znode-selected", "").replace(" znode-born", ""));
            spec.badges.clear();
            spec.more_badges = 0;
            spec.countdown = None;
            spec.title.push_str(" (deleted)");
            fresh.push(Ghost { path: path.clone(), spec, edge: edge.clone(), until: now + GHOST_MS });
        }
        if !fresh.is_empty() {
            let old = std::mem::take(&mut memory.ghosts);
            memory.ghosts = merge_ghosts(old, fresh);
        }
    }
    memory.ghosts.retain(|g| g.until > now && !drawn.contains_key(&g.path) && !tree.contains(&g.path));
    memory.changed.retain(|_, until| *until > now);
    memory.born.retain(|_, until| *until > now);
    for Ghost { path, spec, edge, .. } in &memory.ghosts {
        if let Some(e) = edge {
            edges_html.push(html! { <path key={path.clone()} class="tree-edge edge-deleted" d={e.d.clone()} style={e.style.clone()} /> });
        }
        nodes_html.push(html! {
            <ZnodeView key={path.clone()} lang={props.lang} spec={spec.clone()} on_select={on_select.clone()} on_toggle={on_toggle.clone()} />
        });
    }
    let drawn_count = drawn.len();
    memory.drawn = drawn;

    // Re-render when a ghost has faded or a pulse has ended.
    let next =
        memory.ghosts.iter().map(|g| g.until).chain(memory.changed.values().copied()).fold(f64::INFINITY, f64::min);
    drop(memory);
    if next.is_finite() {
        let force = force.clone();
        let delay = (next - now).clamp(0.0, 5_000.0) as u32 + 20;
        *timer.borrow_mut() = Some(Timeout::new(delay, move || force.force_update()));
    }
    // The expiry countdowns tick while crashed clients' ephemerals exist.
    {
        let mut ticker = ticker.borrow_mut();
        if expiring && ticker.is_none() {
            *ticker = Some(Interval::new(1000, move || force.force_update()));
        } else if !expiring {
            *ticker = None;
        }
    }

    let total = tree.len();
    let shown = laid.nodes.iter().filter(|n| !n.more).count();
    let folded: usize = laid.nodes.iter().filter(|n| n.collapsed).map(|n| n.hidden).sum();
    let width = fixed(laid.width, 0);
    let height = fixed(laid.height, 0);
    html! {
        <div class="tree-view">
            <div class="tree-status">
                { span("tree-count", fill(s.tree_count, &[&total.to_string()])) }
                if folded > 0 {
                    { span("tree-folded", fill(s.tree_folded, &[&folded.to_string()])) }
                }
                if laid.omitted > 0 {
                    { span("tree-omitted", fill(s.tree_omitted, &[&laid.omitted.to_string(), &shown.to_string()])) }
                }
                <span class="tree-legend">
                    { span("legend-item legend-persistent", s.legend_persistent) }
                    { span("legend-item legend-ephemeral", s.legend_ephemeral) }
                    { span("legend-item legend-container", s.legend_container) }
                    { span("legend-item legend-ttl", s.legend_ttl) }
                    { span("legend-item legend-badge", s.legend_badges) }
                </span>
            </div>
            <div class="tree-scroll" ref={scroll_ref} {onscroll}>
                // Shrinks to the panel's width down to 80 %, then scrolls. Only the znodes near
                // the visible part are in the DOM (see `band`).
                <svg class={classes!("tree-svg", (drawn_count > LARGE_TREE).then_some("tree-large"))} viewBox={format!("0 0 {width} {height}")}
                    style={format!("width:100%;min-width:{}px;max-width:{width}px;height:auto", Fixed(laid.width * 0.8, 0))}
                    xmlns="http://www.w3.org/2000/svg" role="img" aria-label={s.tree_label}>
                    <g class="tree-edges">{ for edges_html }</g>
                    <g class="tree-nodes">{ for nodes_html }</g>
                </svg>
            </div>
        </div>
    }
}
