//! Engine rules, checked through the public API.

use super::*;

fn open(engine: &mut Engine) -> SessionId {
    engine.create_session(30_000, 0, 0).0
}

fn create(engine: &mut Engine, s: SessionId, path: &str, mode: CreateMode) -> Outcome {
    engine.apply(
        s,
        Request::Write(Op::Create {
            path: path.into(),
            data: Some(b"x".to_vec()),
            acl: Acl::open_unsafe().into(),
            mode,
        }),
        0,
    )
}

#[test]
fn every_write_and_session_uses_one_zxid() {
    let mut e = Engine::new(ServerConfig::ensemble(3), 0);
    let a = open(&mut e);
    open(&mut e);
    open(&mut e);
    let out = create(&mut e, a, "/lock", CreateMode { ephemeral: true, ..Default::default() });
    assert_eq!(out.txn.unwrap().zxid, 0x1_0000_0004);
    let failed = create(&mut e, a, "/lock", CreateMode::default());
    assert_eq!(failed.result, Err(ZkError::NodeExists));
    assert_eq!(e.last_zxid(), 0x1_0000_0005);
    e.apply(a, Request::GetData { path: "/lock".into(), watch: false }, 0);
    assert_eq!(e.last_zxid(), 0x1_0000_0005);
}

#[test]
fn sequential_suffix_comes_from_the_parents_creation_counter() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    create(&mut e, a, "/seq", CreateMode::default());
    let seq = CreateMode { sequential: true, ..Default::default() };
    create(&mut e, a, "/seq/n-", seq);
    create(&mut e, a, "/seq/n-", seq);
    e.apply(a, Request::Write(Op::Delete { path: "/seq/n-0000000001".into(), version: -1 }), 0);
    let out = create(&mut e, a, "/seq/n-", seq);
    assert_eq!(out.result, Ok(Response::Created("/seq/n-0000000002".into())));
    let stat = e.tree().get("/seq").unwrap().stat();
    assert_eq!((stat.cversion, stat.num_children), (4, 2));
}

#[test]
fn close_deletes_ephemerals_in_one_txn_and_fires_watches() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    let b = open(&mut e);
    create(&mut e, a, "/lock", CreateMode { ephemeral: true, ..Default::default() });
    e.apply(b, Request::Exists { path: "/lock".into(), watch: true }, 0);
    let closed = e.close_session(a, 0).unwrap();
    assert_eq!(closed.events, vec![WatchEvent { session: b, kind: EventType::NodeDeleted, path: "/lock".into() }]);
    assert_eq!(e.tree().get("/").unwrap().pzxid, closed.txn.zxid);
    assert!(!e.tree().contains("/lock"));
}

#[test]
fn dead_clients_sessions_expire_on_the_tick_after_their_timeout() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let (a, timeout, _) = e.create_session(5000, 0, 0);
    assert_eq!(timeout, 5000);
    create(&mut e, a, "/eph", CreateMode { ephemeral: true, ..Default::default() });
    e.client_gone(a, 1000);
    assert_eq!(e.expiry_of(a), Some(8000));
    assert!(e.advance(7999).is_empty());
    assert!(e.tree().contains("/eph"));
    let timed = e.advance(8000);
    assert_eq!(timed.len(), 1);
    assert!(!e.tree().contains("/eph"));
}

#[test]
fn failed_multi_rolls_back_and_uses_one_zxid() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    let ops = vec![
        Op::Create { path: "/t".into(), data: None, acl: Acl::open_unsafe().into(), mode: CreateMode::default() },
        Op::SetData { path: "/missing".into(), data: vec![], version: -1 },
        Op::Delete { path: "/t".into(), version: -1 },
    ];
    let out = e.apply(a, Request::Multi(ops), 0);
    assert_eq!(
        out.result,
        Ok(Response::Multi(vec![
            OpResult::RolledBack,
            OpResult::Error(ZkError::NoNode),
            OpResult::Error(ZkError::RuntimeInconsistency)
        ]))
    );
    assert!(!e.tree().contains("/t"));
    assert_eq!(e.tree().get("/").unwrap().stat().cversion, -1);
    assert_eq!(e.last_zxid(), 2);
}

#[test]
fn empty_used_containers_are_reaped_on_the_check_interval() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    create(&mut e, a, "/c", CreateMode { container: true, ..Default::default() });
    create(&mut e, a, "/unused", CreateMode { container: true, ..Default::default() });
    create(&mut e, a, "/c/x", CreateMode::default());
    e.apply(a, Request::Write(Op::Delete { path: "/c/x".into(), version: -1 }), 0);
    e.advance(59_999);
    assert!(e.tree().contains("/c"));
    e.advance(60_000);
    assert!(!e.tree().contains("/c"));
    assert!(e.tree().contains("/unused"));
}

#[test]
fn ttl_is_refused_without_extended_types() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    let out = create(&mut e, a, "/ttl", CreateMode { ttl: Some(5000), ..Default::default() });
    assert_eq!(out.result, Err(ZkError::Unimplemented));
    assert_eq!(e.last_zxid(), 2);
}
#[test]
fn an_ended_session_leaves_no_watch_on_nodes_or_missing_paths() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    let b = open(&mut e);
    create(&mut e, a, "/app", CreateMode::default());
    e.apply(b, Request::GetData { path: "/app".into(), watch: true }, 0);
    e.apply(b, Request::Exists { path: "/missing".into(), watch: true }, 0);
    e.apply(b, Request::AddWatch { path: "/app".into(), mode: AddWatchMode::PersistentRecursive }, 0);
    e.apply(a, Request::GetChildren { path: "/app".into(), watch: true }, 0);
    let count = |e: &Engine| {
        let (data, child) = e.watches();
        data.iter().count() + child.iter().count()
    };
    assert_eq!(count(&e), 4);
    e.close_session(b, 0);
    let (data, child) = e.watches();
    assert_eq!(data.iter().count() + child.iter().count(), 1);
    assert_eq!(child.mode("/app", a), Some(WatchMode::Standard));
    // With b's recursive watch gone, a change below /app reaches nobody.
    let out = create(&mut e, a, "/app/x", CreateMode::default());
    assert_eq!(out.events, vec![WatchEvent { session: a, kind: EventType::NodeChildrenChanged, path: "/app".into() }]);
}

#[test]
fn a_create_checks_its_whole_path_though_it_looks_at_the_new_name_only() {
    let mut e = Engine::new(ServerConfig::standalone(), 0);
    let a = open(&mut e);
    create(&mut e, a, "/a", CreateMode::default());
    let seq = CreateMode { sequential: true, ..Default::default() };
    let result = |e: &mut Engine, path: &str, mode| create(e, a, path, mode).result.err();
    for bad in ["/a/.", "/a/..", "/a/x\0", "//x", "/nope\0/x", "/a/\u{1}"] {
        assert_eq!(result(&mut e, bad, CreateMode::default()), Some(ZkError::BadArguments), "{bad:?}");
    }
    assert_eq!(result(&mut e, "/a/.", seq), None, "`.0000000006` is a name");
    assert_eq!(result(&mut e, "/nope/x", CreateMode::default()), Some(ZkError::NoNode));
    for good in ["/a/b.c", "/a/..x", "/a/ü", "/a/x y"] {
        assert_eq!(result(&mut e, good, CreateMode::default()), None, "{good:?}");
    }
}
