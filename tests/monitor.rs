//! Monitoring end to end: `track`, `check`, `follow`, `watch` and `list` against real HTTP
//! servers on 127.0.0.1 (tests/support/server.rs). No test touches the internet.

mod common;
#[path = "support/server.rs"]
mod server;

use std::io::Write;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::{Story, storydiff};
use server::{Reply, Server};

/// The story page with its canonical link pointing at `canonical`.
fn story_page(story: &Story, canonical: &str) -> String {
    story.to_html().replace(
        "https://news.northbrook.example/city/tram-extension-vote",
        canonical,
    )
}

/// A plain article page in any language.
fn plain_page(title: &str, paragraphs: &[&str], head: &str) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav>\
         <article><h1>{title}</h1>\n{body}</article><footer>Footer</footer></body></html>"
    )
}

fn edited(mut story: Story) -> Story {
    story.paragraphs.push(
        "Late on Wednesday the council confirmed that the first contract, for the depot, will be tendered in September.".into(),
    );
    story
}

/// The archive's state.json, parsed.
fn read_state(a: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(a.join("storydiff/state.json")).unwrap()).unwrap()
}

/// Replace the archive's state.json, as a hand edit or an older storydiff would.
fn write_state(a: &Path, state: &Value) {
    std::fs::write(
        a.join("storydiff/state.json"),
        serde_json::to_vec(state).unwrap(),
    )
    .unwrap();
}

/// A fresh archive, with `settings` written into its sources.toml when given.
fn archive_with(settings: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a");
    storydiff::archive::Archive::open_or_create(&path).unwrap();
    if let Some(settings) = settings {
        std::fs::write(
            path.join("storydiff/sources.toml"),
            format!("[settings]\n{settings}\n"),
        )
        .unwrap();
    }
    dir
}

fn path(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("a")
}

fn run(archive: &Path, args: &[&str]) -> Output {
    storydiff(archive)
        .env("STORYDIFF_HOST_DELAY", "0")
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .unwrap()
}

/// Run, expect exit 0, return stdout.
fn ok(archive: &Path, args: &[&str]) -> String {
    let out = run(archive, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "storydiff {args:?} failed: {}\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The JSON events of a `--format jsonl` run.
fn events(archive: &Path, args: &[&str]) -> Vec<Value> {
    let mut args = args.to_vec();
    args.extend(["--format", "jsonl"]);
    ok(archive, &args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn kinds(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_string())
        .collect()
}

/// The article rows of `list --format json` (followed feeds come after them, `kind` "feed").
fn list(archive: &Path) -> Vec<Value> {
    let rows: Vec<Value> =
        serde_json::from_str(&ok(archive, &["list", "--format", "json"])).unwrap();
    rows.into_iter()
        .filter(|r| r["kind"] == "article")
        .collect()
}

fn versions(archive: &Path, url: &str) -> usize {
    let log: Vec<Value> =
        serde_json::from_str(&ok(archive, &["log", url, "--format", "json"])).unwrap();
    log.len()
}

#[test]
fn an_article_changing_across_passes_gets_a_version_each_time() {
    let server = Server::start();
    let url = server.url("/city/tram");
    let story = Story::tram_vote();
    server.set("/city/tram", Reply::html(story_page(&story, &url)));
    let dir = archive_with(None);
    let a = path(&dir);

    let out = ok(&a, &["track", &url]);
    assert!(out.contains(&format!("{url}: version 1:")), "{out}");
    assert!(out.contains("checked 1 article"), "{out}");

    // Only the chrome changes: a check, not a version.
    let mut chrome = story.clone();
    chrome.chrome = 2;
    server.set("/city/tram", Reply::html(story_page(&chrome, &url)));
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"]);

    server.set("/city/tram", Reply::html(story_page(&edited(story), &url)));
    let out = ok(&a, &["check", "--all"]);
    assert!(
        out.contains(&format!("{url}: version 2: Added 1 paragraph")),
        "{out}"
    );
    assert!(out.contains("1 new version"), "{out}");
    assert_eq!(versions(&a, &url), 2);
    assert!(ok(&a, &["verify"]).contains("no problems found"));

    // The User-Agent says who we are.
    let ua = server.requests("/city/tram")[0]
        .header("user-agent")
        .unwrap()
        .to_string();
    assert!(ua.starts_with("storydiff/") && ua.contains("(+"), "{ua}");
}

#[test]
fn a_304_answer_is_a_check_and_the_validators_are_sent_back() {
    let server = Server::start();
    let url = server.url("/story");
    let page = story_page(&Story::tram_vote(), &url);
    server.set(
        "/story",
        Reply::html(page)
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Wed, 07 May 2025 05:30:00 GMT"),
    );
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["not_modified", "summary"]);
    let second = &server.requests("/story")[1];
    assert_eq!(second.header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        second.header("if-modified-since"),
        Some("Wed, 07 May 2025 05:30:00 GMT")
    );
    assert_eq!(versions(&a, &url), 1);
}

#[test]
fn a_redirect_chain_a_canonical_link_and_tracking_parameters_make_one_article() {
    let server = Server::start();
    let canonical = server.url("/news/tram-vote");
    server.set("/r1", Reply::redirect(301, &server.url("/r2")));
    server.set("/r2", Reply::redirect(302, "/amp/tram-vote?utm_source=amp"));
    server.set(
        "/amp/tram-vote",
        Reply::html(story_page(&Story::tram_vote(), &canonical)),
    );
    server.set(
        "/news/tram-vote",
        Reply::html(story_page(&Story::tram_vote(), &canonical)),
    );
    let dir = archive_with(None);
    let a = path(&dir);

    let out = ok(&a, &["track", &server.url("/r1")]);
    assert!(out.contains(&format!("{canonical}: version 1")), "{out}");
    let tracking = format!("{canonical}?utm_source=twitter&utm_medium=social&fbclid=XYZ#comments");
    // Both name the story already (the redirect's end is an alias): one fetch for the two.
    let ev = events(&a, &["track", &tracking, &server.url("/amp/tram-vote")]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");
    assert_eq!(ev[0]["url"], canonical.as_str(), "{ev:?}");

    let rows = list(&a);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["url"], canonical.as_str());
    assert_eq!(rows[0]["versions"], 1);
    let sources = std::fs::read_to_string(a.join("storydiff/sources.toml")).unwrap();
    assert_eq!(sources.matches("[[article]]").count(), 1, "{sources}");
    // Any of its URLs names it.
    assert_eq!(versions(&a, &canonical), 1);
    assert_eq!(versions(&a, &server.url("/r1")), 1);
    assert_eq!(versions(&a, &format!("{canonical}?utm_campaign=x")), 1);
    ok(&a, &["check", &server.url("/r1")]);
}

#[test]
fn tracking_parameters_alone_never_split_a_story() {
    let server = Server::start();
    let url = server.url("/story");
    // No canonical link at all: the cleaned URL is the identity.
    let page =
        story_page(&Story::tram_vote(), &url).replace("<link rel=\"canonical\"", "<link rel=\"x\"");
    server.set("/story", Reply::html(page));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(
        &a,
        &[
            "track",
            &format!("{url}?utm_source=newsletter&mc_cid=1&mc_eid=2"),
        ],
    );
    ok(&a, &["track", &format!("{url}?gclid=abc#top")]);
    let rows = list(&a);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["url"], url.as_str());
}

#[test]
fn a_429_with_retry_after_is_retried_after_the_wait() {
    let server = Server::start();
    let url = server.url("/story");
    server.queue(
        "/story",
        vec![
            Reply::status(429).header("Retry-After", "1"),
            Reply::html(story_page(&Story::tram_vote(), &url)),
        ],
    );
    let dir = archive_with(None);
    let a = path(&dir);
    let ev = events(&a, &["track", &url]);
    assert_eq!(kinds(&ev), ["recorded", "summary"], "{ev:?}");
    let requests = server.requests("/story");
    assert_eq!(requests.len(), 2);
    assert!(requests[1].at.duration_since(requests[0].at) >= Duration::from_millis(900));
}

#[test]
fn a_500_then_success_is_recorded_and_a_lasting_500_fails_the_article_only() {
    let server = Server::start();
    let url = server.url("/story");
    let down = server.url("/down");
    server.queue(
        "/story",
        vec![
            Reply::status(500),
            Reply::status(503),
            Reply::html(story_page(&Story::tram_vote(), &url)),
        ],
    );
    server.set("/down", Reply::status(502));
    let dir = archive_with(Some("retries = 2\nretry_base = \"10ms\""));
    let a = path(&dir);
    let ev = events(&a, &["track", &url, &down]);
    let by_url = |u: &str| ev.iter().find(|e| e["url"] == u).unwrap().clone();
    assert_eq!(by_url(&url)["event"], "recorded");
    assert_eq!(by_url(&down)["event"], "failed");
    assert_eq!(by_url(&down)["reason"], "HTTP status 502");
    assert_eq!(server.requests("/down").len(), 3, "one try and two retries");
}

#[test]
fn a_slow_server_times_out_and_the_pass_goes_on() {
    let slow = Server::start();
    let fine = Server::start();
    let slow_url = slow.url("/slow");
    let fine_url = fine.url("/story");
    slow.set(
        "/slow",
        Reply::html("<html></html>").delay(Duration::from_secs(4)),
    );
    fine.set(
        "/story",
        Reply::html(story_page(&Story::tram_vote(), &fine_url)),
    );
    let dir = archive_with(Some("timeout = \"1s\""));
    let a = path(&dir);
    let ev = events(&a, &["track", &slow_url, &fine_url]);
    let slow_event = ev.iter().find(|e| e["url"] == slow_url.as_str()).unwrap();
    assert_eq!(slow_event["event"], "failed");
    assert!(
        slow_event["reason"].as_str().unwrap().contains("timed out"),
        "{slow_event}"
    );
    assert!(
        ev.iter()
            .any(|e| e["url"] == fine_url.as_str() && e["event"] == "recorded")
    );
}

#[test]
fn a_body_over_the_cap_and_a_gzip_bomb_are_refused() {
    use flate2::{Compression, write::GzEncoder};
    let server = Server::start();
    let big = server.url("/big");
    let bomb = server.url("/bomb");
    let zipped = server.url("/zipped");
    server.set("/big", Reply::html(vec![b'a'; 10_500_000]));
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    for _ in 0..200 {
        gz.write_all(&[b' '; 64 * 1024]).unwrap();
    }
    let compressed = gz.finish().unwrap();
    assert!(compressed.len() < 100_000, "the bomb is small on the wire");
    server.set(
        "/bomb",
        Reply::html(compressed).header("Content-Encoding", "gzip"),
    );
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(story_page(&Story::tram_vote(), &zipped).as_bytes())
        .unwrap();
    server.set(
        "/zipped",
        Reply::html(gz.finish().unwrap()).header("Content-Encoding", "gzip"),
    );
    let dir = archive_with(None);
    let a = path(&dir);
    let ev = events(&a, &["track", &big, &bomb, &zipped]);
    for url in [&big, &bomb] {
        let e = ev.iter().find(|e| e["url"] == url.as_str()).unwrap();
        assert_eq!(e["event"], "failed", "{e}");
        assert!(
            e["reason"]
                .as_str()
                .unwrap()
                .contains("larger than 10000000 bytes"),
            "{e}"
        );
    }
    assert!(
        ev.iter()
            .any(|e| e["url"] == zipped.as_str() && e["event"] == "recorded")
    );
    let accept = server.requests("/zipped")[0]
        .header("accept-encoding")
        .unwrap()
        .to_string();
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");
}

const RUSSIAN: [&str; 3] = [
    "Городской совет одобрил продление трамвайной линии до больницы после долгого ночного заседания.",
    "Депутаты проголосовали двадцатью семью голосами против четырнадцати, и строительство начнётся весной.",
    "Владельцы магазинов на Портовой улице просят компенсацию за годы дорожных работ перед их дверями.",
];
const JAPANESE: [&str; 6] = [
    "市議会は深夜の採決の末、病院まで路面電車を延伸する計画を承認した。建設は来年の春に始まる予定だ。",
    "議員は二十七対十四で賛成し、反対派は予算が守られないと警告した。市長はこの決定を歓迎している。",
    "港通りの商店主たちは、長い工事の期間中の補償を求めている。市は支援の基金を用意すると述べた。",
    "新しい路線には六つの停留所が設けられ、中央駅と大学病院の間を結ぶ。現在は混雑したバスが走っている。",
    "野党の代表は、契約が結ばれる前に地域の監査機関に費用の見積もりを調べてもらうよう求めると話した。",
    "市民の多くは計画を支持しているが、工事中の騒音や交通の混乱を心配する声も少なくないという。",
];
const KOREAN: [&str; 6] = [
    "시의회는 밤늦게까지 이어진 표결 끝에 병원까지 노면전차를 연장하는 계획을 승인했다고 밝혔다.",
    "의원들은 이십칠 대 십사로 찬성했으며 반대파는 예산이 지켜지지 않을 것이라고 경고했다고 전했다.",
    "항구 거리의 상인들은 공사 기간 동안의 보상을 요구하고 있으며 시는 지원 기금을 마련하겠다고 했다.",
    "새 노선에는 여섯 개의 정류장이 생기며 중앙역과 대학병원 사이를 잇게 되고 지금은 버스가 다닌다.",
    "야당 대표는 계약이 체결되기 전에 지역 감사 기관이 비용 추정치를 검토하도록 요청하겠다고 말했다.",
    "많은 시민들이 계획을 지지하지만 공사 기간의 소음과 교통 혼잡을 걱정하는 목소리도 적지 않다.",
];

const FRENCH: [&str; 3] = [
    "Le conseil municipal a approuvé le prolongement du tramway jusqu’à l’hôpital, pour un coût de 310 millions d’€.",
    "Le billet passera de 1,80 € à 2,10 € au printemps, a précisé l’adjointe chargée des transports.",
    "Les commerçants de la rue du Port demandent une aide de 5 000 € chacun pour les mois de travaux.",
];

#[test]
fn pages_in_legacy_charsets_are_decoded_from_header_meta_or_detection() {
    let server = Server::start();
    // windows-1251 declared in the header; the page's own meta is wrong.
    let ru = plain_page("Трамвай до больницы", &RUSSIAN, "<meta charset=\"utf-8\">");
    let (ru, _, _) = encoding_rs::WINDOWS_1251.encode(&ru);
    server.set(
        "/ru",
        Reply::html(ru.into_owned()).header("Content-Type", "text/html; charset=windows-1251"),
    );
    // Shift_JIS declared only in the page.
    let ja = plain_page(
        "路面電車の延伸",
        &JAPANESE,
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">",
    );
    let (ja, _, _) = encoding_rs::SHIFT_JIS.encode(&ja);
    server.set(
        "/ja",
        Reply::html(ja.into_owned()).header("Content-Type", "text/html"),
    );
    // EUC-KR declared nowhere: detected.
    let ko = plain_page("노면전차 연장", &KOREAN, "");
    let (ko, _, _) = encoding_rs::EUC_KR.encode(&ko);
    server.set(
        "/ko",
        Reply::html(ko.into_owned()).header("Content-Type", "text/html"),
    );

    // ISO-8859-15 declared only in the header: no detector tells its € (byte A4) from
    // windows-1252's ¤.
    let fr = plain_page("Le tramway prolongé", &FRENCH, "");
    let (fr, _, _) = encoding_rs::ISO_8859_15.encode(&fr);
    server.set(
        "/fr",
        Reply::html(fr.into_owned()).header("Content-Type", "text/html; charset=iso-8859-15"),
    );

    let dir = archive_with(None);
    let a = path(&dir);
    let (ru_url, ja_url, ko_url, fr_url) = (
        server.url("/ru"),
        server.url("/ja"),
        server.url("/ko"),
        server.url("/fr"),
    );
    let out = ok(&a, &["track", &ru_url, &ja_url, &ko_url, &fr_url]);
    assert!(out.contains("4 new versions"), "{out}");
    for (url, text) in [
        (&ru_url, RUSSIAN[1]),
        (&ja_url, JAPANESE[1]),
        (&ko_url, KOREAN[1]),
        (&fr_url, FRENCH[1]),
    ] {
        let shown = ok(&a, &["show", url]);
        assert!(shown.contains(text), "{url}: {shown}");
    }

    // The header is archived with the version, so reading the archived page again decodes it
    // as the fetch did: no re-extraction "finds" a ¤ where the publisher printed €.
    let commits = std::process::Command::new("git")
        .args(["-C", a.to_str().unwrap(), "log", "--all", "--format=%B"])
        .output()
        .unwrap();
    let commits = String::from_utf8_lossy(&commits.stdout);
    assert!(
        commits.contains("Content-Type: text/html; charset=iso-8859-15"),
        "{commits}"
    );
    let out = ok(&a, &["reextract", "--all"]);
    assert_eq!(out.matches("unchanged").count(), 4, "{out}");
}

#[test]
fn robots_txt_disallow_is_respected_and_crawl_delay_spaces_requests() {
    let server = Server::start();
    server.set(
        "/robots.txt",
        Reply::status(200)
            .header("Content-Type", "text/plain")
            .body("User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n"),
    );
    let (one, two, private) = (
        server.url("/one"),
        server.url("/two"),
        server.url("/private/x"),
    );
    for (path, url) in [("/one", &one), ("/two", &two), ("/private/x", &private)] {
        server.set(path, Reply::html(story_page(&Story::tram_vote(), url)));
    }
    let dir = archive_with(None);
    let a = path(&dir);
    let ev = events(&a, &["track", &one, &two, &private]);
    let private_event = ev.iter().find(|e| e["url"] == private.as_str()).unwrap();
    assert_eq!(private_event["event"], "disallowed");
    assert!(server.requests("/private/x").is_empty());
    assert_eq!(server.requests("/robots.txt").len(), 1);
    let first = &server.requests("/one")[0];
    let second = &server.requests("/two")[0];
    let gap = if second.at > first.at {
        second.at - first.at
    } else {
        first.at - second.at
    };
    assert!(
        gap >= Duration::from_millis(950),
        "Crawl-delay 1 s not honoured: {gap:?}"
    );

    // robots.txt is cached: the next pass does not ask again.
    ok(&a, &["check", "--all"]);
    assert_eq!(server.requests("/robots.txt").len(), 1);
    // --ignore-robots fetches it anyway.
    ok(&a, &["check", &private, "--ignore-robots"]);
    assert_eq!(server.requests("/private/x").len(), 1);
}

#[test]
fn a_404_marks_the_article_gone_and_a_200_brings_it_back() {
    let server = Server::start();
    let url = server.url("/story");
    let page = story_page(&Story::tram_vote(), &url);
    server.set("/story", Reply::html(page.clone()));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);

    server.set("/story", Reply::status(410));
    let out = ok(&a, &["check", "--all"]);
    assert!(out.contains(&format!("{url}: gone (HTTP 410)")), "{out}");
    assert_eq!(list(&a)[0]["state"], "gone");

    server.set("/story", Reply::html(page));
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["unchanged", "back", "summary"], "{ev:?}");
    assert_eq!(list(&a)[0]["state"], "active");
    assert_eq!(versions(&a, &url), 1);

    // Both events are in the archive's changelog, newest first, above the version they followed.
    let md = ok(&a, &["changelog", &url]);
    let back = md.find("## Back · ").expect(&md);
    let gone = md.find("## Gone · ").expect(&md);
    let v1 = md.find("## Version 1 · ").expect(&md);
    assert!(back < gone && gone < v1, "{md}");
    assert!(md.contains("The page answered HTTP 410"), "{md}");
    assert!(md.contains("answers again (HTTP 200)"), "{md}");
    let json: Value =
        serde_json::from_str(&ok(&a, &["changelog", &url, "--format", "json"])).unwrap();
    let kinds: Vec<&str> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["back", "gone"], "{json}");
    assert_eq!(json["events"][1]["status"], 410);
    assert_eq!(json["events"][1]["after_version"], 1);
    // `log` shows them above the version they followed, and lists them in its JSON.
    let log = ok(&a, &["log", &url]);
    let (back, gone, v1) = (
        log.find("back  ").expect(&log),
        log.find("gone  ").expect(&log),
        log.find("version 1  ").expect(&log),
    );
    assert!(back < gone && gone < v1, "{log}");
    let rows: Value = serde_json::from_str(&ok(&a, &["log", &url, "--format", "json"])).unwrap();
    assert_eq!(rows[0]["events_after"][0]["event"], "gone", "{rows}");
    assert_eq!(rows[0]["events_after"][1]["event"], "back", "{rows}");
    // The Atom changelog has an entry for each, newest first, above version 1's.
    let atom = ok(&a, &["changelog", &url, "--format", "atom"]);
    let feed = feed_rs::parser::parse(atom.as_bytes()).expect("valid Atom");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles.len(), 3, "{atom}");
    assert!(titles[0].ends_with("(page back)"), "{titles:?}");
    assert!(titles[1].ends_with("(page gone)"), "{titles:?}");
    assert!(titles[2].ends_with("(version 1)"), "{titles:?}");
    // Plain git shows them too: notes on the version they followed.
    let log = common::git(&a, &["log", &common::only_branch(&a)]);
    assert!(log.contains("Notes (events):"), "{log}");
    assert!(
        log.contains(" HTTP 410") && log.contains(" HTTP 200"),
        "{log}"
    );
    // Still gone is not a new event; a second return is not either.
    ok(&a, &["check", "--all"]);
    let md = ok(&a, &["changelog", &url]);
    assert_eq!(md.matches("## Back · ").count(), 1, "{md}");
    ok(&a, &["verify"]);
}

#[test]
fn a_story_gone_before_its_first_version_comes_back_as_version_1_with_no_event_on_it() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::status(404));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    assert_eq!(list(&a)[0]["state"], "gone");

    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "back", "summary"], "{ev:?}");
    assert_eq!(versions(&a, &url), 1);
    // The return came before version 1 existed: no note hangs on it as if it followed it.
    let json: Value =
        serde_json::from_str(&ok(&a, &["changelog", &url, "--format", "json"])).unwrap();
    assert!(json.get("events").is_none(), "{json}");
    ok(&a, &["verify"]);
}

#[test]
fn an_article_back_with_changes_has_its_return_before_the_new_version() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    server.set("/story", Reply::status(404));
    ok(&a, &["check", "--all"]);
    ok(&a, &["check", "--all"]);
    server.set(
        "/story",
        Reply::html(story_page(&edited(Story::tram_vote()), &url)),
    );
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "back", "summary"], "{ev:?}");
    let md = ok(&a, &["changelog", &url]);
    assert_eq!(
        md.matches("## Gone · ").count(),
        1,
        "one event while it stayed gone: {md}"
    );
    let v2 = md.find("## Version 2 · ").expect(&md);
    let back = md.find("## Back · ").expect(&md);
    let gone = md.find("## Gone · ").expect(&md);
    let v1 = md.find("## Version 1 · ").expect(&md);
    assert!(v2 < back && back < gone && gone < v1, "{md}");
    // The new version's CHANGELOG.md, as plain git reads it, has them too.
    let stored = common::git(
        &a,
        &["show", &format!("{}:CHANGELOG.md", common::only_branch(&a))],
    );
    assert!(
        stored.contains("## Back · ") && stored.contains("## Gone · "),
        "{stored}"
    );
}

fn rss(items: &[String]) -> String {
    let items: String = items
        .iter()
        .map(|u| format!("<item><title>Item</title><link>{u}</link></item>"))
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Northbrook Daily</title>{items}</channel></rss>"
    )
}

#[test]
fn a_feed_gaining_items_gets_each_new_item_tracked() {
    let server = Server::start();
    let urls: Vec<String> = (1..=3).map(|i| server.url(&format!("/news/{i}"))).collect();
    for (i, url) in urls.iter().enumerate() {
        let mut story = Story::tram_vote();
        story.title = format!("Story number {}", i + 1);
        server.set(
            &format!("/news/{}", i + 1),
            Reply::html(story_page(&story, url)),
        );
    }
    let opinion = server.url("/opinion/1");
    server.set(
        "/feed.xml",
        Reply::status(200)
            .header("Content-Type", "application/rss+xml")
            .body(rss(&[urls[0].clone(), opinion.clone()])),
    );
    let feed = server.url("/feed.xml");
    let dir = archive_with(None);
    let a = path(&dir);
    let out = ok(&a, &["follow", &feed, "--match", "/news/"]);
    assert!(
        out.contains(&format!("{feed}: 1 new article to track")),
        "{out}"
    );
    assert!(out.contains(&format!("{}: version 1", urls[0])), "{out}");
    assert!(
        server.requests("/opinion/1").is_empty(),
        "--match keeps it out"
    );

    server.set(
        "/feed.xml",
        Reply::status(200).body(rss(&[urls[2].clone(), urls[1].clone(), urls[0].clone()])),
    );
    let ev = events(&a, &["check", &feed]);
    let discovered = ev.iter().find(|e| e["event"] == "discovered").unwrap();
    assert_eq!(
        discovered["found"].as_array().unwrap().len(),
        2,
        "{discovered}"
    );
    let recorded = ev.iter().filter(|e| e["event"] == "recorded").count();
    assert_eq!(recorded, 2, "{ev:?}");
    assert_eq!(list(&a).len(), 3);

    ok(&a, &["unfollow", &feed]);
    let sources = std::fs::read_to_string(a.join("storydiff/sources.toml")).unwrap();
    assert!(!sources.contains("[[feed]]"), "{sources}");
    assert_eq!(
        sources.matches("[[article]]").count(),
        3,
        "articles stay tracked"
    );
}

#[test]
fn list_shows_followed_feeds_with_their_schedule_and_failures() {
    let server = Server::start();
    let story = server.url("/news/harbour-ferry");
    let mut page = Story::tram_vote();
    page.title = "Harbour ferry timetable cut to hourly sailings from June".into();
    server.set(
        "/news/harbour-ferry",
        Reply::html(story_page(&page, &story)),
    );
    let opinion = server.url("/opinion/ferries");
    server.set(
        "/rss.xml",
        Reply::status(200)
            .header("Content-Type", "application/rss+xml")
            .body(rss(&[story.clone(), opinion])),
    );
    let feed = server.url("/rss.xml");
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["follow", &feed, "--match", "/news/"]);

    let text = ok(&a, &["list"]);
    assert!(text.contains(&format!("feed {feed}\n")), "{text}");
    assert!(
        text.contains("1 item seen, 1 article tracked from it; last check 20"),
        "{text}"
    );
    let rows: Vec<Value> = serde_json::from_str(&ok(&a, &["list", "--format", "json"])).unwrap();
    let row = rows
        .iter()
        .find(|r| r["kind"] == "feed")
        .expect("a feed row");
    assert_eq!(row["url"], feed.as_str());
    assert_eq!(row["items_seen"], 1);
    assert_eq!(row["articles"], 1);
    assert_eq!(row["failures"], 0);
    assert!(
        row["last_check"].is_string() && row["next_check"].is_string(),
        "{row}"
    );

    // A feed that fails later stays followed, and list says why.
    server.set("/rss.xml", Reply::status(404));
    ok(&a, &["check", &feed]);
    let text = ok(&a, &["list"]);
    assert!(text.contains("1 failed read in a row: "), "{text}");
    let rows: Vec<Value> = serde_json::from_str(&ok(&a, &["list", "--format", "json"])).unwrap();
    let row = rows.iter().find(|r| r["kind"] == "feed").unwrap();
    assert_eq!(row["failures"], 1);
    assert!(row["reason"].is_string(), "{row}");
}

#[test]
fn a_url_that_is_not_a_feed_is_not_followed() {
    let server = Server::start();
    let story = server.url("/news/1");
    server.set(
        "/news/1",
        Reply::html(story_page(&Story::tram_vote(), &story)),
    );
    let missing = server.url("/feeds/nope.xml");
    server.set("/feeds/nope.xml", Reply::status(404));
    let dir = archive_with(None);
    let a = path(&dir);
    for url in [&story, &missing] {
        let out = run(&a, &["follow", url]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{url}: not followed, its first read failed")),
            "{stderr}"
        );
    }
    let sources = std::fs::read_to_string(a.join("storydiff/sources.toml")).unwrap();
    assert!(!sources.contains("[[feed]]"), "{sources}");
}

#[test]
fn a_news_sitemap_lists_articles_to_track() {
    let server = Server::start();
    let (s1, s2) = (server.url("/s/1"), server.url("/s/2"));
    for (path, url, title) in [("/s/1", &s1, "First"), ("/s/2", &s2, "Second")] {
        let mut story = Story::tram_vote();
        story.title = title.into();
        server.set(path, Reply::html(story_page(&story, url)));
    }
    let sitemap = format!(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\
         <url><loc>{s1}</loc><news:news><news:title>First</news:title></news:news></url><url><loc>{s2}?utm_source=sitemap</loc></url></urlset>"
    );
    server.set(
        "/news-sitemap.xml",
        Reply::status(200)
            .header("Content-Type", "application/xml")
            .body(sitemap),
    );
    let dir = archive_with(None);
    let a = path(&dir);
    let out = ok(&a, &["follow", &server.url("/news-sitemap.xml")]);
    assert!(out.contains("2 new versions"), "{out}");
    let urls: Vec<Value> = list(&a).iter().map(|r| r["url"].clone()).collect();
    assert_eq!(urls, [s1.as_str(), s2.as_str()]);
}

#[test]
fn a_sitemap_index_is_followed_into_its_sitemaps_within_bounds() {
    let server = Server::start();
    let xml = |body: String| {
        Reply::status(200)
            .header("Content-Type", "application/xml")
            .body(body)
    };
    let urlset = |locs: &[&str]| {
        let urls: String = locs
            .iter()
            .map(|l| format!("<url><loc>{l}</loc></url>"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
        )
    };
    let index = |locs: &[String]| {
        let maps: String = locs
            .iter()
            .map(|l| format!("<sitemap><loc>{l}</loc></sitemap>"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{maps}</sitemapindex>"
        )
    };
    let stories: Vec<String> = (1..=3).map(|i| server.url(&format!("/s/{i}"))).collect();
    for (i, url) in stories.iter().enumerate() {
        let mut story = Story::tram_vote();
        story.title = format!("Story number {}", i + 1);
        server.set(
            &format!("/s/{}", i + 1),
            Reply::html(story_page(&story, url)),
        );
    }
    let root = server.url("/sitemap.xml");
    // The root lists a sitemap, itself (a loop), and an index that lists another sitemap and an
    // index of its own, which is one level too deep to be read.
    server.set(
        "/sitemap.xml",
        xml(index(&[
            server.url("/sm-1.xml"),
            root.clone(),
            server.url("/nested.xml"),
        ]))
        .header("ETag", "\"index-1\""),
    );
    server.set("/sm-1.xml", xml(urlset(&[&stories[0], &stories[1]])));
    server.set(
        "/nested.xml",
        xml(index(&[server.url("/sm-2.xml"), server.url("/deeper.xml")])),
    );
    server.set("/sm-2.xml", xml(urlset(&[&stories[2]])));
    server.set("/deeper.xml", xml(index(&[server.url("/sm-3.xml")])));
    let dir = archive_with(None);
    let a = path(&dir);
    let ev = events(&a, &["follow", &root]);
    let summary = ev.last().unwrap();
    assert_eq!(summary["discovered"], 3, "{ev:?}");
    assert_eq!(summary["recorded"], 3, "{ev:?}");
    let urls: Vec<Value> = list(&a).iter().map(|r| r["url"].clone()).collect();
    assert_eq!(
        urls,
        [
            stories[0].as_str(),
            stories[1].as_str(),
            stories[2].as_str()
        ]
    );
    assert_eq!(
        server.requests("/sitemap.xml").len(),
        1,
        "the loop is not followed"
    );
    assert_eq!(server.requests("/deeper.xml").len(), 1);
    assert!(server.requests("/sm-3.xml").is_empty(), "too deep");
    let deeper = ev
        .iter()
        .find(|e| e["url"] == server.url("/deeper.xml").as_str())
        .unwrap();
    assert!(
        deeper["reason"].as_str().unwrap().contains("not read"),
        "{deeper}"
    );

    // Next pass: the index has not changed (304), its sitemaps are read again all the same (one
    // gained a story), and nothing is found twice.
    let s4 = server.url("/s/4");
    let mut story = Story::tram_vote();
    story.title = "Story number 4".into();
    server.set("/s/4", Reply::html(story_page(&story, &s4)));
    server.set("/sm-2.xml", xml(urlset(&[&stories[2], &s4])));
    let ev = events(&a, &["check", &root]);
    let summary = ev.last().unwrap();
    assert_eq!(summary["discovered"], 1, "{ev:?}");
    assert_eq!(list(&a).len(), 4);
    assert_eq!(ev[0]["event"], "not_modified", "{ev:?}");
    assert_eq!(server.requests("/sm-2.xml").len(), 2);
    assert_eq!(server.requests("/deeper.xml").len(), 2);
    assert!(server.requests("/sm-3.xml").is_empty(), "still too deep");
}

#[test]
fn a_sitemap_index_reads_at_most_fifty_sitemaps() {
    let server = Server::start();
    let maps: String = (1..=60)
        .map(|i| {
            format!(
                "<sitemap><loc>{}</loc></sitemap>",
                server.url(&format!("/sm/{i}.xml"))
            )
        })
        .collect();
    server.set(
        "/index.xml",
        Reply::status(200).body(format!("<sitemapindex>{maps}</sitemapindex>")),
    );
    for i in 1..=60 {
        server.set(
            &format!("/sm/{i}.xml"),
            Reply::status(200).body("<urlset></urlset>"),
        );
    }
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["follow", &server.url("/index.xml")]);
    let read = (1..=60)
        .filter(|i| !server.requests(&format!("/sm/{i}.xml")).is_empty())
        .count();
    assert_eq!(read, 50);
    assert!(
        server.requests("/sm/51.xml").is_empty(),
        "the first fifty listed"
    );
}

#[test]
fn the_webhook_and_the_command_receive_each_new_version_and_a_failed_delivery_is_kept() {
    let server = Server::start();
    let hooks = Server::start();
    let url = server.url("/story");
    let story = Story::tram_vote();
    server.set("/story", Reply::html(story_page(&story, &url)));
    hooks.set("/hook", Reply::status(204));
    let dir = archive_with(None);
    let a = path(&dir);
    let received = dir.path().join("notice.json");
    let exec = format!("cat > '{}'", received.display());
    ok(
        &a,
        &[
            "track",
            &url,
            "--webhook",
            &hooks.url("/hook"),
            "--exec",
            &exec,
        ],
    );
    let posts = hooks.requests("/hook");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].method, "POST");
    let notice: Value = serde_json::from_slice(&posts[0].body).unwrap();
    assert!(
        notice["text"]
            .as_str()
            .unwrap()
            .contains("Council approves Riverside tram extension"),
        "{notice}"
    );
    assert_eq!(notice["entry"]["version"], 1);
    assert_eq!(notice["url"], url.as_str());
    let by_command: Value = serde_json::from_slice(&std::fs::read(&received).unwrap()).unwrap();
    assert_eq!(by_command, notice);

    // The hook is down: the version is recorded all the same, and the notice waits.
    hooks.queue("/hook", vec![Reply::status(500), Reply::status(204)]);
    server.set("/story", Reply::html(story_page(&edited(story), &url)));
    let out = ok(&a, &["check", "--all", "--webhook", &hooks.url("/hook")]);
    assert!(out.contains("version 2"), "{out}");
    let state = read_state(&a);
    assert_eq!(state["pending_notifications"].as_array().unwrap().len(), 1);
    ok(&a, &["check", "--all", "--webhook", &hooks.url("/hook")]);
    let posts = hooks.requests("/hook");
    let last: Value = serde_json::from_slice(&posts.last().unwrap().body).unwrap();
    assert_eq!(last["entry"]["version"], 2);
    let state = read_state(&a);
    assert!(
        state["pending_notifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_consent_wall_is_quarantined_not_recorded() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    let wall = plain_page(
        "Council approves Riverside tram extension after late-night vote",
        &[
            "We value your privacy. We and our 842 partners use cookies to store and access information on your device for personalised ads and content.",
            "Accept all or manage your choices.",
        ],
        "",
    );
    server.set("/story", Reply::html(wall));
    let out = ok(&a, &["check", "--all"]);
    assert!(
        out.contains(&format!("{url}: quarantined, not recorded")),
        "{out}"
    );
    assert!(out.contains("1 quarantined"), "{out}");
    assert_eq!(versions(&a, &url), 1);
    let kept = || {
        std::fs::read_dir(a.join("storydiff/quarantine"))
            .unwrap()
            .count()
    };
    assert_eq!(kept(), 1);
    // The same wall again is reported again, but kept once.
    let out = ok(&a, &["check", "--all"]);
    assert!(out.contains("1 quarantined"), "{out}");
    assert_eq!(kept(), 1);
}

#[test]
fn a_story_the_publisher_withdraws_is_recorded_with_its_note_not_quarantined() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    let mut withdrawn = Story::tram_vote();
    withdrawn.paragraphs.clear();
    withdrawn.top_notes = vec![
        "Editor's note: This article has been removed. It relied on cost figures from a draft that the council had not approved.".into(),
    ];
    server.set("/story", Reply::html(story_page(&withdrawn, &url)));
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "summary"], "{ev:?}");
    assert_eq!(versions(&a, &url), 2);
    let log: Vec<Value> =
        serde_json::from_str(&ok(&a, &["log", &url, "--format", "json"])).unwrap();
    assert!(
        log[0]["notes"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Editor's note: This article has been removed."),
        "{}",
        log[0]
    );
    let summary = log[0]["summary"].to_string();
    assert!(
        summary.contains("Removed 9 paragraphs (223 words), were ¶1–¶9"),
        "{summary}"
    );
}

#[test]
fn unreachable_hosts_are_reported_per_article_and_the_pass_goes_on() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    // A port nobody listens on.
    let refused_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = format!("http://127.0.0.1:{refused_port}/story");
    // .invalid never resolves (RFC 6761).
    let nowhere = "http://storydiff-test.invalid/story";
    let dir = archive_with(Some("pause_after = 2"));
    let a = path(&dir);
    let out = run(&a, &["track", &refused, nowhere, &url]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("{refused}: failed: connection refused")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{nowhere}: failed: host not found")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("{url}: version 1")), "{stdout}");
    assert!(stdout.contains("2 failed"), "{stdout}");

    // A second failure in a row pauses it (pause_after = 2), with the reason in `list`.
    let out = ok(&a, &["check", &refused]);
    assert!(
        out.contains(&format!("{refused}: paused: 2 consecutive failures")),
        "{out}"
    );
    let rows = list(&a);
    let row = rows.iter().find(|r| r["url"] == refused.as_str()).unwrap();
    assert_eq!(row["state"], "paused");
    assert_eq!(row["versions"], 0);
    assert!(
        row["reason"]
            .as_str()
            .unwrap()
            .contains("connection refused"),
        "{row}"
    );
    // Paused articles are not due.
    let ev = events(&a, &["check"]);
    assert!(!ev.iter().any(|e| e["url"] == refused.as_str()), "{ev:?}");
}

#[test]
fn watch_stops_on_sigterm_mid_pass_and_leaves_a_valid_archive() {
    let server = Server::start();
    let mut sources = String::from("[settings]\ndelay = \"0\"\n");
    for i in 0..40 {
        let path = format!("/w/{i}");
        let url = server.url(&path);
        let mut story = Story::tram_vote();
        story.title = format!("Watched story {i}");
        server.set(
            &path,
            Reply::html(story_page(&story, &url)).delay(Duration::from_millis(250)),
        );
        sources.push_str(&format!("\n[[article]]\nurl = \"{url}\"\n"));
    }
    let dir = archive_with(None);
    let a = path(&dir);
    std::fs::write(a.join("storydiff/sources.toml"), sources).unwrap();

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("storydiff"))
        .args(["--archive"])
        .arg(&a)
        .args(["watch", "--format", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.all_requests().len() < 4 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "watch never fetched"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The shell's own kill: no procps needed.
    let killed = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "watch did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recorded = stdout
        .lines()
        .filter(|l| l.contains("\"event\":\"recorded\""))
        .count();
    assert!(
        stdout.contains("\"event\":\"not_run\""),
        "stopped mid-pass: {stdout}"
    );
    assert!(recorded >= 1, "{stdout}");
    assert!(ok(&a, &["verify"]).contains("no problems found"));
    // Every version it reported is in the archive, and the state file is whole.
    assert_eq!(
        list(&a).iter().filter(|r| r["versions"] == 1).count(),
        recorded
    );
    read_state(&a);
}

#[test]
fn list_shows_the_schedule_and_untrack_stops_tracking() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url, "--every", "2h"]);
    let row = list(&a)[0].clone();
    assert_eq!(row["state"], "active");
    assert_eq!(row["versions"], 1);
    for field in ["last_change", "last_check", "next_check"] {
        assert!(row[field].is_string(), "{field}: {row}");
    }
    let text = ok(&a, &["list"]);
    assert!(
        text.contains("active") && text.contains("next check"),
        "{text}"
    );

    let out = ok(&a, &["untrack", &format!("{url}?utm_source=x")]);
    assert!(out.contains("no longer tracked"), "{out}");
    let row = list(&a)[0].clone();
    assert_eq!(row["state"], "untracked");
    assert_eq!(row["versions"], 1, "history stays");
    let out = run(&a, &["check", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("storydiff: error: "));
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let dir = archive_with(None);
    let a = path(&dir);
    for args in [
        vec!["track", "not a url"],
        vec!["track", "ftp://news.example/x"],
        vec!["track", "http://127.0.0.1:9/x", "--select", "div["],
        vec!["track", "http://127.0.0.1:9/x", "--every", "soon"],
        vec!["follow", "http://127.0.0.1:9/feed", "--match", "("],
        vec!["check", "http://127.0.0.1:9/never-tracked"],
    ] {
        let out = run(&a, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
    }
    assert!(!a.join("storydiff/sources.toml").exists());
    // A broken sources.toml is named in the error.
    std::fs::write(
        a.join("storydiff/sources.toml"),
        "[settings]\ndelay = \"soon\"\n",
    )
    .unwrap();
    let out = run(&a, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sources.toml"));
}

#[test]
fn a_damaged_state_file_stops_passes_but_not_the_listing_of_the_history() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    // Half a file, as a full disk might leave one written by another tool.
    std::fs::write(a.join("storydiff/state.json"), "{\"articles\": {\"http").unwrap();

    // A pass needs the schedules and validators: it refuses, naming the file and the remedy.
    let out = run(&a, &["check", "--all"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("state.json") && stderr.contains("moving it aside loses no version"),
        "{stderr}"
    );
    // The history is still listed, without schedules, and the exit code says all is not well.
    let out = run(&a, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 version")
            && stdout.contains(&url)
            && stdout.contains("schedule unknown")
            && !stdout.contains("next check now"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning")
            && stderr.contains("state.json")
            && stderr.contains("without schedules"),
        "{stderr}"
    );
    // Moved aside, as the message says, the next pass starts over with nothing lost.
    std::fs::rename(
        a.join("storydiff/state.json"),
        a.join("storydiff/state.json.damaged"),
    )
    .unwrap();
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");
    assert_eq!(versions(&a, &url), 1);
}

#[test]
fn ignored_text_and_selectors_keep_page_furniture_out_of_the_history() {
    let server = Server::start();
    let url = server.url("/live");
    let page = |minutes: u32, ticker: &str| {
        story_page(&Story::tram_vote(), &url).replace(
            "<p class=\"credit\">",
            &format!(
                "<p>The council will publish the full minutes of the meeting later this week. Updated {minutes} minutes ago</p>\
                 <div class=\"live-ticker\"><p>{ticker}</p></div><p class=\"credit\">"
            ),
        )
    };
    let ticker_a = "Markets: the index rose by 1.2 per cent in early trading on Thursday morning after the rate decision.";
    let ticker_b = "Weather: heavy rain is expected across the northern districts from Friday evening into the weekend.";
    server.set("/live", Reply::html(page(5, ticker_a)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(
        &a,
        &[
            "track",
            &url,
            "--ignore-text",
            r"Updated \d+ minutes ago",
            "--ignore",
            ".live-ticker",
        ],
    );
    assert!(!ok(&a, &["show", &url]).contains("Markets"));
    server.set("/live", Reply::html(page(9, ticker_b)));
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");
    let sources = std::fs::read_to_string(a.join("storydiff/sources.toml")).unwrap();
    assert!(sources.contains("ignore = \".live-ticker\""), "{sources}");
}

#[test]
fn a_page_served_again_byte_for_byte_is_not_extracted_again_until_its_filters_change() {
    let server = Server::start();
    let url = server.url("/city/tram");
    // A server that sends no validators, so every check gets the whole page back.
    server.set(
        "/city/tram",
        Reply::html(story_page(&Story::tram_vote(), &url)),
    );
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);

    let out = run(&a, &["check", "--all", "-vv", "--format", "jsonl"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&first["event"], &first["status"], &first["version"]),
        (&json!("unchanged"), &json!(200), &json!(1)),
        "{stdout}"
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("not extracted again"), "{log}");
    assert_eq!(server.requests("/city/tram").len(), 2);

    // A filter added by hand makes a different Article of the same bytes: the archived page
    // is re-extracted with it first (storydiff's version, not the publisher's), and the fetch
    // is extracted again and found the same as that.
    let sources = a.join("storydiff/sources.toml");
    let toml = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(
        &sources,
        format!("{toml}ignore_text = [', with details to be published in June']\n"),
    )
    .unwrap();
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "unchanged", "summary"], "{ev:?}");
    assert!(
        ev[0]["reason"]
            .as_str()
            .unwrap()
            .contains("filters changed")
    );
    assert_eq!(versions(&a, &url), 2);

    // A changed page is extracted as always.
    server.set(
        "/city/tram",
        Reply::html(story_page(&edited(Story::tram_vote()), &url)),
    );
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "summary"], "{ev:?}");
    assert_eq!(versions(&a, &url), 3);
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(
        (&ev[0]["event"], &ev[0]["version"]),
        (&json!("unchanged"), &json!(3))
    );

    // A version recorded by other means since: the same page is read again, and differs.
    let saved = dir.path().join("saved.html");
    std::fs::write(&saved, story_page(&Story::tram_vote(), &url)).unwrap();
    ok(&a, &["ingest", "--url", &url, saved.to_str().unwrap()]);
    assert_eq!(versions(&a, &url), 4);
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "summary"], "{ev:?}");
    assert_eq!(versions(&a, &url), 5);
}

#[test]
fn output_that_is_not_a_terminal_has_no_progress_bar() {
    let server = Server::start();
    let urls: Vec<String> = (1..=3).map(|i| server.url(&format!("/n/{i}"))).collect();
    for (i, url) in urls.iter().enumerate() {
        let mut story = Story::tram_vote();
        story.title = format!("Story number {}", i + 1);
        server.set(
            &format!("/n/{}", i + 1),
            Reply::html(story_page(&story, url)),
        );
    }
    let dir = archive_with(None);
    let a = path(&dir);
    let mut args = vec!["track"];
    args.extend(urls.iter().map(String::as_str));
    for args in [
        args,
        vec!["check", "--all"],
        vec!["check", "--all", "--format", "jsonl"],
    ] {
        let out = run(&a, &args);
        assert!(out.status.success(), "{args:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, "", "{args:?}: nothing on stderr without a terminal");
        assert!(
            !stdout.contains('\r') && !stdout.contains('\u{1b}'),
            "{args:?}: {stdout:?}"
        );
    }
    // Logs still reach stderr, as plain lines.
    let out = run(&a, &["check", "--all", "--ignore-robots"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("robots.txt ignored"), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
}

#[test]
fn quiet_prints_only_the_summary_and_watch_needs_an_archive() {
    let server = Server::start();
    let url = server.url("/story");
    server.set("/story", Reply::html(story_page(&Story::tram_vote(), &url)));
    let dir = archive_with(None);
    let a = path(&dir);
    let out = ok(&a, &["track", &url, "--quiet"]);
    assert!(out.starts_with("checked 1 article in "), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.ends_with(": 1 new version, 0 unchanged\n"), "{out}");

    let missing = dir.path().join("nowhere");
    let out = run(&missing, &["watch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a storydiff archive"));
    assert!(!missing.exists(), "watch creates nothing");
}

#[test]
fn passes_over_many_new_or_changed_articles_write_each_as_one_pack_that_git_reads() {
    let server = Server::start();
    let urls: Vec<String> = (0..12)
        .map(|i| server.url(&format!("/city/tram-{i}")))
        .collect();
    let page = |i: usize, url: &str, edit: bool| {
        let mut story = Story::tram_vote();
        story.paragraphs.push(format!(
            "Councillor number {i} said the vote on the extension had been the closest in years."
        ));
        if edit {
            story = edited(story);
        }
        Reply::html(story_page(&story, url))
    };
    for (i, url) in urls.iter().enumerate() {
        server.set(&format!("/city/tram-{i}"), page(i, url, false));
    }
    let dir = archive_with(None);
    let a = path(&dir);
    let mut track = vec!["track"];
    track.extend(urls.iter().map(String::as_str));
    ok(&a, &track);
    let packs = || -> Vec<_> {
        std::fs::read_dir(a.join("objects/pack"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
            .map(|e| e.file_name())
            .collect()
    };
    let loose = || {
        (0..=255u8)
            .filter_map(|fan| std::fs::read_dir(a.join(format!("objects/{fan:02x}"))).ok())
            .map(|dir| dir.count())
            .sum::<usize>()
    };
    // New stories that call themselves by their tracked URL are written together too.
    assert_eq!(
        (packs().len(), loose()),
        (1, 0),
        "the first versions share one pack"
    );

    for (i, url) in urls.iter().enumerate() {
        server.set(&format!("/city/tram-{i}"), page(i, url, true));
    }
    let ev = events(&a, &["check", "--all"]);
    let recorded = ev.iter().filter(|e| e["event"] == "recorded").count();
    assert_eq!(recorded, 12, "{ev:?}");
    for url in &urls {
        assert_eq!(versions(&a, url), 2, "{url}");
    }
    assert_eq!(
        (packs().len(), loose()),
        (2, 0),
        "the second versions share one pack"
    );
    let fsck = std::process::Command::new("git")
        .args(["-C", a.to_str().unwrap(), "fsck", "--strict"])
        .output()
        .unwrap();
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert!(ok(&a, &["verify"]).contains("no problems found"));
}

#[test]
fn versions_a_batch_cannot_write_are_recorded_by_the_pass_instead() {
    let server = Server::start();
    let urls: Vec<String> = (0..10)
        .map(|i| server.url(&format!("/city/bus-{i}")))
        .collect();
    let page = |i: usize, url: &str, edit: bool| {
        let mut story = Story::tram_vote();
        story.paragraphs.push(format!(
            "Driver number {i} said the new timetable would need more buses at night."
        ));
        if edit {
            story = edited(story);
        }
        Reply::html(story_page(&story, url))
    };
    for (i, url) in urls.iter().enumerate() {
        server.set(&format!("/city/bus-{i}"), page(i, url, false));
    }
    let dir = archive_with(None);
    let a = path(&dir);
    // One at a time: first versions written loose, so the pack directory stays empty.
    for url in &urls {
        ok(&a, &["track", url]);
    }

    // No pack can be written: where the packs go is a file.
    let packs = a.join("objects/pack");
    if packs.is_dir() {
        std::fs::remove_dir(&packs).unwrap();
    }
    std::fs::write(&packs, "not a directory\n").unwrap();
    for (i, url) in urls.iter().enumerate() {
        server.set(&format!("/city/bus-{i}"), page(i, url, true));
    }
    let out = run(&a, &["check", "--all", "--format", "jsonl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("batch not written"),
        "the batch was written: {stderr}"
    );
    let recorded = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("\"event\":\"recorded\""))
        .count();
    assert_eq!(recorded, 10);
    for url in &urls {
        assert_eq!(versions(&a, url), 2, "{url}");
    }
    assert!(ok(&a, &["verify"]).contains("no problems found"));
}

/// A short ferry story with a sponsored line inside the article and a promo box beside it.
fn ferry_page(extra: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Harbour ferry to sail every 20 minutes</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/transport\">Transport</a></nav>\
         <article class=\"story\"><h1>Harbour ferry to sail every 20 minutes</h1>\
         <p>The harbour ferry between Eastgate and Millbrook will sail every twenty minutes from Monday, the transport board said on Tuesday.</p>\
         <p>Board chair Ines Okafor said the change follows a year of complaints about crowded morning sailings on the route.</p>\
         <p>Sponsored: the Quayside Bakery serves fresh bread and coffee to ferry passengers from seven every morning.</p>\
         <p>The board will review passenger numbers in the autumn, and a night service is being considered for next year.</p>\
         {extra}\
         <p>Ticket prices stay the same, and season passes bought before Monday remain valid on every sailing.</p>\
         <div class=\"promo\"><p>Newsletter: get the morning's transport news in your inbox before you leave home.</p></div>\
         </article><footer>Footer</footer></body></html>"
    )
}

/// Append to `url`'s history the version an older release ("storydiff/0.0.9") made of the
/// ferry page as it is served: one that missed the page's last paragraph.
fn older_release_version(a: &Path, url: &str) {
    let page = ferry_page("");
    let story = url::Url::parse(url).unwrap();
    let info = storydiff::extract::PageInfo {
        url: Some(story.clone()),
        content_type: Some("text/html; charset=utf-8".into()),
    };
    let mut article = storydiff::extract::extract(page.as_bytes(), &info).unwrap();
    article.blocks.pop();
    let archive = storydiff::archive::Archive::open(a).unwrap();
    let lock = archive.lock(Duration::from_secs(5)).unwrap();
    let key = storydiff::archive::ArticleKey::from_url(&story);
    let entry = "Removed 1 paragraph (16 words), was ¶5";
    archive
        .append(
            &lock,
            &key,
            &storydiff::archive::NewVersion {
                url: story.as_str(),
                seen_at: chrono::Utc::now().fixed_offset(),
                article: &article,
                raw: page.as_bytes(),
                entry,
                changelog: &format!("# Changelog\n\n{entry}\n"),
                extractor: "storydiff/0.0.9",
                reextracted_from: None,
                filters_changed: false,
                content_type: info.content_type.as_deref(),
            },
        )
        .unwrap();
}

/// Edit `url`'s entry in state.json: `extractor` set to `to`, or taken out (state written by
/// storydiff 0.1.0 had none), and the last page forgotten as an older release's fingerprint is.
fn state_extractor(a: &Path, url: &str, to: Option<&str>) {
    let mut state = read_state(a);
    let article = state["articles"][url].as_object_mut().unwrap();
    assert_eq!(
        article["extractor"],
        format!("storydiff/{}", env!("CARGO_PKG_VERSION"))
    );
    match to {
        Some(to) => article.insert("extractor".into(), json!(to)),
        None => article.remove("extractor"),
    };
    article.remove("last_page");
    write_state(a, &state);
}

#[test]
fn after_an_upgrade_the_archived_page_is_read_again_before_a_fetch_is_judged() {
    let server = Server::start();
    let url = server.url("/transport/ferry");
    server.set("/transport/ferry", Reply::html(ferry_page("")));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    // Twice: with the older release named in the state, and with state written before the
    // state kept it, where the archived version's own record names it.
    for (round, said) in [(3, Some("storydiff/0.0.9")), (5, None)] {
        older_release_version(&a, &url);
        state_extractor(&a, &url, said);

        // The publisher changed nothing: the paragraph the old release missed is storydiff's.
        let ev = events(&a, &["check", "--all"]);
        assert_eq!(kinds(&ev), ["recorded", "unchanged", "summary"], "{ev:?}");
        assert_eq!(ev[0]["version"], round, "{ev:?}");
        let reason = ev[0]["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("storydiff upgraded (storydiff/0.0.9 to storydiff/")
                && reason.contains("not a publisher edit"),
            "{reason}"
        );
        assert_eq!(flag_kinds(&a, &url)[0], ["extractor-upgrade"]);
        assert!(ok(&a, &["show", &url]).contains("season passes bought before Monday"));
        let ev = events(&a, &["check", "--all"]);
        assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");
    }
}

/// The log's flags, newest version first: one list of flag kinds per version.
fn flag_kinds(archive: &Path, url: &str) -> Vec<Vec<String>> {
    let log: Vec<Value> =
        serde_json::from_str(&ok(archive, &["log", url, "--format", "json"])).unwrap();
    log.iter()
        .map(|row| {
            row["flags"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|f| f["kind"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn changing_an_articles_filters_is_storydiffs_doing_not_an_undisclosed_edit() {
    let server = Server::start();
    let url = server.url("/transport/ferry");
    server.set("/transport/ferry", Reply::html(ferry_page("")));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &url]);
    assert!(ok(&a, &["show", &url]).contains("Quayside Bakery"));

    // The page did not change; only what storydiff keeps of it did.
    let out = ok(&a, &["track", &url, "--ignore-text", "Sponsored: .*"]);
    assert!(out.contains("filters changed"), "{out}");
    assert!(!ok(&a, &["show", &url]).contains("Quayside Bakery"));
    assert_eq!(
        flag_kinds(&a, &url),
        [vec!["extractor-upgrade".to_string()], vec![]]
    );
    let log: Vec<Value> =
        serde_json::from_str(&ok(&a, &["log", &url, "--format", "json"])).unwrap();
    let why = log[0]["flags"][0]["explanation"].as_str().unwrap();
    assert!(
        why.contains("filters") && why.contains("version 1"),
        "{why}"
    );
    // Plain git shows who made the version, without calling a filter change an upgrade.
    let subjects = std::process::Command::new("git")
        .args(["-C", a.to_str().unwrap(), "log", "--all", "--format=%s"])
        .output()
        .unwrap();
    let subjects = String::from_utf8_lossy(&subjects.stdout);
    assert!(
        subjects.starts_with("Version 2: re-extracted by storydiff: "),
        "{subjects}"
    );
    let report = ok(&a, &["report"]);
    let undisclosed = report
        .split("## Undisclosed changes")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    assert_eq!(undisclosed.trim(), "None.", "{report}");

    // Narrowing to the story (which drops <html lang>) is storydiff's doing too.
    ok(
        &a,
        &[
            "track",
            &url,
            "--select",
            "article.story",
            "--ignore",
            ".promo",
        ],
    );
    assert!(
        flag_kinds(&a, &url)
            .iter()
            .all(|f| !f.contains(&"undisclosed".to_string()))
    );
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");

    // A real edit by the publisher after that is the publisher's, and only it shows.
    let added = "<p>A second boat, the Millbrook Star, joins the route in July after a refit at the Eastgate yard.</p>";
    server.set("/transport/ferry", Reply::html(ferry_page(added)));
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["recorded", "summary"], "{ev:?}");
    let log: Vec<Value> =
        serde_json::from_str(&ok(&a, &["log", &url, "--format", "json"])).unwrap();
    let summary = log[0]["summary"].to_string();
    assert!(summary.contains("Millbrook Star"), "{summary}");
    assert!(
        !summary.contains("Quayside") && !summary.contains("Language"),
        "{summary}"
    );
    assert_eq!(flag_kinds(&a, &url)[0], ["undisclosed"]);
}

#[test]
fn reextract_reads_a_filtered_article_with_its_filters_and_finds_it_unchanged() {
    let server = Server::start();
    let url = server.url("/transport/ferry");
    server.set("/transport/ferry", Reply::html(ferry_page("")));
    let dir = archive_with(Some("ignore_text = ['Newsletter: .*']"));
    let a = path(&dir);
    ok(
        &a,
        &[
            "track",
            &url,
            "--select",
            "article.story",
            "--ignore-text",
            "Sponsored: .*",
        ],
    );
    let shown = ok(&a, &["show", &url]);
    assert!(
        !shown.contains("Quayside") && !shown.contains("Newsletter"),
        "{shown}"
    );

    let out: Vec<Value> =
        serde_json::from_str(&ok(&a, &["reextract", "--all", "--format", "json"])).unwrap();
    assert_eq!(out[0]["outcome"], "unchanged", "{out:?}");
    let ev = events(&a, &["check", "--all"]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");
    assert_eq!(versions(&a, &url), 1);
}

/// A short story about a ferry timetable, with its canonical link and, when given, a late
/// paragraph the desk added after the move.
fn timetable_page(canonical: &str, late: Option<&str>) -> String {
    let mut paragraphs = vec![
        "The harbour ferry will run every twenty minutes from next Monday, the transport board said on Tuesday after a trial on the Eastbank route.",
        "Commuters had asked for more sailings at rush hour, when queues on the pier often stretched past the ticket office.",
    ];
    if let Some(late) = late {
        paragraphs.push(late);
    }
    plain_page(
        "Harbour ferry to sail every twenty minutes",
        &paragraphs,
        &format!("<link rel=\"canonical\" href=\"{canonical}\">"),
    )
}

#[test]
fn a_story_moved_to_a_new_slug_by_a_301_stays_one_article_that_its_new_url_names() {
    let server = Server::start();
    let (old, new) = (
        server.url("/news/ferry-plan"),
        server.url("/news/ferry-timetable"),
    );
    server.set("/news/ferry-plan", Reply::html(timetable_page(&old, None)));
    let dir = archive_with(None);
    let a = path(&dir);
    ok(&a, &["track", &old]);

    // The desk renames the slug; the old URL redirects, adding a tracking parameter.
    server.set(
        "/news/ferry-plan",
        Reply::redirect(301, "/news/ferry-timetable?utm_source=rss"),
    );
    let late = "The board said the last sailing of the night will leave at half past eleven.";
    server.set(
        "/news/ferry-timetable",
        Reply::html(timetable_page(&new, Some(late))),
    );
    let out = ok(&a, &["check", "--all"]);
    assert!(out.contains(&format!("{old}: version 2")), "{out}");

    // The new URL names the same history, and tracking it starts no second one.
    assert_eq!(versions(&a, &new), 2);
    assert_eq!(versions(&a, &format!("{new}?utm_source=rss")), 2);
    let ev = events(&a, &["track", &new]);
    assert_eq!(kinds(&ev), ["unchanged", "summary"], "{ev:?}");
    assert_eq!(ev[0]["url"], old.as_str());
    let rows = list(&a);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let sources = std::fs::read_to_string(a.join("storydiff/sources.toml")).unwrap();
    assert_eq!(sources.matches("[[article]]").count(), 1, "{sources}");

    // The next fetch goes straight to the new URL, without the redirect's tracking parameter.
    let state = read_state(&a);
    assert_eq!(
        state["articles"][&old]["fetch_url"],
        new.as_str(),
        "{state}"
    );
    let last = server.requests("/news/ferry-timetable").pop().unwrap();
    assert_eq!(last.target, "/news/ferry-timetable");
    ok(&a, &["verify"]);
}

/// The notices an `--exec` command appended to `file`, one JSON object a line.
fn notices_in(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_notice_is_retried_only_at_the_target_that_missed_it_even_without_the_flags() {
    let server = Server::start();
    let hooks = Server::start();
    let url = server.url("/news/ferry-plan");
    server.set("/news/ferry-plan", Reply::html(timetable_page(&url, None)));
    hooks.set("/hook", Reply::status(204));
    let dir = archive_with(None);
    let a = path(&dir);
    // The desk's mail command fails until its spool is ready.
    let (ready, got) = (dir.path().join("ready"), dir.path().join("got.jsonl"));
    let exec = format!(
        "test -e '{}' && cat >> '{}' && echo >> '{}'",
        ready.display(),
        got.display(),
        got.display()
    );
    let hook = hooks.url("/hook");
    let flags = ["--webhook", hook.as_str(), "--exec", exec.as_str()];
    ok(&a, &[&["track", url.as_str()][..], &flags].concat());
    let late = "The board said the last sailing of the night will leave at half past eleven.";
    server.set(
        "/news/ferry-plan",
        Reply::html(timetable_page(&url, Some(late))),
    );
    for _ in 0..3 {
        ok(&a, &[&["check", "--all"][..], &flags].concat());
    }
    // The chat channel heard of each version once, however often the command failed.
    let posted: Vec<Value> = hooks
        .requests("/hook")
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["entry"]["version"].clone())
        .collect();
    assert_eq!(posted, [json!(1), json!(2)]);
    assert!(notices_in(&got).is_empty());

    // A cron pass without the flags still retries the command, which now works.
    std::fs::write(&ready, "").unwrap();
    ok(&a, &["check", "--all"]);
    let delivered: Vec<Value> = notices_in(&got)
        .iter()
        .map(|n| n["entry"]["version"].clone())
        .collect();
    assert_eq!(delivered, [json!(1), json!(2)]);
    assert_eq!(hooks.requests("/hook").len(), 2);
    let mut state = read_state(&a);
    assert!(
        state["pending_notifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A notice kept by an older storydiff names no target: it waits for one to be given.
    state["pending_notifications"] = json!([{"text": "older", "event": "new_version", "url": url}]);
    write_state(&a, &state);
    ok(&a, &["check", "--all"]);
    assert_eq!(hooks.requests("/hook").len(), 2);
    ok(&a, &["check", "--all", "--webhook", &hook]);
    let last: Value = serde_json::from_slice(&hooks.requests("/hook")[2].body).unwrap();
    assert_eq!(last["text"], "older");
    let state = read_state(&a);
    assert!(
        state["pending_notifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_url_that_answers_404_before_any_version_is_not_called_taken_down() {
    let server = Server::start();
    let url = server.url("/news/ferry-plan");
    server.set("/news/ferry-plan", Reply::status(404));
    let dir = archive_with(None);
    let a = path(&dir);
    let out = ok(&a, &["track", &url]);
    assert!(
        out.contains(&format!(
            "{url}: nothing at this URL (HTTP 404): check the URL"
        )),
        "{out}"
    );
    assert!(!out.contains("took the page down"), "{out}");

    // A story with a version that then disappears was taken down.
    server.set("/news/ferry-plan", Reply::html(timetable_page(&url, None)));
    ok(&a, &["check", "--all"]);
    server.set("/news/ferry-plan", Reply::status(404));
    let out = ok(&a, &["check", "--all"]);
    assert!(
        out.contains(&format!(
            "{url}: gone (HTTP 404): the publisher took the page down"
        )),
        "{out}"
    );
}

#[test]
fn quiet_jsonl_prints_only_the_summary_event() {
    let server = Server::start();
    let url = server.url("/news/ferry-plan");
    server.set("/news/ferry-plan", Reply::html(timetable_page(&url, None)));
    let dir = archive_with(None);
    let a = path(&dir);
    let ev = events(&a, &["track", &url, "--quiet"]);
    assert_eq!(kinds(&ev), ["summary"], "{ev:?}");
    assert_eq!(ev[0]["recorded"], 1);
    let ev = events(&a, &["check", "--all", "-q"]);
    assert_eq!(kinds(&ev), ["summary"], "{ev:?}");
    assert_eq!(ev[0]["unchanged"], 1);
}

#[test]
fn an_interval_under_a_minute_and_a_zero_for_are_refused_before_anything_is_written() {
    let server = Server::start();
    let url = server.url("/news/ferry-plan");
    server.set("/news/ferry-plan", Reply::html(timetable_page(&url, None)));
    let dir = archive_with(None);
    let a = path(&dir);
    for (args, flag, value) in [
        (vec!["track", url.as_str(), "--every", "0s"], "--every", "0"),
        (
            vec!["track", url.as_str(), "--every", "30s"],
            "--every",
            "30s",
        ),
        (vec!["track", url.as_str(), "--for", "0s"], "--for", "0"),
        (
            vec!["follow", url.as_str(), "--every", "59s"],
            "--every",
            "59s",
        ),
    ] {
        let out = run(&a, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{flag} {value} ")),
            "{args:?}: {stderr}"
        );
    }
    assert!(server.requests("/news/ferry-plan").is_empty());
    let sources = std::fs::read_to_string(a.join("storydiff/sources.toml")).unwrap_or_default();
    assert!(
        !sources.contains("[[article]]") && !sources.contains("[[feed]]"),
        "{sources}"
    );
    // A minute is enough.
    ok(&a, &["track", &url, "--every", "1m", "--for", "1d"]);
}
