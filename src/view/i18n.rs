//! Every UI string in English and 中文, as a typed table: `strings(lang).pause` and so on, so a
//! string missing in one language does not compile. `{}` marks a placeholder, filled in order by
//! [`fill`]. Components get the language as a prop (`lang`) from the page or the embed.

pub use crate::tutorial::Lang;

macro_rules! strings {
    ($($name:ident: $en:expr, $zh:expr;)*) => {
        /// The UI strings of one language.
        #[derive(Debug)]
        pub struct Strings {
            $(pub $name: &'static str,)*
        }

        /// English.
        pub const EN: Strings = Strings { $($name: $en,)* };

        /// 中文.
        pub const ZH: Strings = Strings { $($name: $zh,)* };

        /// (name, English, 中文) of every string, for checks.
        pub const ALL: &[(&str, &str, &str)] = &[$((stringify!($name), $en, $zh),)*];
    };
}

strings! {
    // The top bar.
    ensemble_title: "The simulated ensemble's connect string", "模拟集群的连接串";
    virtual_clock: "Virtual clock", "虚拟时钟";
    virtual_time: "Virtual time (UTC)", "虚拟时间（UTC）";
    resume_clock: "Resume the clock", "继续时钟";
    pause_clock: "Pause the clock", "暂停时钟";
    resume_key: "Resume (space)", "继续（空格）";
    pause_key: "Pause (space)", "暂停（空格）";
    step_1s: "Step one second", "前进 1 秒";
    step_1s_title: "Step 1 s (s)", "前进 1 秒（s）";
    step_10s: "Step ten seconds", "前进 10 秒";
    step_10s_title: "Step 10 s (S)", "前进 10 秒（S）";
    clock_speed: "Clock speed", "时钟速度";
    clock_speed_title: "Clock speed ([ and ])", "时钟速度（[ 和 ]）";
    skip_expiry_label: "Skip to the next session expiry", "跳到下一次会话过期";
    skip_expiry_in: "Skip to the next session expiry (in {}) — e", "跳到下一次会话过期（还有 {}）— e";
    skip_expiry_none: "Skip to the next session expiry (none pending: crash a client first)", "跳到下一次会话过期（目前没有：先让一个客户端崩溃）";
    skip_expiry: "Skip to expiry", "跳到过期";
    theme_aria: "Theme: {} (click to change)", "主题：{}（点击切换）";
    theme_title: "Theme: {} (t)", "主题：{}（t）";
    theme_system: "system", "跟随系统";
    theme_light: "light", "浅色";
    theme_dark: "dark", "深色";
    shortcuts: "Keyboard shortcuts", "键盘快捷键";
    shortcuts_title: "Keyboard shortcuts (?)", "键盘快捷键（?）";
    reset: "Reset", "重置";
    reset_aria: "Reset the playground", "重置演练场";
    reset_title: "Start a fresh playground", "开始一个全新的演练场";
    reset_confirm: "Start a fresh playground? The tree, sessions and consoles are lost.", "开始一个全新的演练场？当前的节点树、会话和控制台都会丢失。";
    language: "Language", "语言";
    mode_sandbox: "Sandbox", "沙盒";
    mode_sandbox_title: "Free play: your own playground", "自由练习：你自己的演练场";
    mode_tutorial: "Tutorial", "教程";
    tutorials: "Tutorials", "教程";
    tutorials_toggle: "Show or hide the tutorials", "显示或隐藏教程";
    share: "Share", "分享";
    share_title: "Export or import the playground", "导出或导入演练场";
    export_json: "Export scenario (JSON)", "导出场景（JSON）";
    export_json_title: "Download this playground as a scenario in the reference recordings' replay format", "以参考录制的回放格式下载当前演练场";
    import_json: "Import scenario…", "导入场景…";
    import_json_title: "Replace the sandbox with a scenario JSON file (a recording or an export)", "用场景 JSON 文件（录制或导出）替换沙盒";
    export_script: "Export zkCli script", "导出 zkCli 脚本";
    export_script_title: "Download the commands typed so far, to run against a real ZooKeeper", "下载目前输入过的命令，可在真实的 ZooKeeper 上运行";
    import_confirm: "Replace your sandbox playground with the scenario in {}? The current tree, sessions and consoles are lost.", "用 {} 中的场景替换你的沙盒？当前的节点树、会话和控制台都会丢失。";
    import_failed: "Could not import {}: {}", "无法导入 {}：{}";
    import_unreadable: "Could not read the file {}.", "无法读取文件 {}。";
    imported: "Imported the scenario {}: {} clients.", "已导入场景 {}：{} 个客户端。";
    imported_note: "— imported from the scenario {} —", "— 从场景 {} 导入 —";
    exported: "Downloaded {}.", "已下载 {}。";
    export_failed: "The download could not be started: {}", "无法开始下载：{}";
    dismiss: "Dismiss the message", "关闭提示";
    close: "Close", "关闭";
    // The shortcuts overlay.
    help_title: "Keyboard shortcuts", "键盘快捷键";
    key_help: "show or hide this list", "显示或隐藏此列表";
    key_pause: "pause or resume the clock", "暂停或继续时钟";
    key_step: "step the clock 1 s / 10 s", "时钟前进 1 秒 / 10 秒";
    key_speed: "slower / faster clock", "时钟变慢 / 变快";
    key_expiry: "skip to the next session expiry", "跳到下一次会话过期";
    key_new: "new client", "新建客户端";
    key_focus: "type in the left / right console", "在左 / 右控制台输入";
    key_theme: "switch theme (system, light, dark)", "切换主题（系统、浅色、深色）";
    key_escape: "leave the console (shortcuts work again)", "离开控制台（快捷键重新生效）";
    key_history: "console: previous / next command", "控制台：上一条 / 下一条命令";
    key_complete: "console: complete a command, option or znode path", "控制台：补全命令、选项或节点路径";
    key_clear: "console: clear the screen", "控制台：清屏";
    key_abandon: "console: abandon the line", "控制台：放弃当前行";
    help_note: "Quit closes a session cleanly: its ephemeral nodes vanish at once. Crash kills the zkCli process: the session lives on until the server expires it, and so do its ephemeral nodes.", "Quit 会正常关闭会话：它的临时节点立即消失。Crash 会杀掉 zkCli 进程：会话一直存在直到服务器让它过期，它的临时节点也一样。";
    // The panes and session header.
    console_pane: "Console pane {}", "控制台窗格 {}";
    clients: "Clients", "客户端";
    tab_title: "Show client {} ({}); double-click to rename", "显示客户端 {}（{}）；双击重命名";
    close_client: "Close client {}", "关闭客户端 {}";
    new_client: "New client", "新建客户端";
    new_client_title: "New client (n)", "新建客户端（n）";
    no_client: "No client here.", "这里没有客户端。";
    rename_title: "Rename this client", "重命名此客户端";
    rename_aria: "Rename client {}", "重命名客户端 {}";
    new_name_aria: "New name for client {}", "客户端 {} 的新名字";
    session_state: "Session state", "会话状态";
    expires_title: "The server expires the session (and deletes its ephemeral nodes) when no client has been heard for the timeout", "超过超时时间没有收到客户端消息时，服务器让会话过期（并删除它的临时节点）";
    expires_in: "expires in ", "过期倒计时 ";
    session_label: "session ", "会话 ";
    session_id: "Session id", "会话 ID";
    timeout_label: "timeout ", "超时 ";
    timeout_title: "Negotiated session timeout", "协商后的会话超时";
    quit: "Quit", "退出";
    quit_title: "Type quit: a clean close, the session ends and its ephemeral nodes vanish at once", "输入 quit：正常关闭，会话结束，临时节点立即消失";
    quit_aria: "Quit client {}", "退出客户端 {}";
    crash: "Crash", "崩溃";
    crash_title: "Kill the zkCli process: the session lives on until it expires", "杀掉 zkCli 进程：会话一直存在直到过期";
    crash_aria: "Crash client {}", "让客户端 {} 崩溃";
    reconnect: "Reconnect", "重连";
    reconnect_title: "Start a new zkCli process (a new session) for this client", "为此客户端启动新的 zkCli 进程（新会话）";
    reconnect_aria: "Reconnect client {}", "重连客户端 {}";
    // The console.
    console_output: "zkCli {} output", "zkCli {} 输出";
    console_input: "zkCli {} input", "zkCli {} 输入";
    console_restart: "press Enter to start a new zkCli", "按回车启动新的 zkCli";
    more_candidates: "… and {} more", "… 还有 {} 个";
    note_exited: "zkCli {} exited. Press Enter or Reconnect to start a new one.", "zkCli {} 已退出。按回车或“重连”启动新的进程。";
    note_new_process: "— new zkCli process for {} —", "— {} 的新 zkCli 进程 —";
    note_killed_expires: "zkCli {} was killed (no closeSession sent). Its session and ephemeral nodes live on until it expires in {}.", "zkCli {} 被杀掉了（没有发送 closeSession）。它的会话和临时节点会一直存在，直到 {} 后过期。";
    note_killed: "zkCli {} was killed.", "zkCli {} 被杀掉了。";
    note_expired: "Session {} of {} expired.", "{1} 的会话 {0} 已过期。";
    // Notices.
    too_many_clients: "The playground allows at most {} clients.", "演练场最多允许 {} 个客户端。";
    name_too_long: "A client name has at most {} characters.", "客户端名字最多 {} 个字符。";
    cannot_rename: "Cannot rename {}: {}.", "无法重命名 {}：{}。";
    fresh_started: "Started a fresh playground.", "已开始一个全新的演练场。";
    load_corrupt: "The saved playground could not be read ({}), so a fresh one was started.", "无法读取保存的演练场（{}），所以开始了一个全新的。";
    load_other: "The saved playground is from another version of zkplay (format {}, this one reads {}), so a fresh one was started.", "保存的演练场来自另一个版本的 zkplay（格式 {}，当前版本读取 {}），所以开始了一个全新的。";
    load_older: "The saved playground is from an older version of zkplay (no format version), so a fresh one was started.", "保存的演练场来自旧版本的 zkplay（没有格式版本），所以开始了一个全新的。";
    save_failed: "The playground could not be saved ({} bytes): {}", "无法保存演练场（{} 字节）：{}";
    no_storage: "localStorage is not available", "localStorage 不可用";
    sandbox_back: "Back in your sandbox.", "已回到你的沙盒。";
    sandbox_lost: "Your sandbox could not be restored, so a fresh one was started.", "无法恢复你的沙盒，所以开始了一个全新的。";
    // The inspector.
    inspector_hint: "Click a znode in the tree to inspect it.", "点击树中的节点查看详情。";
    inspector_missing: "This znode does not exist (any more).", "此节点不存在（或已被删除）。";
    more_chars: "… {} more characters not shown", "… 还有 {} 个字符未显示";
    owner: "Owner: ", "所有者：";
    owner_session: " (session {})", "（会话 {}）";
    owner_crashed: " — client crashed; the session expires in {} s", " — 客户端已崩溃；会话将在 {} 秒后过期";
    data: "Data", "数据";
    bytes: " ({} bytes)", "（{} 字节）";
    stat: "Stat", "状态";
    acl: "ACL", "ACL";
    watchers: "Watchers", "监听者";
    no_watchers: "No watches reach this znode.", "没有监听作用于此节点。";
    watch_line: " {} watch, {}", " {} 监听，{}";
    set_on: " (set on {})", "（设置在 {}）";
    kind_persistent: "persistent", "持久节点";
    kind_ephemeral: "ephemeral", "临时节点";
    kind_container: "container", "容器节点";
    kind_ttl: "TTL ({} ms)", "TTL（{} 毫秒）";
    // The tree.
    tree_count: "{} znodes", "{} 个节点";
    tree_folded: " · {} in collapsed subtrees", " · {} 个在折叠的子树中";
    tree_omitted: " · {} not drawn (showing {})", " · {} 个未绘制（显示 {} 个）";
    legend_persistent: "persistent", "持久";
    legend_ephemeral: "ephemeral", "临时";
    legend_container: "▣ container", "▣ 容器";
    legend_ttl: "◷ TTL", "◷ TTL";
    legend_badges: "● d data · ■ c child · ◎ persistent · ∞ recursive", "● d 数据 · ■ c 子节点 · ◎ 持久 · ∞ 递归";
    tree_expand: "Expand ({} hidden)", "展开（隐藏了 {} 个）";
    tree_collapse: "Collapse", "折叠";
    tree_label: "znode tree", "节点树";
    tree_more: "{} more children are not drawn (the tree shows at most {} znodes)", "还有 {} 个子节点未绘制（树最多显示 {} 个节点）";
    tree_owned_by: ", owned by {}", "，属于 {}";
    tree_expires: " (its client crashed; the session expires in {} s)", "（其客户端已崩溃；会话将在 {} 秒后过期）";
    // The event log.
    log_show: "Show ", "显示 ";
    log_all: "all clients", "所有客户端";
    log_filter: "Filter the event log by client", "按客户端筛选事件日志";
    log_last: "last {} of {} entries", "最近 {} 条，共 {} 条";
    log_entries: "{} entries", "{} 条";
    log_time: "time", "时间";
    log_zxid: "zxid", "zxid";
    log_client: "client", "客户端";
    log_op: "operation / event", "操作 / 事件";
    log_path: "path", "路径";
    log_event: "↳ event", "↳ 事件";
    log_empty: "Nothing yet: transactions and notifications appear here.", "暂无记录：事务和通知会显示在这里。";
    // Panel labels.
    tree_panel: "Znode tree", "节点树";
    inspector_panel: "Znode inspector", "节点详情";
    log_panel: "Event log", "事件日志";
    guide_panel: "Tutorial", "教程";
    // The tutorial panel.
    tutorials_intro: "Guided walkthroughs of ZooKeeper's coordination patterns. Each one runs in its own playground: your sandbox is kept and comes back when you leave.", "ZooKeeper 协调模式的引导式教程。每个教程在独立的演练场中运行：你的沙盒会被保留，离开教程时恢复。";
    done: "done", "已完成";
    steps_count: "{} steps", "{} 步";
    step_of: "Step {} of {}", "第 {} 步，共 {} 步";
    acting_client: "In {}'s console", "在 {} 的控制台";
    step_done: "Step done — on to the next one.", "这一步完成了——继续下一步。";
    hint: "Hint", "提示";
    show_me: "Show me", "演示";
    showing: "Showing…", "演示中…";
    skip: "Skip", "跳过";
    restart: "Restart tutorial", "重新开始教程";
    back_to_sandbox: "Back to sandbox", "回到沙盒";
    goal_heading: "After this step the tree has", "这一步之后，节点树包含";
    goal_empty: "No znodes of this tutorial: the tree is back to /zookeeper alone.", "没有本教程的节点：树中只剩 /zookeeper。";
    owned_by: "ephemeral · {}", "临时 · {}";
    completed_title: "Tutorial complete!", "教程完成！";
    completed_text: "You completed “{}”. It is marked done in the tutorial list.", "你完成了“{}”。它已在教程列表中标记为完成。";
    finished_title: "End of the tutorial", "教程结束";
    finished_text: "You reached the end with {} step(s) skipped. Restart and do every step to mark it done.", "你跳过了 {} 步到达了结尾。重新开始并完成每一步即可标记为完成。";
}

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// Fills the `{}` placeholders of `template` in order (`{0}`, `{1}`… pick an argument by index,
/// for languages that reorder them). Missing arguments leave the placeholder empty.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_digit()) => {
                let index = if close == 0 {
                    next += 1;
                    next - 1
                } else {
                    after[..close].parse().unwrap_or(usize::MAX)
                };
                out.push_str(args.get(index).copied().unwrap_or(""));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The language of a browser language tag (`navigator.language`), English otherwise.
pub fn from_browser(tag: Option<&str>) -> Lang {
    tag.and_then(Lang::parse).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> usize {
        let mut count = 0;
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(close) = after.find('}') {
                if after[..close].chars().all(|c| c.is_ascii_digit()) {
                    count += 1;
                }
                rest = &after[close + 1..];
            } else {
                break;
            }
        }
        count
    }

    #[test]
    fn every_string_exists_in_both_languages_with_the_same_placeholders() {
        for (name, en, zh) in ALL {
            assert!(!en.is_empty() && !zh.is_empty(), "{name} is empty");
            assert_eq!(placeholders(en), placeholders(zh), "{name}: {en} / {zh}");
        }
        assert!(ALL.len() > 100);
        // Most strings differ between the languages (a forgotten translation would not).
        let same = ALL.iter().filter(|(_, en, zh)| en == zh).count();
        assert!(same < 5, "{same} strings are untranslated");
    }

    #[test]
    fn fill_replaces_in_order_or_by_index() {
        assert_eq!(fill("Step {} of {}", &["2", "9"]), "Step 2 of 9");
        assert_eq!(fill(ZH.note_expired, &["0x1", "B"]), "B 的会话 0x1 已过期。");
        assert_eq!(fill("{a} {}", &["x"]), "{a} x");
        assert_eq!(fill("{}", &[]), "");
    }

    #[test]
    fn the_browser_language_picks_the_default() {
        assert_eq!(from_browser(Some("zh-CN")), Lang::Zh);
        assert_eq!(from_browser(Some("en-GB")), Lang::En);
        assert_eq!(from_browser(Some("fr")), Lang::En);
        assert_eq!(from_browser(None), Lang::En);
        assert_eq!(strings(Lang::Zh).hint, "提示");
    }
}
