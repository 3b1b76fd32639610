//! `setquota`, `listquota`, `delquota`: client-side work on `/zookeeper/quota`, as zkCli 3.8
//! does it (every node it creates or deletes is a real transaction).

use super::commands::{error_text, usage_of};
use super::console::{Console, Flow, Out};
use super::parse::{flag, parse_options, valued};
use crate::engine::acl::Acl;
use crate::engine::tree::QUOTA;
use crate::engine::{CreateMode, Engine, Op, Request, Response, ZkError};

pub const LIMITS: &str = "zookeeper_limits";
pub const STATS: &str = "zookeeper_stats";

/// `StatsTrack`: `count=…,bytes=…`, then any other keys after an `=`, sorted, as `;key=value`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsTrack {
    pub count: i64,
    pub bytes: i64,
    pub extra: crate::vec_map::VecMap<String, i64>,
}

impl StatsTrack {
    pub fn limits(count: i64, bytes: i64, count_hard: i64, byte_hard: i64) -> Self {
        let mut extra = crate::vec_map::VecMap::new();
        extra.insert("countHardLimit".to_string(), count_hard);
        extra.insert("byteHardLimit".to_string(), byte_hard);
        StatsTrack { count, bytes, extra }
    }

    pub fn parse(text: &str) -> Self {
        let mut track = StatsTrack::default();
        for part in text.split([',', ';']) {
            let mut kv = part.split('=');
            let (Some(k), Some(v)) = (kv.next(), kv.next()) else { continue };
            let Ok(v) = v.trim().parse::<i64>() else { continue };
            match k {
                "count" => track.count = v,
                "bytes" => track.bytes = v,
                "" => {}
                other => {
                    track.extra.insert(other.to_string(), v);
                }
            }
        }
        track
    }

    pub fn render(&self) -> String {
        let mut s = format!("count={},bytes={}", self.count, self.bytes);
        if !self.extra.is_empty() {
            s.push('=');
            for (k, v) in &self.extra {
                s.push_str(&format!(";{k}={v}"));
            }
        }
        s
    }
}

fn missing_option() -> String {
    "org.apache.commons.cli.MissingOptionException: Missing required option: [-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]".to_string()
}

fn get_data(
    c: &mut Console,
    engine: &mut Engine,
    path: &str,
    now: i64,
    out: &mut Out,
) -> Result<Option<Vec<u8>>, ZkError> {
    match c.request(engine, Request::GetData { path: path.to_string(), watch: false }, now, out)? {
        Response::Data { data, .. } => Ok(data.to_vec()),
        _ => Ok(None),
    }
}

fn exists(c: &mut Console, engine: &mut Engine, path: &str, now: i64, out: &mut Out) -> bool {
    c.request(engine, Request::Exists { path: path.to_string(), watch: false }, now, out).is_ok()
}

fn create(
    c: &mut Console,
    engine: &mut Engine,
    path: &str,
    data: Option<Vec<u8>>,
    now: i64,
    out: &mut Out,
) -> Result<(), ZkError> {
    let op = Op::Create { path: path.to_string(), data, acl: Acl::open_unsafe().into(), mode: CreateMode::default() };
    c.request(engine, Request::Write(op), now, out).map(|_| ())
}

fn children(c: &mut Console, engine: &mut Engine, path: &str, now: i64, out: &mut Out) -> Result<Vec<String>, ZkError> {
    match c.request(engine, Request::GetChildren { path: path.to_string(), watch: false }, now, out)? {
        Response::Children { children, .. } => Ok(children.iter().map(str::to_string).collect()),
        _ => Ok(Vec::new()),
    }
}

/// Paths that carry a quota: every `/zookeeper/quota/…/zookeeper_limits`.
fn quota_paths(engine: &Engine) -> Vec<String> {
    let prefix = format!("{QUOTA}/");
    let suffix = format!("/{LIMITS}");
    let mut out: Vec<String> = engine
        .tree()
        .paths()
        .filter(|p| p.starts_with(&prefix) && p.ends_with(&suffix))
        .map(|p| p[QUOTA.len()..p.len() - suffix.len()].to_string())
        .collect();
    crate::sorting::sort(&mut out);
    out
}

pub(crate) fn setquota(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let specs = [valued('n'), valued('b'), valued('N'), valued('B')];
    let p = match parse_options(tokens, &specs) {
        Ok(p) => p,
        Err(e) => {
            out.line(e);
            return Flow::Continue;
        }
    };
    if !['n', 'b', 'N', 'B'].iter().any(|o| p.has(*o)) {
        out.line(missing_option());
        return Flow::Continue;
    }
    if p.args.len() < 2 {
        out.line(usage_of("setquota"));
        return Flow::Continue;
    }
    let path = p.args[1].clone();
    if path.starts_with(QUOTA) {
        out.line(format!("cannot set a quota under the path: {QUOTA}"));
        return Flow::Continue;
    }
    let mut limits = StatsTrack::limits(-1, -1, -1, -1);
    for (opt, is_count, key) in [
        ('n', true, None),
        ('b', false, None),
        ('N', true, Some("countHardLimit")),
        ('B', false, Some("byteHardLimit")),
    ] {
        let Some(text) = p.value(opt) else { continue };
        let Ok(value) = text.parse::<i64>() else {
            out.line("NumberFormatException happens when parsing the option value");
            return Flow::Continue;
        };
        if is_count && value <= 0 {
            out.line("the num quota must be greater than zero");
            return Flow::Continue;
        }
        if !is_count && value < 0 {
            out.line("the bytes quota must be greater than or equal to zero");
            return Flow::Continue;
        }
        match (key, is_count) {
            (Some(k), _) => {
                limits.extra.insert(k.to_string(), value);
            }
            (None, true) => limits.count = value,
            (None, false) => limits.bytes = value,
        }
    }
    if let Err(message) = crate::engine::path::validate_path(&path) {
        out.line(message);
        return Flow::Continue;
    }
    if !exists(c, engine, &path, now, out) {
        out.line(format!("{path} does not exist."));
        return Flow::Continue;
    }
    for other in quota_paths(engine) {
        if other != path && other.starts_with(&format!("{path}/")) {
            out.line(format!("{path} has a child {other} which has a quota"));
            return Flow::Continue;
        }
        if other != path && (path.starts_with(&format!("{other}/")) || other == "/") {
            out.line(format!("{path} has a parent {other} which has a quota"));
            return Flow::Continue;
        }
    }
    let mut quota_path = QUOTA.to_string();
    for segment in path.split('/').skip(1) {
        quota_path = format!("{quota_path}/{segment}");
        if !exists(c, engine, &quota_path, now, out) {
            let _ = create(c, engine, &quota_path, None, now, out);
        }
    }
    let limits_path = format!("{quota_path}/{LIMITS}");
    let stats_path = format!("{quota_path}/{STATS}");
    if !exists(c, engine, &limits_path, now, out) {
        if let Err(e) = create(c, engine, &limits_path, Some(limits.render().into_bytes()), now, out) {
            out.line(error_text(e, &limits_path));
            return Flow::Continue;
        }
        let zero = StatsTrack { count: 0, bytes: 0, extra: Default::default() };
        let _ = create(c, engine, &stats_path, Some(zero.render().into_bytes()), now, out);
        if let Ok(Some(data)) = get_data(c, engine, &stats_path, now, out) {
            let stats = StatsTrack::parse(&String::from_utf8_lossy(&data));
            if limits.count > -1 && limits.count < stats.count {
                out.line(format!(
                    "[Warning]: the count quota you create is less than the existing count:{}",
                    stats.count
                ));
            }
            if limits.bytes > -1 && limits.bytes < stats.bytes {
                out.line(format!(
                    "[Warning]: the bytes quota you create is less than the existing bytes:{}",
                    stats.bytes
                ));
            }
        }
    } else {
        let current = match get_data(c, engine, &limits_path, now, out) {
            Ok(data) => StatsTrack::parse(&String::from_utf8_lossy(data.as_deref().unwrap_or_default())),
            Err(_) => StatsTrack::default(),
        };
        let mut merged = current;
        if limits.count > -1 {
            merged.count = limits.count;
        }
        if limits.bytes > -1 {
            merged.bytes = limits.bytes;
        }
        for (k, v) in &limits.extra {
            if *v > -1 {
                merged.extra.insert(k.clone(), *v);
            }
        }
        let op = Op::SetData { path: limits_path, data: merged.render().into_bytes(), version: -1 };
        let _ = c.request(engine, Request::Write(op), now, out);
    }
    Flow::Continue
}

pub(crate) fn listquota(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let p = match parse_options(tokens, &[]) {
        Ok(p) => p,
        Err(e) => {
            out.line(e);
            return Flow::Continue;
        }
    };
    let Some(path) = p.args.get(1).cloned() else {
        out.line(usage_of("listquota"));
        return Flow::Continue;
    };
    let absolute = format!("{QUOTA}{path}/{LIMITS}");
    out.line(format!("absolute path is {absolute}"));
    if let Err(message) = crate::engine::path::validate_path(&absolute) {
        out.line(message);
        return Flow::Continue;
    }
    match get_data(c, engine, &absolute, now, out) {
        Ok(data) => {
            let limits = StatsTrack::parse(&String::from_utf8_lossy(data.as_deref().unwrap_or_default()));
            out.line(format!("Output quota for {path} {}", limits.render()));
            let stats_path = format!("{QUOTA}{path}/{STATS}");
            match get_data(c, engine, &stats_path, now, out) {
                Ok(data) => {
                    let stats = StatsTrack::parse(&String::from_utf8_lossy(data.as_deref().unwrap_or_default()));
                    out.line(format!("Output stat for {path} {}", stats.render()));
                }
                Err(ZkError::NoNode) => out.line(format!("quota for {path} does not exist.")),
                Err(e) => out.line(error_text(e, &stats_path)),
            }
        }
        Err(ZkError::NoNode) => out.line(format!("quota for {path} does not exist.")),
        Err(e) => out.line(error_text(e, &absolute)),
    }
    Flow::Continue
}

pub(crate) fn delquota(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let p = match parse_options(tokens, &[flag('n'), flag('b'), flag('N'), flag('B')]) {
        Ok(p) => p,
        Err(e) => {
            out.line(e);
            return Flow::Continue;
        }
    };
    let Some(path) = p.args.get(1).cloned() else {
        out.line(usage_of("delquota"));
        return Flow::Continue;
    };
    let parent = format!("{QUOTA}{path}");
    let absolute = format!("{parent}/{LIMITS}");
    if crate::engine::path::validate_path(&absolute).is_err() || !exists(c, engine, &absolute, now, out) {
        out.line(format!("Quota does not exist for {path}"));
        return Flow::Continue;
    }
    let selective = ['n', 'b', 'N', 'B'].iter().any(|o| p.has(*o));
    if !selective {
        match children(c, engine, &parent, now, out) {
            Ok(kids) => {
                for kid in kids {
                    let op = Op::Delete { path: format!("{parent}/{kid}"), version: -1 };
                    let _ = c.request(engine, Request::Write(op), now, out);
                }
                // Removes emptied ancestors up to /zookeeper/quota.
                let mut node = parent;
                while node != QUOTA {
                    match children(c, engine, &node, now, out) {
                        Ok(kids) if kids.is_empty() => {
                            let op = Op::Delete { path: node.clone(), version: -1 };
                            let _ = c.request(engine, Request::Write(op), now, out);
                            node = crate::engine::path::parent(&node).to_string();
                        }
                        _ => break,
                    }
                }
            }
            Err(_) => out.line(format!("quota for {path} does not exist.")),
        }
        return Flow::Continue;
    }
    match get_data(c, engine, &absolute, now, out) {
        Ok(data) => {
            let mut limits = StatsTrack::parse(&String::from_utf8_lossy(data.as_deref().unwrap_or_default()));
            if p.has('n') {
                limits.count = -1;
            }
            if p.has('b') {
                limits.bytes = -1;
            }
            if p.has('N') {
                limits.extra.insert("countHardLimit".to_string(), -1);
            }
            if p.has('B') {
                limits.extra.insert("byteHardLimit".to_string(), -1);
            }
            let op = Op::SetData { path: absolute, data: limits.render().into_bytes(), version: -1 };
            let _ = c.request(engine, Request::Write(op), now, out);
        }
        Err(_) => out.line(format!("quota for {path} does not exist.")),
    }
    Flow::Continue
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_track_renders_like_zookeeper() {
        assert_eq!(StatsTrack::limits(2, -1, -1, -1).render(), "count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1");
        let parsed = StatsTrack::parse("count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1");
        assert_eq!(parsed, StatsTrack::limits(2, -1, -1, -1));
        assert_eq!(StatsTrack::parse("count=3,bytes=7").render(), "count=3,bytes=7");
    }
}
