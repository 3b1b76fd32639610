//! zkCli 3.8's commands (`ZooKeeperMain.processZKCmd` and `org.apache.zookeeper.cli.*`): each
//! one parses its tokens, sends requests through the console and prints exactly what zkCli prints.

use super::console::{ClientState, Console, Flow, Out};
use super::format::{acl_lines, data_lines, java_list, stat_lines, watcher_block};
use super::parse::{flag, java_decode_int, java_parse_int, parse_options, tokenize, valued, OptSpec, Parsed};
use super::quota;
use crate::engine::acl::{Acl, ADMIN, CREATE, DELETE, READ, WRITE};
use crate::engine::path::validate_path;
use crate::engine::watch::{AddWatchMode, WatcherType};
use crate::engine::{CreateMode, Engine, Op, OpResult, Request, Response, ZkError};

/// The version zkCli reports.
pub const VERSION: &str = "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC";

/// zkCli's command table: name and options text, in the order `usage()` prints them.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "addWatch",
        "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE",
    ),
    ("addauth", "scheme auth"),
    ("close", ""),
    ("config", "[-c] [-w] [-s]"),
    ("connect", "host:port"),
    ("create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]"),
    ("delete", "[-v version] path"),
    ("deleteall", "path [-b batch size]"),
    ("delquota", "[-n|-b|-N|-B] path"),
    ("get", "[-s] [-w] path"),
    ("getAcl", "[-s] path"),
    ("getAllChildrenNumber", "path"),
    ("getEphemerals", "path"),
    ("history", ""),
    ("listquota", "path"),
    ("ls", "[-s] [-w] [-R] path"),
    ("printwatches", "on|off"),
    ("quit", ""),
    (
        "reconfig",
        "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]",
    ),
    ("redo", "cmdno"),
    ("removewatches", "path [-c|-d|-a] [-l]"),
    ("set", "[-s] [-v version] path data"),
    ("setAcl", "[-s] [-v version] [-R] path acl"),
    ("setquota", "-n|-b|-N|-B val path"),
    ("stat", "[-w] path"),
    ("sync", "path"),
    ("version", ""),
    ("whoami", ""),
];

/// `usage()`: what zkCli prints for an unknown command. A terminal shows its TABs as 8 spaces.
pub fn usage_lines() -> Vec<String> {
    let mut lines = vec!["ZooKeeper -server host:port -client-configuration properties-file cmd args".to_string()];
    lines.extend(COMMANDS.iter().map(|(name, opts)| format!("        {name} {opts}")));
    lines
}

/// One command's usage line (`getUsageStr`).
pub fn usage_of(name: &str) -> String {
    let opts = COMMANDS.iter().find(|(n, _)| *n == name).map_or("", |(_, o)| o);
    format!("{name} {opts}")
}

/// `CliWrapperException`'s message for a server error on `path`.
pub fn error_text(error: ZkError, path: &str) -> String {
    match error {
        ZkError::NoNode => format!("Node does not exist: {path}"),
        ZkError::NoChildrenForEphemerals => format!("Ephemerals cannot have children: {path}"),
        ZkError::NodeExists => format!("Node already exists: {path}"),
        ZkError::NotEmpty => format!("Node not empty: {path}"),
        ZkError::InvalidAcl => format!("Acl is not valid : {path}"),
        ZkError::NoAuth => format!("Insufficient permission : {path}"),
        ZkError::BadArguments => format!("Arguments are not valid : {path}"),
        ZkError::BadVersion => format!("version No is not valid : {path}"),
        other => keeper_message(other, path),
    }
}

/// `KeeperException.getMessage()`.
pub fn keeper_message(error: ZkError, path: &str) -> String {
    if path.is_empty() {
        format!("KeeperErrorCode = {}", error.code_message())
    } else {
        format!("KeeperErrorCode = {} for {path}", error.code_message())
    }
}

/// The stack trace zkCli dies with on a bad number (`Integer.parseInt` in a command's exec).
fn number_format_crash(input: &str, parse_line: u32, frame: &str) -> Vec<String> {
    let mut trace = vec![
        format!("Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"{input}\""),
        "        at java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)"
            .to_string(),
        format!("        at java.base/java.lang.Integer.parseInt(Integer.java:{parse_line})"),
        "        at java.base/java.lang.Integer.parseInt(Integer.java:786)".to_string(),
        format!("        at org.apache.zookeeper.cli.{frame}"),
    ];
    trace.extend(main_frames());
    trace
}

fn main_frames() -> Vec<String> {
    [
        "org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:438)",
        "org.apache.zookeeper.ZooKeeperMain.processCmd(ZooKeeperMain.java:367)",
        "org.apache.zookeeper.ZooKeeperMain.executeLine(ZooKeeperMain.java:359)",
        "org.apache.zookeeper.ZooKeeperMain.run(ZooKeeperMain.java:327)",
        "org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)",
    ]
    .iter()
    .map(|f| format!("        at {f}"))
    .collect()
}

/// Parses a `-v` value, or the crash zkCli dies with.
fn parse_version(value: Option<&str>, frame: &str) -> Result<i32, Flow> {
    match value {
        None => Ok(-1),
        Some(v) => java_parse_int(v).map_err(|line| Flow::Crash(number_format_crash(v, line, frame))),
    }
}

/// `processZKCmd`: the commands ZooKeeperMain handles itself, the connection check, then the
/// `CliCommand`s.
pub(crate) fn process(c: &mut Console, engine: &mut Engine, tokens: Vec<String>, now: i64, out: &mut Out) -> Flow {
    let Some(cmd) = tokens.first().cloned() else {
        out.extend(usage_lines());
        out.line("No command entered");
        return Flow::Continue;
    };
    if !COMMANDS.iter().any(|(name, _)| *name == cmd) {
        out.extend(usage_lines());
        out.line(format!("Command not found: Command not found {cmd}"));
        return Flow::Continue;
    }
    match cmd.as_str() {
        "quit" => {
            if c.state.is_alive() {
                c.close_session(engine, now, out);
            }
            return Flow::Quit;
        }
        "redo" if tokens.len() >= 2 => {
            let Some(index) = java_decode_int(&tokens[1]) else {
                return Flow::Crash(decode_crash(&tokens[1]));
            };
            if c.count <= index || index < 0 {
                out.line("Command index out of range");
                return Flow::Continue;
            }
            let line = c.history.get(&index).cloned().unwrap_or_default();
            let redone = tokenize(&line);
            if redone.first().map(String::as_str) == Some("redo") {
                out.line("No redoing redos");
                return Flow::Continue;
            }
            c.history.insert(c.count, line);
            let flow = process(c, engine, redone, now, out);
            if !matches!(flow, Flow::Continue) {
                return flow;
            }
        }
        "history" => {
            for i in (c.count - 10)..=c.count {
                if i >= 0 {
                    out.line(format!("{i} - {}", c.history.get(&i).map_or("null", String::as_str)));
                }
            }
        }
        "printwatches" => {
            if tokens.len() == 1 {
                out.line(format!("printwatches is {}", if c.printwatches { "on" } else { "off" }));
            } else {
                c.printwatches = tokens[1] == "on";
            }
        }
        "connect" => {
            let host = tokens.get(1).cloned().unwrap_or_else(|| c.connect_string.clone());
            c.reconnect(engine, &host, now, out);
        }
        _ => {}
    }
    if !c.state.is_alive() {
        out.line("Not connected");
        return Flow::Continue;
    }
    match cmd.as_str() {
        "ls" => ls(c, engine, &tokens, now, out),
        "get" => get(c, engine, &tokens, now, out),
        "set" => set(c, engine, &tokens, now, out),
        "stat" => stat(c, engine, &tokens, now, out),
        "create" => create(c, engine, &tokens, now, out),
        "delete" => delete(c, engine, &tokens, now, out),
        "deleteall" => deleteall(c, engine, &tokens, now, out),
        "getAcl" => get_acl(c, engine, &tokens, now, out),
        "setAcl" => set_acl(c, engine, &tokens, now, out),
        "addauth" => addauth(c, engine, &tokens, now, out),
        "whoami" => whoami(c, engine, &tokens, now, out),
        "getAllChildrenNumber" => all_children(c, engine, &tokens, now, out),
        "getEphemerals" => ephemerals(c, engine, &tokens, now, out),
        "sync" => sync(c, engine, &tokens, now, out),
        "config" => config(c, engine, &tokens, now, out),
        "addWatch" => add_watch(c, engine, &tokens, now, out),
        "removewatches" => remove_watches(c, engine, &tokens, now, out),
        "version" => version(&tokens, out),
        "close" => {
            c.close_session(engine, now, out);
            Flow::Continue
        }
        "setquota" => quota::setquota(c, engine, &tokens, now, out),
        "listquota" => quota::listquota(c, engine, &tokens, now, out),
        "delquota" => quota::delquota(c, engine, &tokens, now, out),
        "reconfig" => reconfig(c, engine, &tokens, now, out),
        _ => Flow::Continue,
    }
}

fn decode_crash(input: &str) -> Vec<String> {
    let mut trace = vec![
        format!("Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"{input}\""),
        "        at java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)"
            .to_string(),
        "        at java.base/java.lang.Integer.parseInt(Integer.java:668)".to_string(),
        "        at java.base/java.lang.Integer.valueOf(Integer.java:989)".to_string(),
        "        at java.base/java.lang.Integer.decode(Integer.java:1456)".to_string(),
        "        at org.apache.zookeeper.ZooKeeperMain.processZKCmd(ZooKeeperMain.java:410)".to_string(),
    ];
    trace.extend(main_frames().into_iter().skip(1));
    trace
}

/// Parses a `CliCommand`'s options; a parse error is printed as zkCli prints it.
fn parse(tokens: &[String], specs: &[OptSpec], out: &mut Out) -> Option<Parsed> {
    match parse_options(tokens, specs) {
        Ok(p) => Some(p),
        Err(message) => {
            out.line(message);
            None
        }
    }
}

/// The 3.4 form `cmd path watch`: the third token overall becomes `-w` (whatever it was), with a
/// deprecation line.
fn legacy_watch(
    tokens: &[String],
    specs: &[OptSpec],
    parsed: Parsed,
    old: &str,
    new: &str,
    out: &mut Out,
) -> Option<Parsed> {
    if parsed.args.len() <= 2 {
        return Some(parsed);
    }
    let mut rewritten = tokens.to_vec();
    rewritten[2] = "-w".to_string();
    out.line(format!("'{old}' has been deprecated. Please use '{new}' instead."));
    parse(&rewritten, specs, out)
}

/// Client-side path check: the `IllegalArgumentException` text.
fn check_path(path: &str, out: &mut Out) -> bool {
    match validate_path(path) {
        Ok(()) => true,
        Err(message) => {
            out.line(message);
            false
        }
    }
}

/// The start of `get` and `stat`: options, the path argument (usage without one), the 3.4
/// `cmd path watch` form, and the client-side path check. `None` once something was printed.
fn read_command(
    tokens: &[String],
    specs: &[OptSpec],
    name: &str,
    modern: &str,
    out: &mut Out,
) -> Option<(Parsed, String)> {
    let p = parse(tokens, specs, out)?;
    if p.args.len() < 2 {
        out.line(usage_of(name));
        return None;
    }
    let p = legacy_watch(tokens, specs, p, &format!("{name} path [watch]"), modern, out)?;
    let Some(path) = p.args.get(1).cloned() else {
        out.line(usage_of(name));
        return None;
    };
    check_path(&path, out).then_some((p, path))
}

const LS_OPTS: &[OptSpec] = &[flag('s'), flag('w'), flag('R'), flag('?')];

fn ls(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, LS_OPTS, out) else { return Flow::Continue };
    if p.has('?') {
        out.extend(
            ["usage: ls [options] path", " -?   help", " -R   recurse", " -s   stat", " -w   watch"].map(String::from),
        );
    }
    let Some(p) = legacy_watch(tokens, LS_OPTS, p, "ls path [watch]", "ls [-w] path", out) else {
        return Flow::Continue;
    };
    let Some(path) = p.args.get(1).cloned() else {
        out.line(usage_of("ls"));
        return Flow::Continue;
    };
    let watch = p.has('w');
    if p.has('R') {
        visit_subtree(c, engine, &path, watch, now, out, &mut |_, _, _, visited, out| {
            out.line(visited.to_string());
            true
        });
        return Flow::Continue;
    }
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    match c.request(engine, Request::GetChildren { path: path.clone(), watch }, now, out) {
        Ok(Response::Children { children, stat }) => {
            if watch {
                c.watches.child.insert(path.clone());
            }
            out.line(java_list(children.iter()));
            if p.has('s') {
                out.extend(stat_lines(&stat));
            }
        }
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

type Visitor<'a> = dyn FnMut(&mut Console, &mut Engine, i64, &str, &mut Out) -> bool + 'a;

/// `ZKUtil.visitSubTreeDFS`: getData on the root, then for each node its sorted children's paths,
/// then recursion into each. A NoNode while walking is skipped; other errors end the walk.
fn visit_subtree(
    c: &mut Console,
    engine: &mut Engine,
    root: &str,
    watch: bool,
    now: i64,
    out: &mut Out,
    visit: &mut Visitor,
) {
    if !check_path(root, out) {
        return;
    }
    match c.request(engine, Request::GetData { path: root.to_string(), watch }, now, out) {
        Ok(_) => {
            if watch {
                c.watches.data.insert(root.to_string());
            }
        }
        Err(e) => {
            out.line(error_text(e, root));
            return;
        }
    }
    if !visit(c, engine, now, root, out) {
        return;
    }
    let mut failed = false;
    walk(c, engine, root, watch, now, out, visit, &mut failed);
}

#[allow(clippy::too_many_arguments)]
fn walk(
    c: &mut Console,
    engine: &mut Engine,
    node: &str,
    watch: bool,
    now: i64,
    out: &mut Out,
    visit: &mut Visitor,
    failed: &mut bool,
) {
    let children = match c.request(engine, Request::GetChildren { path: node.to_string(), watch }, now, out) {
        Ok(Response::Children { children, .. }) => {
            if watch {
                c.watches.child.insert(node.to_string());
            }
            children
        }
        Ok(_) | Err(ZkError::NoNode) => return,
        Err(e) => {
            out.line(error_text(e, node));
            *failed = true;
            return;
        }
    };
    let join = |child: &str| if node == "/" { format!("/{child}") } else { format!("{node}/{child}") };
    for child in children.iter() {
        if !visit(c, engine, now, &join(child), out) {
            *failed = true;
            return;
        }
    }
    for child in children.iter() {
        walk(c, engine, &join(child), watch, now, out, visit, failed);
        if *failed {
            return;
        }
    }
}

const GET_OPTS: &[OptSpec] = &[flag('s'), flag('w')];

/// Largest reply the Java client accepts (its own jute.maxbuffer check).
const MAX_PACKET: usize = 1_048_575;

fn get(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some((p, path)) = read_command(tokens, GET_OPTS, "get", "get [-s] [-w] path", out) else {
        return Flow::Continue;
    };
    let watch = p.has('w');
    if let Some(node) = engine.tree().get(&path) {
        // The reply header, stat and length prefix come on top of the data.
        if node.data_len() + 88 > MAX_PACKET {
            connection_loss(c, &path, out);
            return Flow::Continue;
        }
    }
    match c.request(engine, Request::GetData { path: path.clone(), watch }, now, out) {
        Ok(Response::Data { data, stat }) => {
            if watch {
                c.watches.data.insert(path.clone());
            }
            match data.as_deref() {
                Some(bytes) => out.extend(data_lines(bytes)),
                None => out.line("null"),
            }
            if p.has('s') {
                out.extend(stat_lines(&stat));
            }
        }
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

/// A packet over jute.maxbuffer: the server drops the connection, the client reconnects to the
/// same session. Nothing reaches the data tree.
fn connection_loss(c: &mut Console, path: &str, out: &mut Out) {
    let mut lines = Vec::new();
    c.print_state_event(&mut lines, "Disconnected");
    out.extend(lines);
    out.line(keeper_message(ZkError::ConnectionLoss, path));
    let mut later = Vec::new();
    c.print_state_event(&mut later, "SyncConnected");
    out.later.extend(later);
}

const SET_OPTS: &[OptSpec] = &[flag('s'), valued('v')];

fn set(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, SET_OPTS, out) else { return Flow::Continue };
    if p.args.len() < 3 {
        out.line(usage_of("set"));
        return Flow::Continue;
    }
    let path = p.args[1].clone();
    let data = p.args[2].as_bytes().to_vec();
    let version = match parse_version(p.value('v'), "SetCommand.exec(SetCommand.java:69)") {
        Ok(v) => v,
        Err(crash) => return crash,
    };
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    if data.len() + path.len() + 16 > MAX_PACKET {
        connection_loss(c, &path, out);
        return Flow::Continue;
    }
    match c.request(engine, Request::Write(Op::SetData { path: path.clone(), data, version }), now, out) {
        Ok(Response::Stat(stat)) => {
            if p.has('s') {
                out.extend(stat_lines(&stat));
            }
        }
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

const STAT_OPTS: &[OptSpec] = &[flag('w')];

fn stat(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some((p, path)) = read_command(tokens, STAT_OPTS, "stat", "stat [-w] path", out) else {
        return Flow::Continue;
    };
    let watch = p.has('w');
    let result = c.request(engine, Request::Exists { path: path.clone(), watch }, now, out);
    // An exists watch is kept also when the node is missing: it waits for NodeCreated.
    if watch && matches!(result, Ok(_) | Err(ZkError::NoNode)) {
        c.watches.exist.insert(path.clone());
    }
    match result {
        Ok(Response::Stat(stat)) => out.extend(stat_lines(&stat)),
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

/// `AclParser.parse`: bad entries are reported and skipped, unknown letters reported and ignored.
pub(crate) fn parse_acl(text: &str, out: &mut Out) -> Vec<Acl> {
    let mut acls = Vec::new();
    for entry in text.split(',') {
        let (Some(first), Some(last)) = (entry.find(':'), entry.rfind(':')) else {
            out.line(format!("{entry} does not have the form scheme:id:perm"));
            continue;
        };
        if first == last {
            out.line(format!("{entry} does not have the form scheme:id:perm"));
            continue;
        }
        let mut perms = 0;
        for letter in entry[last + 1..].chars() {
            match letter {
                'r' => perms |= READ,
                'w' => perms |= WRITE,
                'c' => perms |= CREATE,
                'd' => perms |= DELETE,
                'a' => perms |= ADMIN,
                other => out.line(format!("Unknown perm type: {other}")),
            }
        }
        acls.push(Acl::new(perms, &entry[..first], &entry[first + 1..last]));
    }
    acls
}

const CREATE_OPTS: &[OptSpec] = &[flag('e'), flag('s'), flag('c'), valued('t')];

fn create(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, CREATE_OPTS, out) else { return Flow::Continue };
    if p.args.len() < 2 {
        out.line(usage_of("create"));
        return Flow::Continue;
    }
    let (has_e, has_s, has_c, has_t) = (p.has('e'), p.has('s'), p.has('c'), p.has('t'));
    if has_c && (has_e || has_s) {
        out.line("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.");
        return Flow::Continue;
    }
    let ttl = if has_t {
        match p.value('t').and_then(|t| t.parse::<i64>().ok()) {
            Some(ttl) => Some(ttl),
            None => {
                out.line("-t argument must be a long value");
                return Flow::Continue;
            }
        }
    } else {
        None
    };
    if has_t && has_e {
        out.line("TTLs cannot be used with Ephemeral znodes");
        return Flow::Continue;
    }
    if has_t && has_c {
        out.line("TTLs cannot be used with Container znodes");
        return Flow::Continue;
    }
    if let Some(ttl) = ttl {
        if ttl <= 0 || ttl > 0xff_ffff_ffff {
            out.line("ttl must be positive and cannot be larger than: 1099511627775");
            return Flow::Continue;
        }
    }
    let path = p.args[1].clone();
    let data = p.args.get(2).map(|d| d.as_bytes().to_vec());
    let acl = match p.args.get(3) {
        Some(text) => parse_acl(text, out),
        None => Acl::open_unsafe(),
    };
    // A sequential path is checked with a digit appended, so a trailing '/' passes.
    let checked = if has_s { format!("{path}1") } else { path.clone() };
    if !check_path(&checked, out) {
        return Flow::Continue;
    }
    if acl.is_empty() {
        out.line(keeper_message(ZkError::InvalidAcl, ""));
        out.line("Acl is not valid : null");
        return Flow::Continue;
    }
    // The request: header, path, data, ACLs and flags.
    let acl_bytes: usize = acl.iter().map(|a| 12 + a.id.scheme.len() + a.id.id.len()).sum();
    if path.len() + data.as_ref().map_or(0, Vec::len) + acl_bytes + 20 > MAX_PACKET {
        connection_loss(c, &path, out);
        return Flow::Continue;
    }
    let mode = CreateMode { ephemeral: has_e, sequential: has_s, container: has_c, ttl };
    match c.request(engine, Request::Write(Op::Create { path: path.clone(), data, acl: acl.into(), mode }), now, out) {
        Ok(Response::Created(created)) => out.line(format!("Created {created}")),
        Ok(_) => {}
        Err(ZkError::InvalidAcl) => {
            out.line(keeper_message(ZkError::InvalidAcl, &path));
            out.line(error_text(ZkError::InvalidAcl, &path));
        }
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

const DELETE_OPTS: &[OptSpec] = &[valued('v')];

fn delete(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, DELETE_OPTS, out) else { return Flow::Continue };
    if p.args.len() < 2 {
        out.line(usage_of("delete"));
        return Flow::Continue;
    }
    if p.args.len() > 2 {
        // 3.4's `delete path version`: accepted, but the version is not used.
        out.line("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
    }
    let path = p.args[1].clone();
    let version = match parse_version(p.value('v'), "DeleteCommand.exec(DeleteCommand.java:81)") {
        Ok(v) => v,
        Err(crash) => return crash,
    };
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    if let Err(e) = c.request(engine, Request::Write(Op::Delete { path: path.clone(), version }), now, out) {
        out.line(error_text(e, &path));
    }
    Flow::Continue
}

fn deleteall(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[valued('b')], out) else { return Flow::Continue };
    if p.args.len() < 2 {
        out.line(usage_of("deleteall"));
        return Flow::Continue;
    }
    let batch = match p.value('b') {
        None => 1000,
        Some(b) => match java_parse_int(b) {
            Ok(b) => b,
            Err(_) => {
                out.line("-b argument must be an int value");
                return Flow::Continue;
            }
        },
    };
    let root = p.args[1].clone();
    if !check_path(&root, out) {
        return Flow::Continue;
    }
    // ZKUtil.listSubTreeBFS: paths are built as node + "/" + child, and each is validated.
    let mut tree = vec![root.clone()];
    let mut next = 0;
    while next < tree.len() {
        let node = tree[next].clone();
        next += 1;
        if let Err(message) = validate_path(&node) {
            out.line(message);
            return Flow::Continue;
        }
        match c.request(engine, Request::GetChildren { path: node.clone(), watch: false }, now, out) {
            Ok(Response::Children { children, .. }) => tree.extend(children.iter().map(|ch| format!("{node}/{ch}"))),
            Ok(_) => {}
            Err(e) => {
                out.line(error_text(e, &node));
                return Flow::Continue;
            }
        }
    }
    // Leaves first, in multis of `batch` deletes (0 or less: one multi).
    let mut ok = true;
    let mut ops = Vec::new();
    for (i, path) in tree.iter().enumerate().rev() {
        ops.push(Op::Delete { path: path.clone(), version: -1 });
        if ops.len() as i64 == batch as i64 || i == 0 {
            let result = c.request(engine, Request::Multi(std::mem::take(&mut ops)), now, out);
            let failed = match result {
                Ok(Response::Multi(results)) => results.iter().any(|r| matches!(r, OpResult::Error(_))),
                _ => true,
            };
            if failed {
                ok = false;
                break;
            }
        }
    }
    if !ok {
        out.line("Failed to delete some node(s) in the subtree!");
    }
    Flow::Continue
}

fn get_acl(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[flag('s')], out) else { return Flow::Continue };
    if p.args.len() < 2 {
        out.line(usage_of("getAcl"));
        return Flow::Continue;
    }
    let path = p.args[1].clone();
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    match c.request(engine, Request::GetAcl { path: path.clone() }, now, out) {
        Ok(Response::Acl { acl, stat }) => {
            out.extend(acl_lines(&acl));
            if p.has('s') {
                out.extend(stat_lines(&stat));
            }
        }
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

fn set_acl(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[flag('s'), valued('v'), flag('R')], out) else { return Flow::Continue };
    if p.args.len() < 3 {
        out.line(usage_of("setAcl"));
        return Flow::Continue;
    }
    let path = p.args[1].clone();
    let acl = parse_acl(&p.args[2], out);
    let version = match parse_version(p.value('v'), "SetAclCommand.exec(SetAclCommand.java:81)") {
        Ok(v) => v,
        Err(crash) => return crash,
    };
    if p.has('R') {
        visit_subtree(c, engine, &path, false, now, out, &mut |c, engine, now, node, out| {
            if acl.is_empty() {
                out.line("Acl is not valid : null");
                return false;
            }
            let request = Request::SetAcl { path: node.to_string(), acl: acl.clone(), version };
            if let Err(e) = c.request(engine, request, now, out) {
                // SetAclCommand prints these with print, not println.
                out.line(keeper_message(e, node));
            }
            true
        });
        return Flow::Continue;
    }
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    if acl.is_empty() {
        out.line("Acl is not valid : null");
        return Flow::Continue;
    }
    match c.request(engine, Request::SetAcl { path: path.clone(), acl, version }, now, out) {
        Ok(Response::Stat(stat)) => {
            if p.has('s') {
                out.extend(stat_lines(&stat));
            }
        }
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

fn addauth(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[], out) else { return Flow::Continue };
    if p.args.len() < 2 {
        out.line(usage_of("addauth"));
        return Flow::Continue;
    }
    let scheme = p.args[1].clone();
    let auth = match p.args.get(2) {
        Some(a) => a.clone(),
        // A null auth makes the provider fail: the server answers AuthFailed.
        None => {
            fail_auth(c, engine, now, out);
            return Flow::Continue;
        }
    };
    if let Err(ZkError::AuthFailed) = c.request(engine, Request::AddAuth { scheme, auth }, now, out) {
        c.set_state(ClientState::AuthFailed);
        let mut lines = Vec::new();
        c.print_state_event(&mut lines, "AuthFailed");
        out.own_events.extend(lines);
    }
    Flow::Continue
}

fn fail_auth(c: &mut Console, engine: &mut Engine, now: i64, out: &mut Out) {
    let _ = c.request(engine, Request::AddAuth { scheme: String::new(), auth: String::new() }, now, out);
    c.set_state(ClientState::AuthFailed);
    let mut lines = Vec::new();
    c.print_state_event(&mut lines, "AuthFailed");
    out.own_events.extend(lines);
}

fn whoami(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    if parse(tokens, &[], out).is_none() {
        return Flow::Continue;
    }
    if let Ok(Response::Auth(ids)) = c.request(engine, Request::WhoAmI, now, out) {
        out.line("Auth scheme: User");
        for id in ids {
            let user = match id.scheme.as_str() {
                "digest" => id.id.split(':').next().unwrap_or("").to_string(),
                _ => id.id.clone(),
            };
            out.line(format!("{}: {user}", id.scheme));
        }
    }
    Flow::Continue
}

fn all_children(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[], out) else { return Flow::Continue };
    let Some(path) = p.args.get(1).cloned() else {
        out.line(usage_of("getAllChildrenNumber"));
        return Flow::Continue;
    };
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    match c.request(engine, Request::GetAllChildrenNumber { path: path.clone() }, now, out) {
        Ok(Response::Count(n)) => out.line(n.to_string()),
        Ok(_) => {}
        Err(e) => out.line(error_text(e, &path)),
    }
    Flow::Continue
}

fn ephemerals(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[], out) else { return Flow::Continue };
    let prefix = p.args.get(1).cloned().unwrap_or_else(|| "/".to_string());
    if !check_path(&prefix, out) {
        return Flow::Continue;
    }
    if let Ok(Response::Paths(paths)) = c.request(engine, Request::GetEphemerals { prefix }, now, out) {
        out.line(java_list(paths.iter().map(String::as_str)));
    }
    Flow::Continue
}

fn sync(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[], out) else { return Flow::Continue };
    let Some(path) = p.args.get(1).cloned() else {
        out.line(usage_of("sync"));
        return Flow::Continue;
    };
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    if c.request(engine, Request::Sync { path }, now, out).is_ok() {
        out.line("Sync is OK");
    }
    Flow::Continue
}

fn config(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[flag('c'), flag('w'), flag('s')], out) else { return Flow::Continue };
    let watch = p.has('w');
    if let Ok(Response::Data { data, stat }) = c.request(engine, Request::GetConfig { watch }, now, out) {
        if watch {
            c.watches.data.insert(crate::engine::tree::CONFIG.to_string());
        }
        let text = String::from_utf8_lossy(data.as_deref().unwrap_or_default()).into_owned();
        if p.has('c') {
            out.line(client_config(&text));
        } else {
            out.extend(text.split('\n').map(str::to_string));
        }
        if p.has('s') {
            out.extend(stat_lines(&stat));
        }
    }
    Flow::Continue
}

/// `ConfigUtils.getClientConfigStr`: the version and the client addresses.
fn client_config(config: &str) -> String {
    let mut version = String::new();
    let mut clients = Vec::new();
    for line in config.lines() {
        if let Some(v) = line.strip_prefix("version=") {
            version = v.to_string();
        } else if let Some((_, client)) = line.split_once(';') {
            clients.push(client.to_string());
        }
    }
    format!("{version} {}", clients.join(","))
}

/// `String.toUpperCase()` as far as it can matter for an ASCII keyword: ASCII letters, plus the
/// two letters whose upper case is ASCII (`ı` → `I`, `ſ` → `S`). Full Unicode case mapping would
/// bring its tables into the page for nothing.
fn java_upper_case(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ı' => 'I',
            'ſ' => 'S',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn add_watch(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[valued('m')], out) else { return Flow::Continue };
    if p.args.len() != 2 {
        out.line(usage_of("addWatch"));
        return Flow::Continue;
    }
    if let Some(mode) = p.value('m') {
        c.addwatch_mode = match java_upper_case(mode).as_str() {
            "PERSISTENT" => AddWatchMode::Persistent,
            "PERSISTENT_RECURSIVE" => AddWatchMode::PersistentRecursive,
            _ => {
                out.line(usage_of("addWatch"));
                return Flow::Continue;
            }
        };
    }
    let path = p.args[1].clone();
    if let Err(message) = validate_path(&path) {
        // AddWatchCommand catches only KeeperException: the JVM dies.
        let mut trace = vec![
            format!("Exception in thread \"main\" java.lang.IllegalArgumentException: {message}"),
            "        at org.apache.zookeeper.common.PathUtils.validatePath(PathUtils.java:50)".to_string(),
            "        at org.apache.zookeeper.ZooKeeper.addWatch(ZooKeeper.java:3200)".to_string(),
            "        at org.apache.zookeeper.cli.AddWatchCommand.exec(AddWatchCommand.java:79)".to_string(),
        ];
        trace.extend(main_frames());
        return Flow::Crash(trace);
    }
    let mode = c.addwatch_mode;
    if c.request(engine, Request::AddWatch { path: path.clone(), mode }, now, out).is_ok() {
        match mode {
            AddWatchMode::Persistent => c.watches.persistent.insert(path),
            AddWatchMode::PersistentRecursive => c.watches.persistent_recursive.insert(path),
        };
    }
    Flow::Continue
}

fn remove_watches(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[flag('c'), flag('d'), flag('a'), flag('l')], out) else { return Flow::Continue };
    if p.args.len() < 2 {
        out.line(usage_of("removewatches"));
        return Flow::Continue;
    }
    let path = p.args[1].clone();
    let which = if p.has('c') {
        WatcherType::Children
    } else if p.has('d') {
        WatcherType::Data
    } else {
        WatcherType::Any
    };
    let local = p.has('l');
    if !check_path(&path, out) {
        return Flow::Continue;
    }
    // The client checks its own records first.
    let mut probe = c.watches.clone();
    if probe.remove(&path, which).is_none() {
        out.line(keeper_message(ZkError::NoWatcher, &path));
        return Flow::Continue;
    }
    let server = c.request(engine, Request::RemoveWatches { path: path.clone(), which }, now, out);
    if server.is_err() && !local {
        out.line(keeper_message(ZkError::NoWatcher, &path));
        return Flow::Continue;
    }
    let removed = c.watches.remove(&path, which).unwrap_or_default();
    let mut lines = Vec::new();
    if c.printwatches {
        for kind in removed {
            lines.extend(watcher_block("SyncConnected", kind, Some(&path)));
        }
    }
    out.own_events.extend(lines);
    Flow::Continue
}

fn version(tokens: &[String], out: &mut Out) -> Flow {
    let Some(p) = parse(tokens, &[], out) else { return Flow::Continue };
    if p.args.len() > 1 {
        out.line(usage_of("version"));
    } else {
        out.line(format!("ZooKeeper CLI version: {VERSION}"));
    }
    Flow::Continue
}

fn reconfig(c: &mut Console, engine: &mut Engine, tokens: &[String], now: i64, out: &mut Out) -> Flow {
    // zkCli's reconfig options are words (-file, -members, -add, -remove); only the shape
    // matters here, since the servers run with reconfig disabled.
    let words: Vec<&str> = tokens.iter().skip(1).map(String::as_str).collect();
    let has = |w: &str| words.contains(&w);
    if !(has("-file") || has("-members") || has("-add") || has("-remove")) {
        out.line(usage_of("reconfig"));
        return Flow::Continue;
    }
    if (has("-file") || has("-members")) && (has("-add") || has("-remove")) {
        out.line(
            "Can't use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)",
        );
        return Flow::Continue;
    }
    if has("-file") && has("-members") {
        out.line("Can't use -file and -members together (conflicting non-incremental modes)");
        return Flow::Continue;
    }
    if let Err(e) = c.request(engine, Request::Reconfig, now, out) {
        out.line(keeper_message(e, ""));
    }
    Flow::Continue
}
