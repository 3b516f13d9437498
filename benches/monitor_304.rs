//! Benchmark: one `storydiff check --all` pass over 10,000 tracked articles that all answer
//! 304 Not Modified, on 8 loopback "hosts" (8 ports) served by a keep-alive HTTP/1.1 server in
//! this process. Prints articles per second, CPU seconds and peak RSS of the storydiff process.
//!
//!     cargo build --release && cargo bench --bench monitor_304
//!     STORYDIFF=path/to/storydiff N=10000 HOSTS=8 cargo bench --bench monitor_304
//!
//! The archive's state is seeded directly (sources.toml and state.json with an ETag per
//! article, as a previous pass leaves them), because a 304 pass reads nothing else: recording
//! 10,000 first versions would only measure the first pass.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::Instant;

fn main() {
    let n: usize = env_or("N", 10_000);
    let hosts: usize = env_or("HOSTS", 8);
    let binary = std::env::var("STORYDIFF").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/storydiff").to_string()
    });
    assert!(
        std::path::Path::new(&binary).exists(),
        "{binary} is missing: cargo build --release first"
    );

    let ports: Vec<u16> = (0..hosts).map(|_| serve()).collect();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    storydiff::archive::Archive::open_or_create(&archive).unwrap();
    seed(&archive, n, &ports);

    let time = std::path::Path::new("/usr/bin/time").exists();
    let rusage = dir.path().join("time.txt");
    let mut cmd = if time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg("-o").arg(&rusage).arg(&binary);
        c
    } else {
        Command::new(&binary)
    };
    cmd.arg("--archive")
        .arg(&archive)
        .args(["check", "--all", "--quiet", "--delay", "0"]);
    let started = Instant::now();
    let out = cmd.output().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("checked {n} articles"))
            && stdout.contains(&format!("{n} unchanged")),
        "not every article answered 304: {stdout}"
    );
    println!("storydiff check --all over {n} unchanged (304) articles on {hosts} hosts");
    println!("  {stdout}", stdout = stdout.trim());
    println!("  wall {wall:.2} s, {:.0} articles/s", n as f64 / wall);
    if time {
        let report = std::fs::read_to_string(&rusage).unwrap_or_default();
        let field = |name: &str| {
            report
                .lines()
                .find_map(|l| l.trim().strip_prefix(name))
                .and_then(|v| v.trim().parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        let cpu = field("User time (seconds):") + field("System time (seconds):");
        let rss = field("Maximum resident set size (kbytes):") / 1024.0;
        println!("  CPU {cpu:.2} s (user+sys), peak RSS {rss:.0} MB");
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// sources.toml and state.json as a previous pass leaves them: every article with an ETag.
fn seed(archive: &std::path::Path, n: usize, ports: &[u16]) {
    let mut sources = String::from("[settings]\ndelay = \"0\"\n");
    let mut state = serde_json::Map::new();
    let now = chrono::Utc::now().to_rfc3339();
    for i in 0..n {
        let url = format!("http://127.0.0.1:{}/news/{i:05}", ports[i % ports.len()]);
        sources.push_str(&format!("\n[[article]]\nurl = \"{url}\"\n"));
        state.insert(
            url,
            serde_json::json!({
                "added_at": now, "last_change": now, "last_check": now, "next_check": now,
                "validators": {"etag": "\"v1\""}, "failures": 0, "standing": "active",
                "extractor": storydiff::extract::EXTRACTOR,
            }),
        );
    }
    let dir = archive.join("storydiff");
    std::fs::write(dir.join("sources.toml"), sources).unwrap();
    let state = serde_json::json!({"articles": state});
    std::fs::write(dir.join("state.json"), state.to_string()).unwrap();
}

/// A keep-alive HTTP/1.1 server answering 304 to `If-None-Match: "v1"` and 404 otherwise.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || connection(stream));
        }
    });
    port
}

fn connection(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut matched = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header.trim().is_empty() {
                break;
            }
            if header.to_ascii_lowercase().starts_with("if-none-match:") {
                matched = header.contains("\"v1\"");
            }
        }
        let reply: &[u8] = if line.starts_with("GET /robots.txt") {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        } else if matched {
            b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n"
        } else {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        };
        if out.write_all(reply).is_err() {
            return;
        }
    }
}
