//! Hard pages, all written here: legacy charsets (labelled, unlabelled, mislabelled), pages with
//! no article, a huge page and malformed HTML. Snapshots of `extract --format json` (or of the
//! error line) keep what users read from these pages fixed.

mod common;

use assert_cmd::Command;
use tempfile::TempDir;

/// `storydiff extract --format json FILE` on `bytes`: exit code, stdout, stderr.
fn extract(bytes: &[u8]) -> (i32, String, String) {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("page.html");
    std::fs::write(&file, bytes).unwrap();
    let out = Command::cargo_bin("storydiff")
        .unwrap()
        .args(["extract", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr)
        .unwrap()
        .replace(&file.display().to_string(), "page.html");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        stderr,
    )
}

/// A story page: `meta` in the head, a headline and paragraphs, some navigation.
fn story_page(meta: &str, lang: &str, title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html lang=\"{lang}\"><head>{meta}<title>{title}</title></head><body>\
         <nav><a href=\"/\">1</a> <a href=\"/2\">2</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer><a href=\"/about\">About</a></footer></body></html>"
    )
}

const RUSSIAN: &[&str] = &[
    "Городской совет в среду утвердил план ремонта северной набережной, который обсуждался почти два года.",
    "Работы начнутся весной и продлятся до конца следующего года, сообщили в администрации порта.",
    "Стоимость ремонта оценивается в сорок миллионов рублей, из которых половину выделит область.",
    "Жители прибрежных улиц попросили сохранить пешеходную дорожку открытой на время строительства.",
    "Депутаты также решили создать фонд помощи владельцам магазинов, чья торговля пострадает от работ.",
];

const JAPANESE: &[&str] = &[
    "市議会は水曜日、北側の岸壁を修理する計画を承認した。議論はほぼ二年間続いていた。",
    "工事は春に始まり、来年の終わりまで続く見込みだと港湾局が明らかにした。",
    "修理の費用は約四千万円と見積もられ、その半分を県が負担することになっている。",
    "沿岸の住民は、工事の期間中も遊歩道を開けておくよう市に求めている。",
    "議員らはまた、工事で売り上げが落ちる商店を支援するための基金を設けることを決めた。",
    "岸壁の近くでパン屋を営む女性は、工事には賛成だが、補償の具体的な方法を早く示してほしいと話した。",
    "野党の議員は、契約を結ぶ前に工事費の見積もりを監査機関に調べてもらうよう求める考えを示した。",
    "港湾局によると、古い岸壁は工事の間も使われ、漁船やフェリーの運航に影響はないという。",
];

const KOREAN: &[&str] = &[
    "시의회는 수요일 북쪽 부두를 수리하는 계획을 승인했다. 이 계획은 거의 이 년 동안 논의되어 왔다.",
    "공사는 봄에 시작되어 내년 말까지 계속될 것이라고 항만청이 밝혔다.",
    "수리 비용은 약 사십억 원으로 추산되며 그 절반은 도가 부담하기로 했다.",
    "해안가 주민들은 공사 기간에도 산책로를 열어 두어 달라고 시에 요청했다.",
    "의원들은 또한 공사로 매출이 줄어드는 상점을 돕기 위한 기금을 만들기로 결정했다.",
    "부두 근처에서 빵집을 운영하는 한 주민은 공사에는 찬성하지만 보상 방법을 빨리 알려 달라고 말했다.",
    "야당 의원들은 계약을 맺기 전에 감사 기관이 공사비 추정치를 검토해야 한다고 요구했다.",
    "항만청은 공사 기간에도 옛 부두를 계속 사용하며 어선과 여객선 운항에는 영향이 없다고 밝혔다.",
];

const CHINESE: &[&str] = &[
    "市议会星期三批准了修复北码头的计划，这项计划已经讨论了将近两年。",
    "港务局表示，工程将于春季开工，一直持续到明年年底。",
    "修复费用估计约为四千万元，其中一半由省里承担。",
    "沿岸居民要求市政府在施工期间保持步行道开放。",
    "议员们还决定设立一项基金，帮助因施工而生意受损的商店。",
    "一位在码头附近经营面包店的店主说，她支持这项工程，但希望市政府尽快公布补偿的具体办法。",
    "反对派议员表示，他们将要求审计部门在签订任何合同之前审查这项工程的费用估算。",
    "港务局说，旧码头在施工期间将继续使用，渔船和渡轮的航班不会受到影响。",
];

fn encoded(encoding: &'static encoding_rs::Encoding, page: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(page);
    assert!(!unmappable, "the test page fits {}", encoding.name());
    bytes.into_owned()
}

#[test]
fn windows_1251_without_any_label() {
    let page = story_page("", "ru", "Совет утвердил ремонт набережной", RUSSIAN);
    let (code, out, err) = extract(&encoded(encoding_rs::WINDOWS_1251, &page));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Городской совет"));
    snapshot!("hard_windows_1251_unlabelled_json", out);
}

#[test]
fn shift_jis_labelled() {
    let meta = "<meta charset=\"shift_jis\">";
    let page = story_page(meta, "ja", "市議会、岸壁の修理を承認", JAPANESE);
    let (code, out, err) = extract(&encoded(encoding_rs::SHIFT_JIS, &page));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("市議会は水曜日"));
    snapshot!("hard_shift_jis_json", out);
}

#[test]
fn euc_kr_labelled() {
    let meta = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\">";
    let page = story_page(meta, "ko", "시의회, 부두 수리 승인", KOREAN);
    let (code, out, err) = extract(&encoded(encoding_rs::EUC_KR, &page));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("시의회는 수요일"));
    snapshot!("hard_euc_kr_json", out);
}

#[test]
fn gb18030_labelled() {
    let meta = "<meta charset=\"gb18030\">";
    let page = story_page(meta, "zh", "市议会批准修复码头", CHINESE);
    let (code, out, err) = extract(&encoded(encoding_rs::GB18030, &page));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("市议会星期三"));
    snapshot!("hard_gb18030_json", out);
}

#[test]
fn a_wrong_meta_charset_is_overruled_by_the_bytes() {
    // UTF-8 bytes behind a stale ISO-8859-1 label: read as declared, every word would be mojibake.
    let meta = "<meta charset=\"iso-8859-1\">";
    let page = story_page(meta, "ru", "Совет утвердил ремонт набережной", RUSSIAN);
    let (code, out, err) = extract(page.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Городской совет"), "{out}");
    snapshot!("hard_wrong_meta_charset_json", out);
}

#[test]
fn pages_without_an_article_say_so_instead_of_printing_chrome() {
    let links: String = (1..=30)
        .map(|i| format!("<li><a href=\"/news/{i}\">Harbour council approves plan number {i} for the north quay</a></li>"))
        .collect();
    let section_front = format!(
        "<html><head><title>News — The Coastal Ledger</title></head><body><nav><a href=\"/\">Home</a></nav>\
         <main><h1>News</h1><ul>{links}</ul></main><footer>© The Coastal Ledger</footer></body></html>"
    );
    let error_page = "<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1>\
        <p>Sorry, the page you are looking for does not exist or has been moved.</p>\
        <p><a href=\"/\">Go to the home page</a></p></body></html>";
    let paywall = "<html><head><title>Council approves quay repairs</title></head><body><article>\
        <h1>Council approves quay repairs</h1><p>The city council on Wednesday approved</p>\
        <div class=\"paywall\"><p>Subscribe now to continue reading.</p>\
        <p>Already a subscriber? Log in.</p></div></article></body></html>";
    let consent = "<html><head><title>Before you continue</title></head><body><div class=\"consent\">\
        <h1>We value your privacy</h1><p>We and our partners use cookies to store and access information on your device.</p>\
        <button>Accept all</button><button>Reject all</button></div></body></html>";
    let mut all = String::new();
    for (name, page) in [
        ("section front", section_front.as_str()),
        ("error page", error_page),
        ("paywall stub", paywall),
        ("consent stub", consent),
    ] {
        let (code, out, err) = extract(page.as_bytes());
        assert_eq!(code, 2, "{name}: {out}");
        assert!(out.is_empty(), "{name}: {out}");
        all.push_str(&format!("{name}: {err}"));
    }
    snapshot!("hard_no_article_errors", all);
}

#[test]
fn a_huge_page_finishes() {
    // 100,000 link elements around a short story, padded to 20 MB.
    let mut html = String::with_capacity(21_000_000);
    html.push_str("<html><head><title>Quay repairs</title></head><body><nav>");
    for i in 0..100_000 {
        html.push_str(&format!(
            "<div class=\"x{}\"><a href=\"/news/item-{i}\">Council story number {i} about the harbour</a></div>",
            i % 7
        ));
    }
    html.push_str("</nav><article><h1>Quay repairs</h1>");
    for i in 0..30 {
        html.push_str(&format!(
            "<p>The harbour council met on day {i} to discuss the repairs to the north quay and the budget of the port.</p>"
        ));
    }
    html.push_str("</article><!-- ");
    while html.len() < 20_000_000 {
        html.push_str("padding padding padding padding padding padding padding padding ");
    }
    html.push_str(" --></body></html>");
    let (code, out, err) = extract(html.as_bytes());
    assert_eq!(code, 0, "{err}");
    let article: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paragraphs = article["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 30, "{out}");
    assert!(
        paragraphs
            .iter()
            .all(|p| !p.as_str().unwrap().contains("Council story"))
    );
    snapshot!("hard_huge_page_json", out);
}

#[test]
fn malformed_html_never_panics() {
    let story = "<p>The harbour council met to discuss the repairs to the north quay and the port budget.</p>";
    let deep = format!("{}{}", "<div>".repeat(3000), story.repeat(5));
    let cases = [
        format!("<html><body><p>{}", story.repeat(5)),
        format!(
            "<html><body></div></p></article>{}</td></tr>",
            story.repeat(5)
        ),
        format!("<html><body><table><p>{}<td><li>", story.repeat(5)),
        format!("<html><body><script>{}", story.repeat(5)),
        format!("<html><body><!-- {} ", story.repeat(5)),
        format!(
            "<html><body><![CDATA[ {} ]]><p>&#xFFFFFF;&#0;&bogus;&amp",
            story.repeat(5)
        ),
        format!(
            "<html><body><p {}=\"\" =x '''>{}",
            "a".repeat(10_000),
            story
        ),
        format!(
            "<html><body><svg><math><p>{}</math></svg><template>{}",
            story, story
        ),
        deep,
        "<html><body>\u{0}\u{feff}\u{ad}<p>\u{200b}</p>".to_string(),
        "<p".to_string(),
    ];
    for (i, page) in cases.iter().enumerate() {
        let mut bytes = page.as_bytes().to_vec();
        if i == 1 {
            bytes.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28]);
        }
        let info = storydiff::extract::PageInfo::default();
        let result = std::panic::catch_unwind(|| storydiff::extract::extract(&bytes, &info));
        assert!(result.is_ok(), "case {i} panicked");
    }
    // What the CLI prints for each: the JSON of the ones that hold a story, the error line of
    // the others.
    let mut printed = String::new();
    for (i, page) in cases.iter().enumerate() {
        let (code, out, err) = extract(page.as_bytes());
        printed.push_str(&format!("## case {i}: exit {code}\n{out}{err}\n"));
    }
    snapshot!("hard_malformed_html_json", printed);
}
