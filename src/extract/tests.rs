//! End-to-end extraction tests on small pages written for this module.

use super::*;
use crate::article::{BlockKind, NoteKind, NotePosition};

fn page(extra_top: &str, extra_bottom: &str, chrome: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbor bridge reopens after repairs — The Coastal Ledger</title>
<link rel="canonical" href="/news/bridge-reopens">
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2024-12-16T09:00:00-05:00">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Harbor bridge reopens after repairs","datePublished":"2024-12-16T09:00:00-05:00","dateModified":"2024-12-17","author":[{{"name":"Ana Ruiz"}},{{"name":"Tom Lee"}}]}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>{chrome}
<article><header><h1>Harbor bridge reopens after repairs</h1>
<p class="dek">Traffic resumes after six months of work on the span.</p>
<div class="byline">By Ana Ruiz and Tom Lee | Dec. 16, 2024</div>
{extra_top}</header>
<div class="story">
<p>The harbor bridge reopened to traffic on Monday morning after six months of repairs to its deck and cables, city officials said.</p>
<p>Crews replaced more than two hundred steel cables and resurfaced the entire roadway, according to the transportation department.</p>
<p>“We are glad to have our commute back,” said Maria Chen, who drives across the bridge every day to reach her job downtown.</p>
<p>Officials updated the figures on the project's cost, which rose to 41 million dollars from an estimate of 35 million.</p>
<p>Edited by Sam Park.</p>
<p>RELATED STORIES</p>
{extra_bottom}
</div></article>
<footer><p>Sign up for our newsletter</p><p>Copyright 2024 The Coastal Ledger</p></footer>
</body></html>"#
    )
}

fn info() -> PageInfo {
    PageInfo {
        url: url::Url::parse("https://ledger.example/news/bridge-reopens?utm=x").ok(),
        content_type: Some("text/html; charset=utf-8".into()),
    }
}

#[test]
fn reads_metadata_and_body() {
    let a = extract(page("", "", "").as_bytes(), &info()).unwrap();
    assert_eq!(a.title, "Harbor bridge reopens after repairs");
    assert_eq!(
        a.dek.as_deref(),
        Some("Traffic resumes after six months of work on the span.")
    );
    assert_eq!(a.byline.as_deref(), Some("Ana Ruiz, Tom Lee"));
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://ledger.example/news/bridge-reopens")
    );
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(a.site_name.as_deref(), Some("The Coastal Ledger"));
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-12-16T09:00:00-05:00")
    );
    assert_eq!(
        a.modified.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-12-17T00:00:00+00:00")
    );
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Officials updated the figures")),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.starts_with("Edited by") || t == &"RELATED STORIES"),
        "{texts:?}"
    );
    assert!(a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    assert!(a.notes.is_empty(), "{:?}", a.notes);
}

#[test]
fn the_headline_printed_above_the_story_is_the_title_even_when_the_stated_one_is_stale() {
    // The page's <title> and JSON-LD still carry the first headline; readers see another.
    let html = page("", "", "").replace(
        "<h1>Harbor bridge reopens after repairs</h1>",
        "<h1>Harbor bridge reopens, but tolls will rise in March</h1>",
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(
        a.title,
        "Harbor bridge reopens, but tolls will rise in March"
    );
    assert!(a.blocks.iter().all(|b| !b.text.contains("tolls will rise")));

    // The dek set as a subtitle inside the <h1> leaves the headline as the page states it, and
    // the pair is not a subheading of the body either.
    let paragraphs: String = page("", "", "")
        .lines()
        .filter(|l| l.starts_with("<p>") && !l.contains("Edited by") && !l.contains("RELATED"))
        .collect();
    let html = format!(
        r#"<html><head><title>Harbor bridge reopens after repairs</title></head><body><article>
<h1>Harbor bridge reopens after repairs <small class="subtitle">Traffic resumes after six months of work on the span.</small></h1>
{paragraphs}</article></body></html>"#
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(a.title, "Harbor bridge reopens after repairs");
    assert_eq!(
        a.dek.as_deref(),
        Some("Traffic resumes after six months of work on the span.")
    );
    assert_eq!(a.blocks.len(), 4, "{:?}", a.blocks);

    // An <h1> that is the headline with the site's name beside it is no subheading.
    let html = page("", "", "").replace(
        "<h1>Harbor bridge reopens after repairs</h1>",
        "<h1>Harbor bridge reopens after repairs - The Coastal Ledger</h1>",
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(a.title, "Harbor bridge reopens after repairs");
    assert!(
        a.blocks.iter().all(|b| !b.text.contains("Coastal Ledger")),
        "{:?}",
        a.blocks
    );

    // A blog's name in an <h1> over a story whose own headline is an <h2> stays chrome.
    let html = page("", "", "<h1>Notes from the Waterfront</h1>").replace(
        "<h1>Harbor bridge reopens after repairs</h1>",
        "<h2>Harbor bridge reopens after repairs</h2>",
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(a.title, "Harbor bridge reopens after repairs");
}

/// The first minutes of a breaking story: a headline, one sentence of news and a promise of
/// more; `head` says what the page declares itself to be.
fn breaking(head: &str, body: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Gas leak closes Harbor Road | The Coastal Ledger</title>{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/weather">Weather</a></nav>
<article><h1>Gas leak closes Harbor Road</h1>
<div class="byline">By Ana Ruiz | Dec. 16, 2024</div>
<div class="story">{body}</div></article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Harbor bridge reopens after repairs</a></li></ul></aside>
<footer><p>Copyright 2024 The Coastal Ledger</p></footer></body></html>"#
    )
}

const BREAKING: &str = "<p>Police closed Harbor Road between Pier 3 and the ferry terminal on Monday afternoon after a construction crew damaged a gas main, the fire department said.</p>\
<p>This is a developing story.</p>";

#[test]
fn a_short_story_the_page_declares_is_an_article() {
    let news = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Gas leak closes Harbor Road"}</script>"#;
    let a = extract(breaking(news, BREAKING).as_bytes(), &info()).unwrap();
    assert_eq!(a.title, "Gas leak closes Harbor Road");
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Police closed Harbor Road between Pier 3 and the ferry terminal on Monday afternoon after a construction crew damaged a gas main, the fire department said.",
            "This is a developing story."
        ]
    );
    let og = r#"<meta property="og:type" content="article">"#;
    assert!(extract(breaking(og, BREAKING).as_bytes(), &info()).is_ok());
    // Undeclared, it is too little to tell from a page of furniture; declared but locked, it is
    // a paywall's teaser; and a declared story needs one real sentence.
    assert_eq!(
        extract(breaking("", BREAKING).as_bytes(), &info()),
        Err(ExtractError::NoArticle)
    );
    let locked = r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False"}</script>"#;
    assert_eq!(
        extract(breaking(locked, BREAKING).as_bytes(), &info()),
        Err(ExtractError::NoArticle)
    );
    assert_eq!(
        extract(
            breaking(news, "<p>Police closed Harbor Road on Monday.</p>").as_bytes(),
            &info()
        ),
        Err(ExtractError::NoArticle)
    );
    // Pages that declare themselves stories but are none: a cookie wall under the headline (no
    // word of it in the sentence), and a "Page not found" (a headline of three words).
    let wall = "<p>We and our 842 partners store and access information on your device, such as cookies, to personalise ads and content.</p>";
    assert_eq!(
        extract(breaking(news, wall).as_bytes(), &info()),
        Err(ExtractError::NoArticle)
    );
    let missing = breaking(news, "<p>Sorry, the page you were looking for could not be found. It may have been moved or renamed.</p>")
        .replace("Gas leak closes Harbor Road</h1>", "Page not found</h1>")
        .replace("Gas leak closes Harbor Road |", "Page not found |");
    assert_eq!(
        extract(missing.as_bytes(), &info()),
        Err(ExtractError::NoArticle)
    );
}

#[test]
fn a_teaser_page_gives_way_to_the_story_its_json_ld_states_in_full() {
    let full = [
        "Police closed Harbor Road between Pier 3 and the ferry terminal on Monday afternoon after a construction crew damaged a gas main, the fire department said.",
        "About 40 homes and two restaurants on the waterfront were evacuated as a precaution, and residents were taken to the community centre on Marsh Lane.",
        "Gas company crews capped the main shortly after 6 p.m., but the road was expected to stay closed overnight while engineers checked nearby service lines.",
        "The construction company said its crew had been digging a trench for new storm drains and had been working from plans that showed the main several feet away.",
        "Fire officials said no one was hurt. Residents were told they could return home by 9 p.m. once readings in the evacuated buildings had come back clear.",
        "The city's public works department said it would review how the utility plans were marked before the storm drain project resumes later this week.",
        "Shop owners on the road said the closure came on one of the busiest afternoons of the month, with a cruise ship in port and the fish market open late.",
        "The gas company said customers who smell gas should leave the building first and call its emergency line from outside, not from inside the house.",
        "It was the second damaged main in the harbor district this year; in March a crew laying fibre cable struck a line on Quay Street, closing it for a day.",
    ];
    let stated = full.join("\\n");
    let ld = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Gas leak closes Harbor Road","articleBody":"{stated}"}}</script>"#
    );
    let teaser = format!(
        "<p>{}</p><p><a href=\"/full\">Read full article</a></p>",
        full[0]
    );
    let a = extract(breaking(&ld, &teaser).as_bytes(), &info()).unwrap();
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, full);

    // A stale or translated articleBody, which does not go on from what the page shows, is
    // not the story.
    let stale = ld.replace(
        "Police closed Harbor Road between Pier 3",
        "Police closed Harbor Road near Pier 5",
    );
    let a = extract(breaking(&stale, &teaser).as_bytes(), &info()).unwrap();
    assert_eq!(a.blocks.len(), 1, "{:?}", a.blocks);

    // The whole story on the page keeps the page's blocks, whatever the JSON-LD says.
    let body: String = full.iter().map(|p| format!("<p>{p}</p>")).collect();
    let shorter = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{}"}}</script>"#,
        full[..4].join(" ")
    );
    let a = extract(breaking(&shorter, &body).as_bytes(), &info()).unwrap();
    assert_eq!(a.blocks.len(), full.len());
}

#[test]
fn a_story_withdrawn_with_a_note_keeps_its_headline_and_the_note() {
    let note = "<p><em>Editor's note: This article has been removed. It relied on a draft of the budget that the council had not approved.</em></p>";
    let a = extract(breaking("", note).as_bytes(), &info()).unwrap();
    assert_eq!(a.title, "Gas leak closes Harbor Road");
    assert!(a.blocks.is_empty(), "{:?}", a.blocks);
    assert_eq!(a.notes.len(), 1);
    assert_eq!(a.notes[0].kind, NoteKind::EditorsNote);
    // A correction that removed something is no withdrawal: the page is still empty.
    let correction = "<p><em>Correction: A photo that accompanied this story was removed because it showed another road.</em></p>";
    assert_eq!(
        extract(breaking("", correction).as_bytes(), &info()),
        Err(ExtractError::NoArticle)
    );
}

#[test]
fn notes_are_separated_with_position() {
    let html = page(
        "<p><em>Updated to add the mayor's comments.</em></p>",
        "<p>Correction: An earlier version misstated the cost.</p>",
        "",
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(a.notes.len(), 2, "{:?}", a.notes);
    assert_eq!(a.notes[0].kind, NoteKind::Update);
    assert_eq!(a.notes[0].position, NotePosition::Top);
    assert_eq!(a.notes[1].kind, NoteKind::Correction);
    assert_eq!(a.notes[1].position, NotePosition::Bottom);
    assert!(a.blocks.iter().all(|b| !b.text.starts_with("Correction")));
}

#[test]
fn dated_update_notes_and_the_story_speaking_of_its_revision_leave_the_body() {
    let top = "<p class=\"editor-note\"><em>Updated at 6:48 p.m. ET to add a response from the \
               bridge contractor.</em></p>";
    let bottom = "<p><em>This article was updated on December 17, 2024, to add a response from \
                  the bridge contractor. An earlier version was published at 9 a.m. ET.</em></p>";
    let a = extract(page(top, bottom, "").as_bytes(), &info()).unwrap();
    let kinds: Vec<_> = a.notes.iter().map(|n| (n.kind, n.position)).collect();
    assert_eq!(
        kinds,
        [
            (NoteKind::Update, NotePosition::Top),
            (NoteKind::Update, NotePosition::Bottom)
        ],
        "{:?}",
        a.notes
    );
    assert!(
        a.blocks
            .iter()
            .all(|b| !b.text.contains("bridge contractor")),
        "{:?}",
        a.blocks
    );
    // Without the note the body is the same: adding it is no edit to the story.
    let plain = extract(page("", "", "").as_bytes(), &info()).unwrap();
    assert_eq!(a.blocks, plain.blocks);
}

#[test]
fn chrome_only_changes_keep_the_hash() {
    let a = extract(page("", "", "").as_bytes(), &info()).unwrap();
    let b = extract(
        page(
            "",
            "",
            "<div class=\"promo\"><a href=\"/x\">Breaking: other story</a></div>",
        )
        .as_bytes(),
        &info(),
    )
    .unwrap();
    assert_eq!(a.content_sha256(), b.content_sha256());
}

#[test]
fn navigation_only_page_has_no_article() {
    let html = "<html><body><nav><a href='/'>Home</a><a href='/a'>World</a></nav><p>Hello.</p></body></html>";
    assert_eq!(
        extract(html.as_bytes(), &PageInfo::default()),
        Err(ExtractError::NoArticle)
    );
}

#[test]
fn malformed_html_does_not_panic() {
    let html = "<html><body><p>Unclosed <b>bold <i>italic</p></div></span><p>&amp;&bogus; <<<>>";
    let _ = extract(html.as_bytes(), &PageInfo::default());
}

#[test]
fn printed_byline_drops_its_time_element() {
    let html = "<html><head><title>Ferry fares rise | Gazette</title></head><body><article>\
        <h1>Ferry fares rise</h1><div class=\"byline\">By Lena Ortiz <time datetime=\"2025-04-01\">2025.04.01</time></div>\
        <p>Ferry fares across the bay will rise by eight per cent from May, the operator said on Tuesday, citing fuel costs.</p>\
        <p>Commuters’ groups said the increase would hit shift workers hardest, since night crossings have no cheaper alternative.</p>\
        <p>The operator said season tickets bought before the end of April would keep the old price until they expire.</p>\
        </article></body></html>";
    let article = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(article.byline.as_deref(), Some("Lena Ortiz"));
}

#[test]
fn ad_slots_inside_the_story_are_not_paragraphs() {
    let body = "<p>The harbour reopened to shipping on Monday after three days of repairs to the quay wall.</p>\
        <div class=\"ad ad-inline\" aria-label=\"Advertisement\"><a rel=\"sponsored\" href=\"#\"><strong>Brightwater Insurance</strong> — quotes in minutes.</a></div>\
        <p>Engineers found that the heat from the fire had cracked two sections of the old stone facing.</p>\
        <p>The harbour master said cargo ships would be given priority over leisure craft for the rest of the week.</p>";
    let html = format!(
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>{body}</article></body></html>"
    );
    let article = extract(html.as_bytes(), &info()).unwrap();
    assert!(
        article
            .blocks
            .iter()
            .all(|b| !b.text.contains("Brightwater")),
        "{:?}",
        article.blocks
    );
    assert_eq!(article.blocks.len(), 3);
}

#[test]
fn text_without_spaces_counts_as_a_story() {
    let para = "港の倉庫で火災が発生し、周辺の住民およそ六十世帯が近くの公民館に避難した。消防によると、出火原因は充電中のフォークリフトとみられる。";
    let html = format!(
        "<html lang=\"ja\"><head><title>港で倉庫火災</title></head><body><article><h1>港で倉庫火災</h1>\
         <p>{para}</p><p>{para}</p><p>{para}</p><p>{para}</p><p>{para}</p></article></body></html>"
    );
    let article = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(article.blocks.len(), 5);
}

#[test]
fn a_story_printed_as_one_long_paragraph_is_kept() {
    let para = "The harbour authority said on Monday that repairs to the quay wall would take until the end of the month, \
        and that cargo ships would be diverted to Carrick Bay in the meantime. Engineers found two cracked sections of stone \
        facing after the fire, and divers will inspect the foundations this week before any heavy loads are allowed back. \
        Shipping lines were told to expect delays of up to two days, and the ferry to the islands will run from the north pier \
        until the work is finished, the authority said in a notice to mariners published on its website.";
    let html = format!(
        "<html><head><title>Quay repairs</title></head><body><article><h1>Quay repairs</h1><p>{para}</p></article></body></html>"
    );
    let article = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(article.blocks.len(), 1);
}

#[test]
fn a_correction_stated_only_in_json_ld_is_a_note() {
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","correction":{"@type":"CorrectionComment","text":"An earlier version of this article gave the wrong reopening day.","datePublished":"2024-12-17"}}</script>"#;
    let a = extract(page("", ld, "").as_bytes(), &info()).unwrap();
    assert_eq!(a.notes.len(), 1, "{:?}", a.notes);
    assert_eq!(a.notes[0].kind, NoteKind::Correction);
    assert_eq!(
        a.notes[0].text,
        "An earlier version of this article gave the wrong reopening day."
    );
    // Printed on the page as well: one note, not two.
    let both =
        format!("<p>An earlier version of this article gave the wrong reopening day.</p>{ld}");
    let b = extract(page("", &both, "").as_bytes(), &info()).unwrap();
    assert_eq!(b.notes.len(), 1, "{:?}", b.notes);
}

#[test]
fn a_visible_timestamp_label_is_the_modified_time_not_a_paragraph() {
    let html = page("", "", "").replace(r#","dateModified":"2024-12-17""#, "");
    let html = html.replace(
        "<div class=\"story\">",
        "<div class=\"story\"><p class=\"stamp\">Updated: Dec. 17, 2024, 4:05 p.m. ET</p>",
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(
        a.modified.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-12-17T16:05:00-05:00")
    );
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    assert!(a.blocks.iter().all(|b| !b.text.starts_with("Updated")));
}

#[test]
fn a_published_and_updated_line_gives_the_modified_time_and_leaves_the_body() {
    let html = page("", "", "").replace(r#","dateModified":"2024-12-17""#, "");
    let html = html.replace(
        "<div class=\"story\">",
        "<div class=\"story\"><div class=\"dateline\">PUBLISHED: December 16, 2024 at 6:12 p.m. | \
         UPDATED: December 17, 2024 at 9:40 a.m.</div>",
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(
        a.modified.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-12-17T09:40:00+00:00")
    );
    // The next update changes the time: in the body it would read as an edit.
    assert!(
        a.blocks.iter().all(|b| !b.text.contains("PUBLISHED")),
        "{:?}",
        a.blocks
    );
}

fn block(kind: BlockKind, text: &str) -> Block {
    Block {
        kind,
        text: text.to_string(),
    }
}

#[test]
fn a_page_of_link_blocks_is_not_a_story() {
    let items: Vec<Block> = (0..30)
        .map(|i| {
            block(
                BlockKind::ListItem,
                &format!("Harbour council approves plan number {i} for the north quay"),
            )
        })
        .chain([block(
            BlockKind::Heading,
            "Latest news from the harbour district",
        )])
        .collect();
    let all_linked = vec![true; items.len()];
    assert!(!is_story(&items, &all_linked));
    // The same items as plain text (a list of facts, patch notes) are a story.
    assert!(is_story(&items, &[]));
    let mut with_prose = items.clone();
    with_prose.push(block(
        BlockKind::Paragraph,
        &"The council approved the plan for the north quay on Wednesday night. ".repeat(4),
    ));
    with_prose.push(block(
        BlockKind::Paragraph,
        &"Work will start in spring and end next year, the port said. ".repeat(3),
    ));
    assert!(is_story(&with_prose, &all_linked));
}

#[test]
fn a_short_chinese_story_is_a_story_and_as_few_latin_letters_are_not() {
    let chinese = [
        "市议会星期三批准了修复北码头的计划，这项计划已经讨论了将近两年。",
        "港务局表示，工程将于春季开工，一直持续到明年年底。",
        "修复费用估计约为四千万元，其中一半由省里承担。",
    ];
    let blocks: Vec<Block> = chinese
        .iter()
        .map(|t| block(BlockKind::Paragraph, t))
        .collect();
    assert!(is_story(&blocks, &[]));
    let latin: Vec<Block> = chinese
        .iter()
        .map(|t| block(BlockKind::Paragraph, &"a".repeat(t.chars().count())))
        .collect();
    assert!(!is_story(&latin, &[]));
}

// Rules of the body extractor (`page`, `score`, `body`), each on a page written for it.

const STORY: [&str; 4] = [
    "The harbor authority approved a plan on Tuesday to dredge the north channel, which has silted up since the spring floods.",
    "Work will start in March and take about eight weeks, the authority said, with the channel closed to larger ships at night.",
    "“We cannot keep turning cargo away,” said Lena Ortiz, who runs the pilots' association, adding that two ships waited offshore last week.",
    "The dredging will cost 3.2 million dollars, paid from the port's reserve fund, and the spoil will go to a licensed site inland.",
];

/// A news page whose story sits in `<div class="story">`, with `before` and `after` around the
/// story's container and `inside` after its paragraphs.
fn story_page(before: &str, inside: &str, after: &str) -> String {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbor authority approves channel dredging | The Coastal Ledger</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
{before}<article><h1>Harbor authority approves channel dredging</h1>
<div class="story">{paragraphs}{inside}</div></article>{after}
<footer><p>Copyright 2025 The Coastal Ledger</p></footer></body></html>"#
    )
}

fn body_of(html: &str) -> Vec<String> {
    extract(html.as_bytes(), &info())
        .unwrap()
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

fn prose(topic: &str) -> String {
    format!(
        "This is a long paragraph about {topic}, written as prose with commas, clauses and \
         enough words to score like story text, though it is not part of the story at all."
    )
}

#[test]
fn elements_named_as_chrome_are_not_story() {
    let html = story_page(
        "",
        &format!(
            "<div class=\"social-share\"><p>{}</p></div><div class=\"newsletter-box\"><p>{}</p></div>",
            prose("sharing"),
            prose("a newsletter")
        ),
        &format!(
            "<section class=\"comments\"><p>{}</p><p>{}</p></section><div class=\"related-stories\"><p>{}</p></div>",
            prose("a reader's view"),
            prose("another reader's view"),
            prose("another story")
        ),
    );
    assert_eq!(body_of(&html), STORY);
}

#[test]
fn a_wrapper_named_like_chrome_still_holds_the_story() {
    // Whole-page wrappers whose class names contain chrome words ("ad-", "footer", "sidebar").
    for class in [
        "page-ad-margins",
        "above-footer",
        "o-row c-fixed-sidebar-layout",
    ] {
        let html = story_page(&format!("<div class=\"{class}\">"), "", "</div>");
        assert_eq!(body_of(&html), STORY, "{class}");
    }
}

#[test]
fn hidden_elements_figures_and_asides_are_not_story() {
    let html = story_page(
        "",
        &format!(
            "<div hidden><p>{}</p></div><div style=\"display: none\"><p>{}</p></div>\
             <p aria-hidden=\"true\">{}</p><figure><img src=x><figcaption>{}</figcaption></figure>\
             <aside><p>{}</p></aside>",
            prose("a hidden offer"),
            prose("a collapsed menu"),
            prose("a screen-reader trap"),
            prose("a photograph of the channel"),
            prose("a pull quote")
        ),
        "",
    );
    assert_eq!(body_of(&html), STORY);
}

#[test]
fn the_story_outscores_a_longer_list_of_links_and_references() {
    let links: String = (0..40)
        .map(|i| format!("<li><a href=\"/s/{i}\">Council debates the budget for the harbor district, again, item {i}</a></li>"))
        .collect();
    let references: String = (0..40)
        .map(|i| format!("<li>Ortiz L, Chen M, Park S, et al. Silt, tides, and channels. Port Studies, {i}(2), 2019.</li>"))
        .collect();
    let html = story_page(
        &format!("<div class=\"rail\"><ul>{links}</ul></div>"),
        "",
        &format!("<div class=\"refs\"><ol>{references}</ol></div>"),
    );
    assert_eq!(body_of(&html), STORY);
}

#[test]
fn a_story_printed_in_sections_of_one_kind_is_whole() {
    // Each section sits in its own wrapper, with a photo block between them.
    let section = |id: &str, paragraphs: &[&str]| {
        let ps: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
        format!(
            "<section class=\"outer\"><div class=\"post__content section-{id}\">{ps}</div></section>"
        )
    };
    let html = format!(
        "<html><head><title>Dredging</title></head><body><main>{}<section class=\"outer\"><img src=x></section>{}</main></body></html>",
        section("a1", &STORY[..2]),
        section("b2", &STORY[2..])
    );
    assert_eq!(body_of(&html), STORY);
}

#[test]
fn a_paragraph_beside_the_story_container_is_story() {
    let html = story_page(
        "",
        "",
        "<p>The authority will publish the final dredging schedule on its website next Friday, a spokesperson said.</p>",
    )
    .replace("</div></article><p>", "</div><p>")
    .replace("</p>\n<footer>", "</p></article>\n<footer>");
    let body = body_of(&html);
    assert_eq!(body.len(), 5, "{body:?}");
    assert!(body[4].starts_with("The authority will publish"));
}

#[test]
fn standfirst_by_class_is_the_dek_and_a_lead_like_the_description_is_story() {
    let html = story_page("", "", "")
        .replace(
            "<div class=\"story\">",
            "<p class=\"article-dek\">Channel to close at night for eight weeks.</p><div class=\"story\">",
        )
        .replace(
            "</title>",
            &format!("</title><meta name=\"description\" content=\"{}\">", STORY[0]),
        );
    let a = extract(html.as_bytes(), &info()).unwrap();
    assert_eq!(
        a.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
        STORY
    );
}

#[test]
fn a_bare_address_is_not_a_paragraph() {
    let html = story_page(
        "",
        "<p>https://ledger.example/news/dredging-approved</p>",
        "",
    );
    assert_eq!(body_of(&html), STORY);
}

#[test]
fn a_story_in_an_html_template_is_read_and_json_templates_are_not() {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        "<html><head><title>Dredging</title></head><body><div class=\"post-body\">\
         <script type='text/template'>{paragraphs}</script></div>\
         <div><script type=\"text/template\">{{\"type\":\"Image\",\"caption\":\"{}\"}}</script></div></body></html>",
        prose("a photo")
    );
    assert_eq!(body_of(&html), STORY);
}

#[test]
fn json_ld_article_body_stands_in_when_the_page_shows_no_story() {
    let stated = STORY.join("\\n");
    let html = format!(
        r#"<html><head><title>Dredging</title><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Dredging","articleBody":"{stated}"}}</script></head><body><div id="app"></div></body></html>"#
    );
    assert_eq!(body_of(&html), STORY);
    // Without it, the same page has no article.
    let bare =
        "<html><head><title>Dredging</title></head><body><div id=\"app\"></div></body></html>";
    assert_eq!(
        extract(bare.as_bytes(), &info()).unwrap_err(),
        ExtractError::NoArticle
    );
}

#[test]
fn a_layout_table_gives_paragraphs_and_a_data_row_one_block() {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        "<html><body><table><tr><td class=\"nav\"><a href=/>Home</a></td><td>{paragraphs}\
         <table><tr><td>Depth</td><td>4.5 m</td><td>6.0 m</td></tr></table></td></tr></table></body></html>"
    );
    let body = body_of(&html);
    assert_eq!(&body[..4], STORY);
    assert_eq!(body[4], "Depth 4.5 m 6.0 m");
}

#[test]
fn a_page_nested_100000_elements_deep_does_not_overflow_the_stack() {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        "<html><body>{}<div class=\"story\">{paragraphs}</div></body></html>",
        "<span>".repeat(100_000)
    );
    let body = body_of(&html);
    assert!(body.iter().any(|b| b == STORY[0]), "{body:?}");
}

#[test]
fn date_and_author_lines_go_when_the_story_stands_without_them() {
    let more = "Shipping lines said they would reroute two weekly services to the south terminal \
        while the work goes on, and the ferry timetable will change for the summer season.";
    let html = story_page(
        "",
        &format!(
            "<p>{more}</p><div>Ana Ruiz 2025-03-14 07:10</div><div>14 March 2025 Tom Lee</div>"
        ),
        "",
    );
    let mut expected = STORY.to_vec();
    expected.push(more);
    assert_eq!(body_of(&html), expected);
    // A sentence that gives a date is story text.
    let html = story_page("", "<p>The board met on March 3, 2025.</p>", "");
    assert!(body_of(&html).contains(&"The board met on March 3, 2025.".to_string()));
}

#[test]
fn page_builder_text_blocks_are_story_and_its_chrome_blocks_are_not() {
    // Elementor names every block of the page `elementor-widget`; the kind follows the word.
    let widget = |id: &str, kind: &str, inner: &str| {
        format!(
            "<div class=\"elementor-element elementor-element-{id} elementor-widget elementor-widget-{kind}\">\
             <div class=\"elementor-widget-container\">{inner}</div></div>"
        )
    };
    let text = |paragraphs: &[&str]| {
        let ps: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
        format!("<div class=\"elementor-text-editor elementor-clearfix\">{ps}</div>")
    };
    let blocks = [
        widget(
            "1a2b",
            "heading",
            "<h1>Harbor authority approves channel dredging</h1>",
        ),
        widget("3c4d", "text-editor", &text(&STORY[..1])),
        widget("5e6f", "heading", "<h2>What the work costs</h2>"),
        widget("7a8b", "text-editor", &text(&STORY[1..3])),
        widget(
            "9c0d",
            "share-buttons",
            &format!("<p>{}</p>", prose("sharing")),
        ),
        widget("e1f2", "text-editor", &text(&STORY[3..])),
    ]
    .concat();
    let html = format!(
        "<html><head><title>Dredging</title></head><body><div class=\"elementor-widget-wrap\">{blocks}</div>\
         <div class=\"widget widget_text\"><p>{}</p></div></body></html>",
        prose("the sidebar")
    );
    let mut expected = STORY.to_vec();
    expected.insert(1, "What the work costs");
    assert_eq!(body_of(&html), expected);
}

#[test]
fn a_lead_printed_as_a_heading_is_a_paragraph_of_the_story() {
    // A page builder puts each part of the story in its own row; the lead is set as an `<h2>`.
    let lead = "The harbor authority has approved a plan to dredge the silted north channel, \
        after two cargo ships had to wait offshore for a high tide last week, the authority said \
        in a statement on Tuesday.";
    let row = |inner: &str| {
        format!(
            "<div class=\"builder-row\"><div class=\"text_column content_element\">\
             <div class=\"wrapper\">{inner}</div></div></div>"
        )
    };
    let story: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        "<html><head><title>Dredging</title></head><body><article><h1>Harbor authority approves \
         channel dredging</h1><div class=\"post-content\">{}{}{}</div></article></body></html>",
        row(&format!("<h2>{lead}</h2>")),
        row("<img src=x>"),
        row(&format!(
            "{story}<h2>What the work costs</h2><p>{}</p>",
            prose("the cost")
        ))
    );
    let a = extract(html.as_bytes(), &info()).unwrap();
    let kinds: Vec<(BlockKind, &str)> =
        a.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(kinds[0], (BlockKind::Paragraph, lead), "{kinds:?}");
    assert_eq!(kinds[1], (BlockKind::Paragraph, STORY[0]), "{kinds:?}");
    // A subhead stays a heading.
    assert!(
        kinds.contains(&(BlockKind::Heading, "What the work costs")),
        "{kinds:?}"
    );
}

#[test]
fn a_table_set_in_a_figure_is_story_and_the_figure_caption_is_not() {
    let html = story_page(
        "",
        "<figure class=\"data-table\"><table><tr><th>Channel</th><th>Depth before</th>\
         <th>Depth after</th></tr><tr><td>North</td><td>9 m</td><td>12 m</td></tr></table>\
         <figcaption>Table 1: Channel depths, harbor authority survey</figcaption></figure>\
         <figure><blockquote><p>We cannot keep turning cargo away</p></blockquote></figure>",
        "",
    );
    let mut expected = STORY.to_vec();
    expected.extend(["Channel Depth before Depth after", "North 9 m 12 m"]);
    assert_eq!(body_of(&html), expected);
}

#[test]
fn a_lead_wrapped_on_its_own_before_the_story_is_story() {
    let lead = "The harbor authority will dredge the north channel this spring, ending months of \
        delays for cargo ships that have had to wait offshore for high tides.";
    let note = "Some links on this page go to shops, and the Ledger is paid a small share of what \
        readers spend there, which does not change what we write.";
    let bio = "Ana Ruiz covers the port and the city council for the Ledger. Before joining the \
        paper, she reported on shipping in Rotterdam.";
    let html = story_page("", "", "")
        .replace(
            "<div class=\"story\">",
            &format!(
                "<div class=\"lead-par\"><p>{lead}</p></div>\
                 <div><p class=\"shop-note\">{note}</p></div><div class=\"story\">"
            ),
        )
        .replace(
            "</div></article>",
            &format!("</div><div><p>{bio}</p></div></article>"),
        );
    let mut expected = vec![lead];
    expected.extend(STORY);
    assert_eq!(body_of(&html), expected);
}

#[test]
fn prose_with_much_link_text_is_story_and_a_list_of_links_is_not() {
    let items = [
        (
            "Harbor pilots agree to a new contract after a week of talks with the port",
            "The deal raises night-shift pay by 8 percent, the union said.",
        ),
        (
            "Ferry timetable changes for the summer season as the south terminal reopens",
            "Two weekly services move to the south terminal from June 1.",
        ),
    ];
    let digest: String = items
        .iter()
        .map(|(link, rest)| {
            format!(
                "<li><strong><a href=\"/s/{}\">{link}</a>.</strong> {rest}</li>",
                link.len()
            )
        })
        .collect();
    // A sentence whose long phrase is a link, and a bio led by its author's name, both mostly link.
    let linked = "The pilots had warned in March that the channel would close to laden ships \
        within a year, and the authority says it has now heeded them.";
    let html = story_page(
        "",
        &format!(
            "<ol>{digest}</ol><p>The pilots had warned in March <a href=\"/w\">that the channel \
             would close to laden ships within a year</a>, and the authority says it has now \
             heeded them.</p><ul><li><a href=\"/b\">Council approves the budget for the harbor \
             district after a long debate</a></li></ul><address><a href=\"/ana\">Ana Ruiz</a> \
             covers the port and the ferries for the Ledger and wrote <a href=\"/book\">The \
             North Channel: A History of Its Pilots, Their Ships and the Storms of 1953</a>.\
             </address>"
        ),
        "",
    );
    let mut expected: Vec<String> = STORY.iter().map(|s| s.to_string()).collect();
    expected.extend(items.iter().map(|(link, rest)| format!("{link}. {rest}")));
    expected.push(linked.to_string());
    assert_eq!(body_of(&html), expected);
}
