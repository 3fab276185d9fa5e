//! A real Garage cluster on loopback: nodes on free ports, each with its own directories, one random
//! RPC secret, connected, laid out (one zone, replication factor = nodes), with a key and a bucket.
//! Nodes can be stopped and started again to test what a family sees when a machine is down.
//!
//! Standard library only: the xtask includes this same file (`#[path]`) to start the cluster its
//! Playwright flow runs against.

#![allow(dead_code)]

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// The version the xtask installs (see `xtask/src/test.rs`).
pub const VERSION: &str = "2.5.0";
/// Fixed test credentials: Garage's key ids are `GK` and 24 hex digits, secrets 64.
pub const KEY_ID: &str = "GK6b65657073616b6574657374";
pub const SECRET: &str = "6b65657073616b652d746573742d7365637265742d6f6e6c792d6c6f6f706261";
pub const BUCKET: &str = "keepsake-test";
pub const REGION: &str = "garage";

pub struct Cluster {
    garage: PathBuf,
    dir: PathBuf,
    nodes: Vec<Node>,
}

struct Node {
    config: PathBuf,
    s3_port: u16,
    process: Option<Child>,
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub fn random_hex(bytes: usize) -> std::io::Result<String> {
    use std::io::Read;
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// `len` bytes no compressor shrinks (xorshift), the same in every run: bulk to store.
pub fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn error(what: impl Into<String>) -> std::io::Error {
    std::io::Error::other(what.into())
}

impl Cluster {
    /// Starts `count` nodes of `garage` and waits until the bucket takes requests.
    pub fn start(garage: &Path, count: usize) -> std::io::Result<Self> {
        let dir = std::env::temp_dir().join(format!("keepsake-garage-{}", random_hex(6)?));
        let secret = random_hex(32)?;
        let mut nodes = Vec::new();
        for n in 0..count {
            let node_dir = dir.join(format!("node{n}"));
            std::fs::create_dir_all(&node_dir)?;
            let (rpc_port, s3_port) = (free_port()?, free_port()?);
            let config = node_dir.join("garage.toml");
            std::fs::write(
                &config,
                format!(
                    "metadata_dir = \"{meta}\"\ndata_dir = \"{data}\"\ndb_engine = \"lmdb\"\n\
                     replication_factor = {count}\n\
                     rpc_bind_addr = \"127.0.0.1:{rpc_port}\"\nrpc_public_addr = \"127.0.0.1:{rpc_port}\"\n\
                     rpc_secret = \"{secret}\"\n\n[s3_api]\ns3_region = \"{REGION}\"\n\
                     api_bind_addr = \"127.0.0.1:{s3_port}\"\nroot_domain = \".s3.garage.localhost\"\n",
                    meta = node_dir.join("meta").display(),
                    data = node_dir.join("data").display(),
                ),
            )?;
            nodes.push(Node { config, s3_port, process: None });
        }
        let mut cluster = Self { garage: garage.to_path_buf(), dir, nodes };
        for n in 0..count {
            cluster.start_node(n)?;
        }
        let ids: Vec<String> = (0..count).map(|n| cluster.node_id(n)).collect::<Result<_, _>>()?;
        for id in &ids[1..] {
            cluster.cli(0, &["node", "connect", id])?;
        }
        for id in &ids {
            let short = id.split('@').next().unwrap_or(id);
            cluster.cli(0, &["layout", "assign", "-z", "dc1", "-c", "1G", short])?;
        }
        cluster.cli(0, &["layout", "apply", "--version", "1"])?;
        cluster.cli(0, &["key", "import", "--yes", "-n", "keepsake", KEY_ID, SECRET])?;
        cluster.cli(0, &["bucket", "create", BUCKET])?;
        cluster.cli(0, &["bucket", "allow", "--read", "--write", "--owner", BUCKET, "--key", "keepsake"])?;
        Ok(cluster)
    }

    /// `s3://…` for a library under `prefix` in the test bucket.
    pub fn location(&self, prefix: &str) -> String {
        format!("s3://{BUCKET}/{prefix}?endpoint={}&region={REGION}", self.endpoint())
    }

    /// The first node's S3 address (any node serves any request).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.nodes[0].s3_port)
    }

    /// Kills a node, as a machine that loses power.
    pub fn stop_node(&mut self, n: usize) {
        if let Some(mut process) = self.nodes[n].process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }

    pub fn start_node(&mut self, n: usize) -> std::io::Result<()> {
        let log = std::fs::File::create(self.dir.join(format!("node{n}.log")))?;
        let process = Command::new(&self.garage)
            .arg("-c")
            .arg(&self.nodes[n].config)
            .arg("server")
            .env("RUST_LOG", "garage=warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| error(format!("cannot start {}: {e}", self.garage.display())))?;
        self.nodes[n].process = Some(process);
        Ok(())
    }

    /// Waits until `count` nodes are connected, as the first node sees them (a restarted node takes
    /// about ten seconds to be seen again).
    pub fn wait_for_nodes(&self, count: usize) -> std::io::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let status = self.cli(0, &["status"])?;
            // Connected nodes show the version they run; the others a question mark.
            if status.lines().filter(|line| line.contains(VERSION)).count() >= count {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(error(format!("fewer than {count} Garage nodes connected:\n{status}")));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// `id@address` of a node, once its daemon answers.
    fn node_id(&self, n: usize) -> std::io::Result<String> {
        let out = self.cli(n, &["node", "id", "-q"])?;
        Ok(out.trim().to_string())
    }

    /// Runs `garage -c node's config ARGS`, retrying for a while as daemons come up.
    fn cli(&self, n: usize, args: &[&str]) -> std::io::Result<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = Command::new(&self.garage).arg("-c").arg(&self.nodes[n].config).args(args).output()?;
            if out.status.success() {
                return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
            }
            if Instant::now() > deadline {
                return Err(error(format!(
                    "garage {} failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                )));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for n in 0..self.nodes.len() {
            self.stop_node(n);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
