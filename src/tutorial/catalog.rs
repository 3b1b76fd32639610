//! The walkthroughs: the seed tutorial's three patterns, then two of ZooKeeper's own recipes.
//! Everything here is constant (see `ALL`).

use super::{Act, Expect, Goal, Hint, List, Step, Text, Tutorial, WatchKind};
use crate::engine::watch::EventType;
use crate::engine::{TxnKind, ZkError};

const fn t(en: &'static str, zh: &'static str) -> Text {
    Text { en, zh }
}

const fn node(path: &'static str) -> Expect {
    Expect { path, owner: None }
}

const fn owned(path: &'static str, owner: &'static str) -> Expect {
    Expect { path, owner: Some(owner) }
}

const fn hint(when: Goal, en: &'static str, zh: &'static str) -> Hint {
    Hint { when, text: t(en, zh) }
}

/// A watch that tells `client` when `path` goes away: on the node itself or on its parent's
/// children (`stat -w`, `get -w`, legacy `stat path true`, `ls -w parent`, `addWatch`).
macro_rules! watches_for_delete {
    ($client:literal, $path:literal, $parent:literal) => {
        Goal::Any(&[
            Goal::Watching($client, $path, WatchKind::Data),
            Goal::Watching($client, $parent, WatchKind::Child),
        ])
    };
}

/// Was told that `path` went away (NodeDeleted on it, or its parent's children changed).
macro_rules! told_deleted {
    ($client:literal, $path:literal, $parent:literal) => {
        Goal::Any(&[
            Goal::Received($client, EventType::NodeDeleted, $path),
            Goal::Received($client, EventType::NodeChildrenChanged, $parent),
        ])
    };
}

const LOCK: Tutorial = {
    const CREATED_PERSISTENT: Hint = hint(
        Goal::Persistent("/lock"),
        "/lock is a persistent node now, so it would outlive its holder: a lock must vanish with the session. Delete it (delete /lock) and create it with -e.",
        "/lock 现在是持久节点，持有者断开后它也不会消失：锁必须随会话消失。先 delete /lock，再用 -e 创建。",
    );
    Tutorial {
        id: "lock",
        title: t("Distributed lock", "分布式锁"),
        summary: t(
            "Whoever creates the ephemeral /lock holds the lock; the others watch it and retry when the holder's session ends — by quitting, or by crashing and expiring.",
            "谁先创建临时节点 /lock 谁就持有锁；其他客户端监听它，持有者的会话结束（退出，或崩溃后过期）时再去争抢。",
        ),
        clients: List(&["A", "B", "C"]),
        steps: &[
            Step {
                client: "A",
                objective: t("A takes the lock: create the ephemeral node /lock.", "A 获取锁：创建临时节点 /lock。"),
                narrative: t(
                    "An ephemeral node lives exactly as long as the session that created it. That makes it a lock that frees itself when its holder goes away.",
                    "临时节点的生命周期与创建它的会话相同，所以它是一把会在持有者离开时自动释放的锁。",
                ),
                show: List(&[Act::Type("create -e /lock \"lock\"")]),
                goal: Goal::OwnedBy("/lock", "A"),
                hints: &[
                    CREATED_PERSISTENT,
                    hint(
                        Goal::Exists("/lock"),
                        "/lock exists but A does not own it: A must be the one that creates it.",
                        "/lock 已存在但不属于 A：必须由 A 来创建。",
                    ),
                ],
                fallback: t("In A's console: create -e /lock \"lock\"", "在 A 的控制台输入：create -e /lock \"lock\""),
                focus: &["/lock"],
                expect: &[owned("/lock", "A")],
            },
            Step {
                client: "B",
                objective: t("B tries to take the lock too — and fails.", "B 也尝试获取锁——但失败了。"),
                narrative: t(
                    "Only one create of /lock can succeed. B gets `Node already exists: /lock`: the lock is taken.",
                    "/lock 只能被创建一次。B 得到 `Node already exists: /lock`：锁已被占用。",
                ),
                show: List(&[Act::Type("create -e /lock \"lock\"")]),
                goal: Goal::Failed("B", TxnKind::Create, "/lock", ZkError::NodeExists),
                hints: &[],
                fallback: t("In B's console: create -e /lock \"lock\"", "在 B 的控制台输入：create -e /lock \"lock\""),
                focus: &["/lock"],
                expect: &[owned("/lock", "A")],
            },
            Step {
                client: "B",
                objective: t("B waits: set a watch on /lock.", "B 等待：在 /lock 上设置监听。"),
                narrative: t(
                    "Instead of polling, B asks to be told when /lock changes. `stat -w /lock` sets a one-shot watch (the seed's 3.4 form `stat /lock true` still works, with a deprecation line).",
                    "B 不必轮询，而是请求在 /lock 变化时得到通知。`stat -w /lock` 设置一次性监听（种子教程的 3.4 写法 `stat /lock true` 仍可用，会打印弃用提示）。",
                ),
                show: List(&[Act::Type("stat -w /lock")]),
                goal: watches_for_delete!("B", "/lock", "/"),
                hints: &[hint(
                    Goal::Watching("A", "/lock", WatchKind::Data),
                    "That watch belongs to A. The waiter is B: set the watch in B's console.",
                    "这个监听属于 A。等待者是 B：请在 B 的控制台设置监听。",
                )],
                fallback: t("In B's console: stat -w /lock", "在 B 的控制台输入：stat -w /lock"),
                focus: &["/lock"],
                expect: &[owned("/lock", "A")],
            },
            Step {
                client: "A",
                objective: t("A releases the lock: quit A's client.", "A 释放锁：退出 A 的客户端。"),
                narrative: t(
                    "`quit` closes the session cleanly: the server deletes A's ephemerals at once, in one transaction, and B's watch fires.",
                    "`quit` 会正常关闭会话：服务器在同一个事务中立即删除 A 的临时节点，B 的监听随之触发。",
                ),
                show: List(&[Act::Type("quit")]),
                goal: Goal::All(&[Goal::Missing("/lock"), told_deleted!("B", "/lock", "/")]),
                hints: &[hint(
                    Goal::Missing("/lock"),
                    "/lock is gone, but B was not watching, so B was not told. Watches are one-shot: set one before the holder leaves.",
                    "/lock 已删除，但 B 没有在监听，所以没有收到通知。监听是一次性的：要在持有者离开前设置。",
                )],
                fallback: t("In A's console: quit", "在 A 的控制台输入：quit"),
                focus: &["/lock"],
                expect: &[],
            },
            Step {
                client: "B",
                objective: t("B was notified (NodeDeleted): now B takes the lock.", "B 收到通知（NodeDeleted）：现在 B 获取锁。"),
                narrative: t(
                    "The notification is B's cue to retry the create. This time it succeeds.",
                    "通知就是 B 重试的信号。这一次创建成功了。",
                ),
                show: List(&[Act::Type("create -e /lock \"lock\"")]),
                goal: Goal::OwnedBy("/lock", "B"),
                hints: &[CREATED_PERSISTENT],
                fallback: t("In B's console: create -e /lock \"lock\"", "在 B 的控制台输入：create -e /lock \"lock\""),
                focus: &["/lock"],
                expect: &[owned("/lock", "B")],
            },
            Step {
                client: "C",
                objective: t("Now C wants the lock: try, fail, and watch /lock.", "现在 C 想要锁：尝试、失败，然后监听 /lock。"),
                narrative: t(
                    "The same dance as B's: the create fails while B holds the lock, so C sets a watch and waits.",
                    "与 B 相同：B 持有锁时创建会失败，所以 C 设置监听并等待。",
                ),
                show: List(&[Act::Type("create -e /lock \"lock\""), Act::Type("stat -w /lock")]),
                goal: watches_for_delete!("C", "/lock", "/"),
                hints: &[],
                fallback: t("In C's console: create -e /lock \"lock\", then stat -w /lock", "在 C 的控制台输入：create -e /lock \"lock\"，然后 stat -w /lock"),
                focus: &["/lock"],
                expect: &[owned("/lock", "B")],
            },
            Step {
                client: "B",
                objective: t("B crashes: kill B's process (the Crash button).", "B 崩溃：杀掉 B 的进程（点击“崩溃”按钮）。"),
                narrative: t(
                    "A crashed client sends no closeSession. The server cannot tell a crash from a slow network, so B's session — and its lock — live on until the session timeout passes.",
                    "崩溃的客户端不会发送 closeSession。服务器无法区分崩溃与网络缓慢，所以 B 的会话及其锁会一直存在，直到会话超时。",
                ),
                show: List(&[Act::Crash("B")]),
                goal: Goal::All(&[Goal::Crashed("B"), Goal::Exists("/lock")]),
                hints: &[hint(
                    Goal::SessionEnded("B"),
                    "B closed its session cleanly, so the lock was released at once. To see a crash, restart the tutorial and use the Crash button.",
                    "B 正常关闭了会话，锁立即被释放。要观察崩溃，请重新开始教程并使用“崩溃”按钮。",
                )],
                fallback: t("Use the Crash button on B's client.", "点击 B 客户端上的“崩溃”按钮。"),
                focus: &["/lock"],
                expect: &[owned("/lock", "B")],
            },
            Step {
                client: "C",
                objective: t("Wait for B's session to expire.", "等待 B 的会话过期。"),
                narrative: t(
                    "The lock is held by a dead process until the server expires its session: 30 s here (zkCli's default timeout), rounded up to the next 2 s tick. A short session timeout frees locks sooner but risks expiring sessions that were only slow.",
                    "锁会被已死的进程一直持有，直到服务器让其会话过期：这里是 30 秒（zkCli 的默认超时），并向上取整到下一个 2 秒 tick。超时越短锁释放越快，但也更容易误判只是变慢的会话。",
                ),
                show: List(&[Act::SkipToExpiry]),
                goal: Goal::All(&[Goal::Missing("/lock"), told_deleted!("C", "/lock", "/")]),
                hints: &[],
                fallback: t("Let the clock run, or use “skip to next expiry”.", "让时钟走动，或使用“跳到下一次过期”。"),
                focus: &["/lock"],
                expect: &[],
            },
            Step {
                client: "C",
                objective: t("C was notified: C takes the lock.", "C 收到通知：C 获取锁。"),
                narrative: t(
                    "Expiry deletes ephemerals like any delete and fires the same watches. C retries and wins.",
                    "会话过期删除临时节点的方式与普通删除相同，也会触发相同的监听。C 重试并成功。",
                ),
                show: List(&[Act::Type("create -e /lock \"lock\"")]),
                goal: Goal::OwnedBy("/lock", "C"),
                hints: &[CREATED_PERSISTENT],
                fallback: t("In C's console: create -e /lock \"lock\"", "在 C 的控制台输入：create -e /lock \"lock\""),
                focus: &["/lock"],
                expect: &[owned("/lock", "C")],
            },
        ],
    }
};

const FAILOVER: Tutorial = {
    Tutorial {
        id: "failover",
        title: t("Master failover", "主备切换"),
        summary: t(
            "The primary holds the ephemeral /master; a backup watches it and takes over when it is deleted.",
            "主节点持有临时节点 /master；备份节点监听它，在它被删除时接管。",
        ),
        clients: List(&["master1", "master2"]),
        steps: &[
            Step {
                client: "master1",
                objective: t("master1 becomes master: create /master with its address.", "master1 成为主节点：用它的地址创建 /master。"),
                narrative: t(
                    "The node's data says who the master is, so others can find it (`get /master`).",
                    "节点数据记录了谁是主节点，其他人可以通过 `get /master` 找到它。",
                ),
                show: List(&[Act::Type("create -e /master \"master1.example.com:2223\"")]),
                goal: Goal::All(&[Goal::OwnedBy("/master", "master1"), Goal::DataIs("/master", "master1.example.com:2223")]),
                hints: &[hint(
                    Goal::Persistent("/master"),
                    "/master must be ephemeral (-e), or it would outlive a crashed master. Delete it and try again.",
                    "/master 必须是临时节点（-e），否则主节点崩溃后它仍会存在。删除后重试。",
                )],
                fallback: t(
                    "In master1's console: create -e /master \"master1.example.com:2223\"",
                    "在 master1 的控制台输入：create -e /master \"master1.example.com:2223\"",
                ),
                focus: &["/master"],
                expect: &[owned("/master", "master1")],
            },
            Step {
                client: "master2",
                objective: t("The backup tries to become master and fails.", "备份节点尝试成为主节点，但失败了。"),
                narrative: t(
                    "master2 starts later; its create fails because /master exists.",
                    "master2 启动较晚；因为 /master 已存在，它的创建失败。",
                ),
                show: List(&[Act::Type("create -e /master \"master2.example.com:2223\"")]),
                goal: Goal::Failed("master2", TxnKind::Create, "/master", ZkError::NodeExists),
                hints: &[],
                fallback: t(
                    "In master2's console: create -e /master \"master2.example.com:2223\"",
                    "在 master2 的控制台输入：create -e /master \"master2.example.com:2223\"",
                ),
                focus: &["/master"],
                expect: &[owned("/master", "master1")],
            },
            Step {
                client: "master2",
                objective: t("The backup watches /master.", "备份节点监听 /master。"),
                narrative: t(
                    "The seed uses `stat /master true` (3.4 syntax, still accepted with a deprecation line); `stat -w /master` is the 3.8 form.",
                    "种子教程使用 `stat /master true`（3.4 语法，仍可用但会提示已弃用）；3.8 的写法是 `stat -w /master`。",
                ),
                show: List(&[Act::Type("stat -w /master")]),
                goal: watches_for_delete!("master2", "/master", "/"),
                hints: &[],
                fallback: t("In master2's console: stat -w /master", "在 master2 的控制台输入：stat -w /master"),
                focus: &["/master"],
                expect: &[owned("/master", "master1")],
            },
            Step {
                client: "master1",
                objective: t("The primary exits.", "主节点退出。"),
                narrative: t(
                    "When master1 quits, /master is deleted and the backup is told at once.",
                    "master1 退出时，/master 被删除，备份节点立即得到通知。",
                ),
                show: List(&[Act::Type("quit")]),
                goal: Goal::All(&[Goal::Missing("/master"), told_deleted!("master2", "/master", "/")]),
                hints: &[],
                fallback: t("In master1's console: quit", "在 master1 的控制台输入：quit"),
                focus: &["/master"],
                expect: &[],
            },
            Step {
                client: "master2",
                objective: t("The backup got NodeDeleted: it becomes master.", "备份节点收到 NodeDeleted：它成为主节点。"),
                narrative: t(
                    "master2 creates /master with its own address. Any other backup would fail and watch again.",
                    "master2 用自己的地址创建 /master。其他备份节点会失败并再次监听。",
                ),
                show: List(&[Act::Type("create -e /master \"master2.example.com:2223\"")]),
                goal: Goal::All(&[Goal::OwnedBy("/master", "master2"), Goal::DataIs("/master", "master2.example.com:2223")]),
                hints: &[],
                fallback: t(
                    "In master2's console: create -e /master \"master2.example.com:2223\"",
                    "在 master2 的控制台输入：create -e /master \"master2.example.com:2223\"",
                ),
                focus: &["/master"],
                expect: &[owned("/master", "master2")],
            },
        ],
    }
};

const WORKERS: Tutorial = {
    Tutorial {
        id: "workers",
        title: t("Workers, tasks and assignment", "工作者、任务与分配"),
        summary: t(
            "A master watches /workers and /tasks, a worker registers and waits for assignments, a client submits a sequential task and watches for its result.",
            "主节点监听 /workers 和 /tasks，工作者注册并等待分配，客户端提交顺序任务并等待结果。",
        ),
        clients: List(&["master", "worker", "client"]),
        steps: &[
            Step {
                client: "master",
                objective: t("Create the three persistent parents: /workers, /tasks, /assign.", "创建三个持久父节点：/workers、/tasks、/assign。"),
                narrative: t(
                    "They outlive every process: persistent nodes (no -e).",
                    "它们比任何进程活得都久：持久节点（不加 -e）。",
                ),
                show: List(&[Act::Type("create /workers \"\""), Act::Type("create /tasks \"\""), Act::Type("create /assign \"\"")]),
                goal: Goal::All(&[Goal::Persistent("/workers"), Goal::Persistent("/tasks"), Goal::Persistent("/assign")]),
                hints: &[hint(
                    Goal::Any(&[Goal::OwnedBy("/workers", "master"), Goal::OwnedBy("/tasks", "master"), Goal::OwnedBy("/assign", "master")]),
                    "These parents must be persistent: ephemeral nodes cannot have children. Delete the ephemeral one and create it without -e.",
                    "这些父节点必须是持久节点：临时节点不能有子节点。删除临时的那个，不加 -e 重新创建。",
                )],
                fallback: t("In master's console: create /workers \"\" (and /tasks, /assign)", "在 master 的控制台输入：create /workers \"\"（以及 /tasks、/assign）"),
                focus: &["/workers", "/tasks", "/assign"],
                expect: &[node("/assign"), node("/tasks"), node("/workers")],
            },
            Step {
                client: "master",
                objective: t("The master watches the children of /workers and /tasks.", "主节点监听 /workers 和 /tasks 的子节点。"),
                narrative: t(
                    "`ls -w` (or the seed's `ls /workers true`) sets a child watch: NodeChildrenChanged fires when a child is created or deleted.",
                    "`ls -w`（或种子教程的 `ls /workers true`）设置子节点监听：子节点被创建或删除时触发 NodeChildrenChanged。",
                ),
                show: List(&[Act::Type("ls -w /workers"), Act::Type("ls -w /tasks")]),
                goal: Goal::All(&[
                    Goal::Watching("master", "/workers", WatchKind::Child),
                    Goal::Watching("master", "/tasks", WatchKind::Child),
                ]),
                hints: &[hint(
                    Goal::Any(&[Goal::Watching("master", "/workers", WatchKind::Data), Goal::Watching("master", "/tasks", WatchKind::Data)]),
                    "That is a data watch: it fires when the node's own data changes, not when children come and go. Use ls -w.",
                    "这是数据监听：只在节点自身数据变化时触发，不关心子节点增减。请用 ls -w。",
                )],
                fallback: t("In master's console: ls -w /workers, then ls -w /tasks", "在 master 的控制台输入：ls -w /workers，然后 ls -w /tasks"),
                focus: &["/workers", "/tasks"],
                expect: &[node("/assign"), node("/tasks"), node("/workers")],
            },
            Step {
                client: "worker",
                objective: t("A worker registers itself under /workers (ephemeral).", "工作者在 /workers 下注册自己（临时节点）。"),
                narrative: t(
                    "Ephemeral, so a dead worker disappears from the list by itself. The master's watch fires.",
                    "使用临时节点，这样死掉的工作者会自动从列表中消失。主节点的监听被触发。",
                ),
                show: List(&[Act::Type("create -e /workers/worker1.example.com \"worker1.example.com:2224\"")]),
                goal: Goal::All(&[
                    Goal::OwnedBy("/workers/worker1.example.com", "worker"),
                    Goal::Received("master", EventType::NodeChildrenChanged, "/workers"),
                ]),
                hints: &[hint(
                    Goal::OwnedBy("/workers/worker1.example.com", "worker"),
                    "Registered — but the master was not watching /workers, so it was not told. Set ls -w /workers in master's console, then register again (delete and create).",
                    "已注册——但主节点没有监听 /workers，所以没收到通知。在 master 控制台执行 ls -w /workers，然后重新注册（先删除再创建）。",
                )],
                fallback: t(
                    "In worker's console: create -e /workers/worker1.example.com \"worker1.example.com:2224\"",
                    "在 worker 的控制台输入：create -e /workers/worker1.example.com \"worker1.example.com:2224\"",
                ),
                focus: &["/workers/worker1.example.com"],
                expect: &[node("/assign"), node("/tasks"), node("/workers"), owned("/workers/worker1.example.com", "worker")],
            },
            Step {
                client: "worker",
                objective: t("The worker creates its assignment node and watches it.", "工作者创建自己的分配节点并监听它。"),
                narrative: t(
                    "Tasks for worker1 will appear as children of /assign/worker1.example.com.",
                    "分配给 worker1 的任务会作为 /assign/worker1.example.com 的子节点出现。",
                ),
                show: List(&[Act::Type("create /assign/worker1.example.com \"\""), Act::Type("ls -w /assign/worker1.example.com")]),
                goal: Goal::All(&[
                    Goal::Exists("/assign/worker1.example.com"),
                    Goal::Watching("worker", "/assign/worker1.example.com", WatchKind::Child),
                ]),
                hints: &[],
                fallback: t(
                    "In worker's console: create /assign/worker1.example.com \"\", then ls -w /assign/worker1.example.com",
                    "在 worker 的控制台输入：create /assign/worker1.example.com \"\"，然后 ls -w /assign/worker1.example.com",
                ),
                focus: &["/assign/worker1.example.com"],
                expect: &[
                    node("/assign"),
                    node("/assign/worker1.example.com"),
                    node("/tasks"),
                    node("/workers"),
                    owned("/workers/worker1.example.com", "worker"),
                ],
            },
            Step {
                client: "client",
                objective: t("A client submits a task: a sequential node under /tasks.", "客户端提交任务：在 /tasks 下创建顺序节点。"),
                narrative: t(
                    "`-s` appends a 10-digit counter kept by the parent, so every task gets a unique, ordered name. The master is told.",
                    "`-s` 会附加一个由父节点维护的 10 位计数器，每个任务都有唯一且有序的名字。主节点会收到通知。",
                ),
                show: List(&[Act::Type("create -s /tasks/task- \"cmd\"")]),
                goal: Goal::All(&[
                    Goal::Exists("/tasks/task-*"),
                    Goal::Received("master", EventType::NodeChildrenChanged, "/tasks"),
                ]),
                hints: &[],
                fallback: t("In client's console: create -s /tasks/task- \"cmd\"", "在 client 的控制台输入：create -s /tasks/task- \"cmd\""),
                focus: &["/tasks"],
                expect: &[node("/assign"), node("/assign/worker1.example.com"), node("/tasks"), node("/tasks/task-0000000000"), node("/workers"), owned("/workers/worker1.example.com", "worker")],
            },
            Step {
                client: "client",
                objective: t("The client watches its task for a result.", "客户端监听自己的任务以获取结果。"),
                narrative: t(
                    "The result will arrive as a child (status) of the task node.",
                    "结果会以任务节点的子节点（status）形式出现。",
                ),
                show: List(&[Act::Type("ls -w /tasks/task-0000000000")]),
                goal: Goal::Watching("client", "/tasks/task-*", WatchKind::Child),
                hints: &[],
                fallback: t("In client's console: ls -w /tasks/task-0000000000", "在 client 的控制台输入：ls -w /tasks/task-0000000000"),
                focus: &["/tasks/task-0000000000"],
                expect: &[node("/assign"), node("/assign/worker1.example.com"), node("/tasks"), node("/tasks/task-0000000000"), node("/workers"), owned("/workers/worker1.example.com", "worker")],
            },
            Step {
                client: "master",
                objective: t("The master assigns the task to worker1.", "主节点把任务分配给 worker1。"),
                narrative: t(
                    "It checks `ls /tasks` and `ls /workers`, then creates the task under the worker's assignment node; the worker is told.",
                    "它先查看 `ls /tasks` 和 `ls /workers`，再在工作者的分配节点下创建任务；工作者收到通知。",
                ),
                show: List(&[Act::Type("ls /tasks"), Act::Type("ls /workers"), Act::Type("create /assign/worker1.example.com/task-0000000000 \"\"")]),
                goal: Goal::All(&[
                    Goal::Exists("/assign/worker1.example.com/task-*"),
                    Goal::Received("worker", EventType::NodeChildrenChanged, "/assign/worker1.example.com"),
                ]),
                hints: &[],
                fallback: t(
                    "In master's console: create /assign/worker1.example.com/task-0000000000 \"\"",
                    "在 master 的控制台输入：create /assign/worker1.example.com/task-0000000000 \"\"",
                ),
                focus: &["/assign/worker1.example.com"],
                expect: &[node("/assign"), node("/assign/worker1.example.com"), node("/assign/worker1.example.com/task-0000000000"), node("/tasks"), node("/tasks/task-0000000000"), node("/workers"), owned("/workers/worker1.example.com", "worker")],
            },
            Step {
                client: "worker",
                objective: t("The worker does the task and reports: status \"done\".", "工作者执行任务并汇报：status 为 \"done\"。"),
                narrative: t(
                    "Creating the status child fires the client's child watch on its task.",
                    "创建 status 子节点会触发客户端对任务节点的子节点监听。",
                ),
                show: List(&[Act::Type("ls /assign/worker1.example.com"), Act::Type("create /tasks/task-0000000000/status \"done\"")]),
                goal: Goal::All(&[
                    Goal::DataIs("/tasks/task-*/status", "done"),
                    Goal::Received("client", EventType::NodeChildrenChanged, "/tasks/task-*"),
                ]),
                hints: &[],
                fallback: t(
                    "In worker's console: create /tasks/task-0000000000/status \"done\"",
                    "在 worker 的控制台输入：create /tasks/task-0000000000/status \"done\"",
                ),
                focus: &["/tasks/task-0000000000"],
                expect: &[node("/assign"), node("/assign/worker1.example.com"), node("/assign/worker1.example.com/task-0000000000"), node("/tasks"), node("/tasks/task-0000000000"), node("/tasks/task-0000000000/status"), node("/workers"), owned("/workers/worker1.example.com", "worker")],
            },
        ],
    }
};

const HERD: Tutorial = {
    Tutorial {
        id: "herd",
        title: t("Lock without the herd effect", "避免羊群效应的锁"),
        summary: t(
            "With one /lock, every waiter wakes up on each release (the herd). ZooKeeper's recipe: each waiter creates an ephemeral-sequential node under /locks and watches only its predecessor.",
            "只有一个 /lock 时，每次释放都会唤醒所有等待者（羊群效应）。ZooKeeper 的做法：每个等待者在 /locks 下创建临时顺序节点，只监听排在自己前面的那个。",
        ),
        clients: List(&["A", "B", "C", "D"]),
        steps: &[
            Step {
                client: "A",
                objective: t("First the naive lock: A holds /lock, B, C and D all watch it.", "先看朴素的锁：A 持有 /lock，B、C、D 都监听它。"),
                narrative: t(
                    "Three waiters, three watches on the same node.",
                    "三个等待者，三个监听都在同一个节点上。",
                ),
                show: List(&[Act::Type("create -e /lock \"\"")]),
                goal: Goal::OwnedBy("/lock", "A"),
                hints: &[],
                fallback: t("In A's console: create -e /lock \"\"", "在 A 的控制台输入：create -e /lock \"\""),
                focus: &["/lock"],
                expect: &[owned("/lock", "A")],
            },
            Step {
                client: "B",
                objective: t("B, C and D watch /lock (stat -w /lock in each).", "B、C、D 都监听 /lock（各自执行 stat -w /lock）。"),
                narrative: t("Switch between the consoles, or use “show me”.", "在各个控制台之间切换，或使用“演示”。"),
                show: List(&[
                    Act::TypeAs("B", "stat -w /lock"),
                    Act::TypeAs("C", "stat -w /lock"),
                    Act::TypeAs("D", "stat -w /lock"),
                ]),
                goal: Goal::All(&[
                    Goal::Watching("B", "/lock", WatchKind::Data),
                    Goal::Watching("C", "/lock", WatchKind::Data),
                    Goal::Watching("D", "/lock", WatchKind::Data),
                ]),
                hints: &[],
                fallback: t("stat -w /lock in B's, C's and D's consoles.", "在 B、C、D 的控制台分别执行 stat -w /lock。"),
                focus: &["/lock"],
                expect: &[owned("/lock", "A")],
            },
            Step {
                client: "A",
                objective: t("A releases /lock: watch the herd wake up.", "A 释放 /lock：看羊群被惊醒。"),
                narrative: t(
                    "All three waiters get NodeDeleted and all three rush to create /lock; only one can win. With hundreds of waiters, that is hundreds of notifications and failed creates per release.",
                    "三个等待者都收到 NodeDeleted，都冲去创建 /lock，但只有一个能成功。若有上百个等待者，每次释放就有上百个通知和失败的创建。",
                ),
                show: List(&[Act::Type("quit")]),
                goal: Goal::All(&[
                    Goal::Received("B", EventType::NodeDeleted, "/lock"),
                    Goal::Received("C", EventType::NodeDeleted, "/lock"),
                    Goal::Received("D", EventType::NodeDeleted, "/lock"),
                ]),
                hints: &[],
                fallback: t("In A's console: quit", "在 A 的控制台输入：quit"),
                focus: &["/lock"],
                expect: &[],
            },
            Step {
                client: "B",
                objective: t("Now the recipe: B creates /locks and queues with an ephemeral-sequential node.", "现在使用正确做法：B 创建 /locks，并用临时顺序节点排队。"),
                narrative: t(
                    "The lowest sequence number holds the lock. B is first in line.",
                    "序号最小的节点持有锁。B 排在第一位。",
                ),
                show: List(&[Act::Type("create /locks \"\""), Act::Type("create -e -s /locks/lock- \"\"")]),
                goal: Goal::OwnedBy("/locks/lock-*", "B"),
                hints: &[],
                fallback: t("In B's console: create /locks \"\", then create -e -s /locks/lock- \"\"", "在 B 的控制台输入：create /locks \"\"，然后 create -e -s /locks/lock- \"\""),
                focus: &["/locks"],
                expect: &[node("/locks"), owned("/locks/lock-0000000000", "B")],
            },
            Step {
                client: "C",
                objective: t("C and D queue too.", "C 和 D 也来排队。"),
                narrative: t(
                    "Each gets the next number: lock-0000000001 for C, lock-0000000002 for D.",
                    "每个客户端拿到下一个序号：C 是 lock-0000000001，D 是 lock-0000000002。",
                ),
                show: List(&[
                    Act::TypeAs("C", "create -e -s /locks/lock- \"\""),
                    Act::TypeAs("D", "create -e -s /locks/lock- \"\""),
                ]),
                goal: Goal::All(&[Goal::OwnedBy("/locks/lock-*", "C"), Goal::OwnedBy("/locks/lock-*", "D")]),
                hints: &[],
                fallback: t("create -e -s /locks/lock- \"\" in C's and D's consoles.", "在 C 和 D 的控制台分别执行 create -e -s /locks/lock- \"\"。"),
                focus: &["/locks"],
                expect: &[node("/locks"), owned("/locks/lock-0000000000", "B"), owned("/locks/lock-0000000001", "C"), owned("/locks/lock-0000000002", "D")],
            },
            Step {
                client: "C",
                objective: t("Each waiter watches only its predecessor.", "每个等待者只监听排在自己前面的节点。"),
                narrative: t(
                    "C watches lock-0000000000 (B's), D watches lock-0000000001 (C's). One watch per node, not one per waiter on the same node.",
                    "C 监听 lock-0000000000（B 的），D 监听 lock-0000000001（C 的）。每个节点只有一个监听者。",
                ),
                show: List(&[
                    Act::TypeAs("C", "stat -w /locks/lock-0000000000"),
                    Act::TypeAs("D", "stat -w /locks/lock-0000000001"),
                ]),
                goal: Goal::All(&[
                    Goal::Watching("C", "/locks/lock-0000000000", WatchKind::Data),
                    Goal::Watching("D", "/locks/lock-0000000001", WatchKind::Data),
                ]),
                hints: &[hint(
                    Goal::Watching("D", "/locks/lock-0000000000", WatchKind::Data),
                    "D is watching the holder's node: that is the herd again. D should watch C's node, lock-0000000001.",
                    "D 在监听持有者的节点：又成了羊群效应。D 应该监听 C 的节点 lock-0000000001。",
                )],
                fallback: t(
                    "C: stat -w /locks/lock-0000000000; D: stat -w /locks/lock-0000000001",
                    "C：stat -w /locks/lock-0000000000；D：stat -w /locks/lock-0000000001",
                ),
                focus: &["/locks/lock-0000000000", "/locks/lock-0000000001"],
                expect: &[node("/locks"), owned("/locks/lock-0000000000", "B"), owned("/locks/lock-0000000001", "C"), owned("/locks/lock-0000000002", "D")],
            },
            Step {
                client: "B",
                objective: t("B releases the lock: only C is woken.", "B 释放锁：只有 C 被唤醒。"),
                narrative: t(
                    "B's node goes; only C was watching it. C now has the lowest number and holds the lock; D sleeps on.",
                    "B 的节点被删除；只有 C 在监听它。现在 C 的序号最小，持有锁；D 继续等待。",
                ),
                show: List(&[Act::Type("quit")]),
                goal: Goal::All(&[
                    Goal::Received("C", EventType::NodeDeleted, "/locks/lock-0000000000"),
                    Goal::ReceivedNothing("D"),
                ]),
                hints: &[],
                fallback: t("In B's console: quit", "在 B 的控制台输入：quit"),
                focus: &["/locks/lock-0000000001"],
                expect: &[node("/locks"), owned("/locks/lock-0000000001", "C"), owned("/locks/lock-0000000002", "D")],
            },
        ],
    }
};

const ELECTION: Tutorial = {
    Tutorial {
        id: "election",
        title: t("Leader election", "领导者选举"),
        summary: t(
            "Candidates create ephemeral-sequential nodes under /election; the lowest number leads, each other candidate watches its predecessor and takes over in order.",
            "候选者在 /election 下创建临时顺序节点；序号最小的成为领导者，其他候选者监听前一个节点，按顺序接任。",
        ),
        clients: List(&["A", "B", "C"]),
        steps: &[
            Step {
                client: "A",
                objective: t("Create /election and let A stand as a candidate.", "创建 /election，让 A 成为候选者。"),
                narrative: t(
                    "A's node gets the lowest number: A leads.",
                    "A 的节点序号最小：A 成为领导者。",
                ),
                show: List(&[Act::Type("create /election \"\""), Act::Type("create -e -s /election/n_ \"A\"")]),
                goal: Goal::OwnedBy("/election/n_*", "A"),
                hints: &[],
                fallback: t("In A's console: create /election \"\", then create -e -s /election/n_ \"A\"", "在 A 的控制台输入：create /election \"\"，然后 create -e -s /election/n_ \"A\""),
                focus: &["/election"],
                expect: &[node("/election"), owned("/election/n_0000000000", "A")],
            },
            Step {
                client: "B",
                objective: t("B and C stand as candidates too.", "B 和 C 也成为候选者。"),
                narrative: t("They get n_0000000001 and n_0000000002.", "它们分别得到 n_0000000001 和 n_0000000002。"),
                show: List(&[
                    Act::TypeAs("B", "create -e -s /election/n_ \"B\""),
                    Act::TypeAs("C", "create -e -s /election/n_ \"C\""),
                ]),
                goal: Goal::All(&[Goal::OwnedBy("/election/n_*", "B"), Goal::OwnedBy("/election/n_*", "C")]),
                hints: &[],
                fallback: t("create -e -s /election/n_ \"B\" in B's console, the same with \"C\" in C's.", "在 B 的控制台执行 create -e -s /election/n_ \"B\"，在 C 的控制台执行对应命令。"),
                focus: &["/election"],
                expect: &[node("/election"), owned("/election/n_0000000000", "A"), owned("/election/n_0000000001", "B"), owned("/election/n_0000000002", "C")],
            },
            Step {
                client: "B",
                objective: t("Followers watch their predecessor.", "跟随者监听前一个节点。"),
                narrative: t(
                    "B watches n_0000000000, C watches n_0000000001. `ls /election` shows everyone the order.",
                    "B 监听 n_0000000000，C 监听 n_0000000001。`ls /election` 能看到所有人的顺序。",
                ),
                show: List(&[
                    Act::TypeAs("B", "stat -w /election/n_0000000000"),
                    Act::TypeAs("C", "stat -w /election/n_0000000001"),
                ]),
                goal: Goal::All(&[
                    Goal::Watching("B", "/election/n_0000000000", WatchKind::Data),
                    Goal::Watching("C", "/election/n_0000000001", WatchKind::Data),
                ]),
                hints: &[],
                fallback: t("B: stat -w /election/n_0000000000; C: stat -w /election/n_0000000001", "B：stat -w /election/n_0000000000；C：stat -w /election/n_0000000001"),
                focus: &["/election/n_0000000000", "/election/n_0000000001"],
                expect: &[node("/election"), owned("/election/n_0000000000", "A"), owned("/election/n_0000000001", "B"), owned("/election/n_0000000002", "C")],
            },
            Step {
                client: "A",
                objective: t("The leader crashes.", "领导者崩溃。"),
                narrative: t(
                    "Crash A; when its session expires, its node goes and B — next in line — is told. C is not disturbed.",
                    "让 A 崩溃；它的会话过期后节点被删除，排在下一位的 B 收到通知，C 不受打扰。",
                ),
                show: List(&[Act::Crash("A"), Act::SkipToExpiry]),
                goal: Goal::All(&[
                    Goal::Missing("/election/n_0000000000"),
                    Goal::Received("B", EventType::NodeDeleted, "/election/n_0000000000"),
                    Goal::ReceivedNothing("C"),
                ]),
                hints: &[],
                fallback: t("Crash A, then let its session expire (skip to next expiry).", "让 A 崩溃，然后等待它的会话过期（跳到下一次过期）。"),
                focus: &["/election/n_0000000000"],
                expect: &[node("/election"), owned("/election/n_0000000001", "B"), owned("/election/n_0000000002", "C")],
            },
            Step {
                client: "A",
                objective: t("A comes back and stands again: it joins at the end of the line.", "A 恢复后再次参选：它排到队尾。"),
                narrative: t(
                    "B now has the lowest number, so B leads. A restarted process gets a new session and the next number, n_0000000003; it follows C by watching C's node. Leadership never moves back by itself: no thundering herd, no flapping.",
                    "现在 B 的序号最小，B 成为领导者。重启后的 A 得到新会话和下一个序号 n_0000000003，并监听 C 的节点成为跟随者。领导权不会自动回退：没有羊群效应，也没有来回切换。",
                ),
                show: List(&[
                    Act::Reconnect("A"),
                    Act::Type("create -e -s /election/n_ \"A\""),
                    Act::Type("stat -w /election/n_0000000002"),
                ]),
                goal: Goal::All(&[
                    Goal::OwnedBy("/election/n_0000000003", "A"),
                    Goal::Watching("A", "/election/n_0000000002", WatchKind::Data),
                ]),
                hints: &[hint(
                    Goal::Watching("A", "/election/n_0000000001", WatchKind::Data),
                    "A is watching the leader's node: when B goes, both A and C would wake up. Watch the predecessor, n_0000000002.",
                    "A 在监听领导者的节点：B 离开时 A 和 C 都会被唤醒。请监听前一个节点 n_0000000002。",
                )],
                fallback: t(
                    "Reconnect A, then: create -e -s /election/n_ \"A\" and stat -w /election/n_0000000002",
                    "重新连接 A，然后：create -e -s /election/n_ \"A\"，再 stat -w /election/n_0000000002",
                ),
                focus: &["/election/n_0000000002", "/election/n_0000000003"],
                expect: &[
                    node("/election"),
                    owned("/election/n_0000000001", "B"),
                    owned("/election/n_0000000002", "C"),
                    owned("/election/n_0000000003", "A"),
                ],
            },
        ],
    }
};

/// The catalog is static data, not code that builds it at run time (vectors, boxes): about 8 kB
/// less gzipped wasm (issue #5, page weight).
static ALL: [Tutorial; 5] = [LOCK, FAILOVER, WORKERS, HERD, ELECTION];

/// Every tutorial, in the order the tutorial list shows them.
pub fn all() -> &'static [Tutorial] {
    &ALL
}

/// A tutorial by id (`lock`, `failover`, `workers`, `herd`, `election`).
pub fn find(id: &str) -> Option<Tutorial> {
    ALL.iter().find(|t| t.id == id).cloned()
}
