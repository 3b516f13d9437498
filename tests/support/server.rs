//! A small real HTTP/1.1 server on 127.0.0.1 for the monitoring tests: scripted replies per path,
//! a log of every request, conditional GET on ETag. No test touches the internet.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (for timeouts and SIGTERM mid-pass).
    pub delay: Duration,
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200)
            .header("Content-Type", "text/html; charset=utf-8")
            .body(body)
    }
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }
    pub fn redirect(status: u16, to: &str) -> Reply {
        Reply::status(status).header("Location", to)
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = body.into();
        self
    }
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Script {
    /// By path (no query): replies served in order, the last one repeated.
    routes: HashMap<String, VecDeque<Reply>>,
    log: Vec<Request>,
}

pub struct Server {
    port: u16,
    script: Arc<Mutex<Script>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let script = Arc::new(Mutex::new(Script::default()));
        let shared = Arc::clone(&script);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let script = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = serve(stream, &script);
                });
            }
        });
        Server { port, script }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Always answer `path` with `reply`.
    pub fn set(&self, path: &str, reply: Reply) {
        self.queue(path, vec![reply]);
    }

    /// Answer `path` with these replies in turn, then keep repeating the last.
    pub fn queue(&self, path: &str, replies: Vec<Reply>) {
        let mut script = self.script.lock().unwrap();
        script.routes.insert(path.to_string(), replies.into());
    }

    /// Requests for `path` (query ignored), oldest first.
    pub fn requests(&self, path: &str) -> Vec<Request> {
        let script = self.script.lock().unwrap();
        script
            .log
            .iter()
            .filter(|r| r.target.split('?').next() == Some(path))
            .cloned()
            .collect()
    }

    pub fn all_requests(&self) -> Vec<Request> {
        self.script.lock().unwrap().log.clone()
    }
}

fn serve(stream: TcpStream, script: &Mutex<Script>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request = Request {
        method,
        target: target.clone(),
        headers,
        body,
        at: Instant::now(),
    };
    let path = target.split('?').next().unwrap_or("/").to_string();
    let reply = {
        let mut script = script.lock().unwrap();
        script.log.push(request.clone());
        match script.routes.get_mut(&path) {
            Some(queue) if queue.len() > 1 => queue.pop_front().unwrap(),
            Some(queue) => queue.front().cloned().unwrap_or(Reply::status(404)),
            None => Reply::status(404),
        }
    };
    std::thread::sleep(reply.delay);
    let etag = reply
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("etag"))
        .map(|(_, v)| v.clone());
    let reply = match (etag, request.header("if-none-match")) {
        (Some(etag), Some(sent)) if etag == sent => Reply::status(304).header("ETag", &etag),
        _ => reply,
    };
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {} X\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    out.write_all(head.as_bytes())?;
    if reply.status != 304 {
        out.write_all(&reply.body)?;
    }
    out.flush()
}
