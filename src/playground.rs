//! Several simulated zkCli clients on one engine: the API that the replay tool, the UI and the
//! tutorials drive. Time is an argument (`now_ms`, virtual milliseconds); nothing here reads a clock.

/// Lines that one client printed by itself (watch notifications), outside any command of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub client: String,
    pub lines: Vec<String>,
}

/// What a typed line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandOutcome {
    /// The prompt that was shown before the input.
    pub prompt: String,
    /// What the client printed before its next prompt.
    pub output: Vec<String>,
    /// Notifications that other clients (or this one, after its output) printed.
    pub deliveries: Vec<Delivery>,
    /// The client process ended (quit, or a crash such as zkCli's NumberFormatException).
    pub exited: bool,
}

/// The simulated world: one ZooKeeper service and its zkCli clients.
#[derive(Clone, Debug, Default)]
pub struct Playground {}

impl Playground {
    /// A fresh service. A connect string with several hosts is an ensemble (epoch 1), one host a
    /// standalone server (epoch 0).
    pub fn new(server: &str, now_ms: u64) -> Self {
        let _ = (server, now_ms);
        Playground {}
    }

    /// Starts a zkCli named `client` (like `zkCli.sh -server CONNECT extra_args…`); returns its banner.
    pub fn open_client(&mut self, client: &str, connect: &str, extra_args: &[String], now_ms: u64) -> Vec<String> {
        let _ = (client, extra_args, now_ms);
        vec![format!("Connecting to {connect}")]
    }

    /// The prompt the client shows now (`[zk: …(CONNECTED) N] `).
    pub fn prompt(&self, client: &str) -> String {
        let _ = client;
        String::new()
    }

    /// The client types `line` and presses Enter.
    pub fn type_line(&mut self, client: &str, line: &str, now_ms: u64) -> CommandOutcome {
        let _ = (client, line, now_ms);
        CommandOutcome::default()
    }

    /// Virtual time moves to `now_ms`: sessions of dead clients expire, containers are reaped.
    pub fn advance(&mut self, now_ms: u64) -> Vec<Delivery> {
        let _ = now_ms;
        Vec::new()
    }

    /// The client's process is killed (kill -9, SIGTERM, Ctrl-C): no closeSession is sent.
    pub fn kill(&mut self, client: &str, now_ms: u64) {
        let _ = (client, now_ms);
    }
}
