//! Headline and byline rules, each on a small page written for it.

use super::*;

/// A story page: `head` goes in `<head>`, `top` before the story's paragraphs.
fn page(head: &str, top: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article>{top}
<p>The county opened its new ferry terminal on Saturday after two years of construction.</p>
<p>Officials said the terminal will handle twice as many passengers as the old one.</p>
</article>
<section class="comments"><div class="comment-author">Pat Reader</div><p>Great news!</p></section>
<footer><p>Copyright The Island Courier</p></footer></body></html>"#
    )
}

fn meta_of(head: &str, top: &str) -> Meta {
    let html = page(head, top);
    read(&Document::from(html.as_str()), None)
}

#[test]
fn the_visible_headline_wins_when_a_stated_title_confirms_it() {
    let m = meta_of(
        r#"<title>Ferry terminal opens | The Island Courier</title>
<meta property="og:site_name" content="The Island Courier">
<meta property="og:title" content="New terminal opens for ferry riders">"#,
        "<h1>Ferry terminal opens</h1>",
    );
    assert_eq!(m.title, "Ferry terminal opens");
}

#[test]
fn an_unconfirmed_heading_gives_way_to_the_stated_title_without_the_site() {
    let m = meta_of(
        r#"<title>Ferry terminal opens | The Island Courier</title>
<meta property="og:site_name" content="The Island Courier">
<meta property="og:title" content="Ferry terminal opens - The Island Courier">"#,
        "<h1>Local News</h1>",
    );
    assert_eq!(m.title, "Ferry terminal opens");
}

#[test]
fn json_ld_in_cdata_and_entities_are_read() {
    let m = meta_of(
        r##"<title>Courier</title>
<script type="application/ld+json"><![CDATA[
{"@type":"NewsArticle","headline":"Ferry terminal opens &#8211; and riders cheer",
 "author":[{"@type":"Person","name":"Ana Ruiz"},{"@id":"#tom"}]}
]]></script>
<script type="application/ld+json">{"@graph":[{"@type":"Person","@id":"#tom","name":"Tom Lee"}]}</script>"##,
        "<h2>Local News</h2>",
    );
    assert_eq!(m.title, "Ferry terminal opens – and riders cheer");
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz, Tom Lee"));
}

#[test]
fn the_stated_spelling_wins_over_a_heading_styled_in_other_case_or_quotes() {
    let m = meta_of(
        r#"<meta property="og:title" content="'Ferry' terminal opens">"#,
        "<h1>‘FERRY’ TERMINAL OPENS</h1>",
    );
    assert_eq!(m.title, "'Ferry' terminal opens");
}

#[test]
fn a_name_in_json_ld_confirms_the_heading() {
    let m = meta_of(
        r#"<title>Grilled fish with lemon Recipe | Courier Kitchen</title>
<script type="application/ld+json">{"@type":"Recipe","name":"Grilled fish with lemon"}</script>"#,
        "<h1>Grilled fish with lemon</h1>",
    );
    assert_eq!(m.title, "Grilled fish with lemon");
}

#[test]
fn dublin_core_comes_before_opengraph_and_properties_may_list_several_names() {
    let m = meta_of(
        r#"<title>Page</title>
<meta name="DC.title" content="Named title">
<meta property="og:title twitter:title" content="Open title">
<meta property="schema:x dc:title" content="Dublin title">
<meta property="dc:creator og:x" content="Ana Ruiz">
<meta name="author" content="Webmaster">"#,
        "<h1>Section</h1>",
    );
    assert_eq!(m.title, "Dublin title");
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz"));
}

#[test]
fn site_names_come_off_either_end_of_a_title() {
    let sites = vec![squash("The Island Courier"), squash("courier.example")];
    assert_eq!(
        strip_site("Ferry terminal opens | The Island Courier", &sites),
        "Ferry terminal opens"
    );
    assert_eq!(
        strip_site("The Island Courier: Ferry terminal opens", &sites),
        "Ferry terminal opens"
    );
    assert_eq!(
        strip_site("Ferry terminal opens - News - courier.example", &sites),
        "Ferry terminal opens - News"
    );
    // A site name that has separators of its own goes as a whole.
    let long = vec![squash("Island Courier - News, Tides and Weather")];
    assert_eq!(
        strip_site(
            "Ferry terminal opens - Island Courier - News, Tides and Weather",
            &long
        ),
        "Ferry terminal opens"
    );
    // A headline that merely begins with the site's name keeps it.
    let product = vec![squash("Ferry")];
    assert_eq!(
        strip_site("Ferry timetables for the summer season | Courier", &product),
        "Ferry timetables for the summer season | Courier"
    );
    // A hyphen inside a word is no separator.
    assert_eq!(
        strip_site("Ferry-terminal opens", &sites),
        "Ferry-terminal opens"
    );
}

#[test]
fn a_page_title_with_an_unknown_site_is_cut_at_its_last_separator() {
    assert_eq!(
        cut_title("Ferry terminal opens on Saturday | Courier"),
        "Ferry terminal opens on Saturday"
    );
    // Too little would be left: the title stays whole.
    assert_eq!(cut_title("Ferry opens | Courier"), "Ferry opens | Courier");
    // A colon belongs to the headline.
    assert_eq!(
        cut_title("Storm: ferries stop for the weekend"),
        "Storm: ferries stop for the weekend"
    );
}

#[test]
fn a_short_page_title_is_the_headline_over_a_one_word_heading() {
    let m = meta_of("<title>Ferry news</title>", "<h1>Ferries</h1>");
    assert_eq!(m.title, "Ferry news");
}

#[test]
fn meta_authors_naming_more_people_than_json_ld_are_kept() {
    let m = meta_of(
        r#"<meta name="author" content="Ana Ruiz, Tom Lee">
<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Ana Ruiz"}}</script>"#,
        "<h1>Ferry terminal opens</h1>",
    );
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz, Tom Lee"));
}

#[test]
fn every_creator_the_meta_tags_name_is_kept_and_placeholders_are_not_names() {
    let m = meta_of(
        r#"<meta name="DC.Creator" content="Ruiz, A."><meta name="DC.Creator" content="Lee, T.">"#,
        "<h1>Ferry terminal opens</h1>",
    );
    assert_eq!(m.byline.as_deref(), Some("Ruiz, A., Lee, T."));
    let m = meta_of(
        r#"<meta name="author" content="No Author">"#,
        r#"<h1>Ferry terminal opens</h1><p class="byline">By Ana Ruiz</p>"#,
    );
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz"));
}

#[test]
fn a_byline_naming_only_the_site_gives_way_to_a_printed_person() {
    let m = meta_of(
        r#"<meta property="og:site_name" content="The Island Courier">
<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"The Island Courier"}}</script>"#,
        r#"<h1>Ferry terminal opens</h1><div class="article-author">By Ana Ruiz</div>"#,
    );
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz"));
}

#[test]
fn printed_bylines_skip_labels_comments_and_sentences() {
    let m = meta_of(
        "",
        r#"<h1>Ferry terminal opens</h1>
<div class="author-follow">Follow</div>
<span class="posted-by">Posted by</span>
<div class="author-bio">Ana writes about the islands and the people who live on them</div>
<p class="byline">By Ana Ruiz and Tom Lee, Staff Writers | Updated March 3, 2025</p>"#,
    );
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz and Tom Lee"));
    // Only the comment thread names anyone: no byline.
    let m = meta_of("", "<h1>Ferry terminal opens</h1>");
    assert_eq!(m.byline, None);
}

#[test]
fn an_address_element_is_a_byline_unless_it_is_the_footers() {
    let m = meta_of(
        "",
        r#"<h1>Ferry terminal opens</h1><address>By <a href="/staff/ana">Ana Ruiz</a></address>"#,
    );
    assert_eq!(m.byline.as_deref(), Some("Ana Ruiz"));
    let html = page(
        "",
        "<h1>Ferry terminal opens</h1><footer><address>Island Courier</address></footer>",
    );
    let m = read(&Document::from(html.as_str()), None);
    assert_eq!(m.byline, None);
}

#[test]
fn clean_byline_drops_labels_dates_and_roles() {
    assert_eq!(clean_byline("By: Ana Ruiz").as_deref(), Some("Ana Ruiz"));
    assert_eq!(clean_byline("Author Ana Ruiz").as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        clean_byline("Ana Ruiz, Senior Reporter").as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(
        clean_byline("Staff Report").as_deref(),
        Some("Staff Report")
    );
    assert_eq!(
        clean_byline("by Ana Ruiz March 3, 2025").as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(
        clean_byline("By Ana Ruiz 11:59PM GMT 29 Dec 2014 Follow").as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(clean_byline("Last Updated: March 3, 2025"), None);
    assert_eq!(clean_byline("Posted on"), None);
    assert_eq!(
        clean_byline("Ana Ruiz <ana@courier.example>").as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(
        clean_byline("Ana Ruiz (https://courier.example/ana)").as_deref(),
        Some("Ana Ruiz")
    );
    // Letters whose lower case is longer do not shift the cut.
    assert_eq!(
        clean_byline("Posted İİ by Ana Ruiz").as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(clean_byline("İİİ").as_deref(), Some("İİİ"));
    assert_eq!(
        clean_byline("Posted on March 3, 2025 by Ana Ruiz").as_deref(),
        Some("Ana Ruiz")
    );
}

#[test]
fn entities_are_decoded_once() {
    assert_eq!(
        decode_entities("Fish &#038; chips &amp;c"),
        "Fish & chips &c"
    );
    assert_eq!(
        decode_entities("&#x2019;s &rsquo; &bogus; & x"),
        "’s ’ &bogus; & x"
    );
}

#[test]
fn a_one_word_stated_author_gives_way_to_the_printed_full_name() {
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry terminal opens","author":{"@type":"Person","name":"Todd"}}</script>"#;
    let m = meta_of(ld, r#"<div class="byline">By Todd Marsh</div>"#);
    assert_eq!(m.byline.as_deref(), Some("Todd Marsh"));
    // A printed byline naming someone else does not replace it.
    let m = meta_of(ld, r#"<div class="byline">By Ana Ruiz</div>"#);
    assert_eq!(m.byline.as_deref(), Some("Todd"));
}

#[test]
fn a_one_word_stated_author_is_completed_from_a_printed_name_with_no_author_class() {
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry terminal opens","author":{"@type":"Person","name":"Todd"}}</script>"#;
    let m = meta_of(
        ld,
        r#"<aside><p class="label"><strong>By</strong></p><p class="full-name">Todd Marsh</p></aside>"#,
    );
    assert_eq!(m.byline.as_deref(), Some("Todd Marsh"));
    // A sentence that starts with the name is not a name, nor is a name in a comment thread.
    let m = meta_of(
        ld,
        r#"<p>Todd said the ferry was late</p><div class="comments"><p>Todd Brennan</p></div>"#,
    );
    assert_eq!(m.byline.as_deref(), Some("Todd"));
    // Nor is a name printed twice: a product under a brand stated as the author.
    let m = meta_of(ld, r#"<li>Todd Ferry Pass</li><li>Todd Ferry Pass</li>"#);
    assert_eq!(m.byline.as_deref(), Some("Todd"));
}

#[test]
fn a_dek_is_a_sentence_not_the_page_whose_class_holds_the_word() {
    let og =
        r#"<meta property="og:description" content="The new ferry terminal opens on Monday.">"#;
    let m = meta_of(
        og,
        r#"<p class="story-dek">Riders will board from the east pier.</p>"#,
    );
    assert_eq!(
        m.dek.as_deref(),
        Some("Riders will board from the east pier.")
    );
    // A category class on <body> ("category-dekalb") holds the word, and the whole page.
    let html = page(og, "").replace("<body>", r#"<body class="category-dekalb">"#);
    let m = read(&Document::from(html.as_str()), None);
    assert_eq!(
        m.dek.as_deref(),
        Some("The new ferry terminal opens on Monday.")
    );
    // A "summary" that is a long list is no dek either.
    let m = meta_of(
        og,
        &format!(
            r#"<div class="summary">{}</div>"#,
            "Every word of a long list. ".repeat(40)
        ),
    );
    assert_eq!(
        m.dek.as_deref(),
        Some("The new ferry terminal opens on Monday.")
    );
}

#[test]
fn a_headline_printed_above_the_story_wins_over_a_stale_stated_title() {
    let m = meta_of(
        r#"<title>Ferry terminal opens | The Island Courier</title>
<meta property="og:site_name" content="The Island Courier">
<meta property="og:title" content="Ferry terminal opens">"#,
        "",
    );
    let place = |text: &str, gap: usize, in_article: bool| {
        shown_headline(
            &m,
            Some(&super::super::body::Shown {
                text: text.into(),
                gap,
                in_article,
            }),
        )
    };
    let shown = |text: &str, gap: usize| place(text, gap, false);
    // The newsroom rewrote the printed headline (here by extending it) and left the SEO title
    // as it was.
    let rewritten = "Ferry terminal opens a year late and over budget";
    assert_eq!(shown(rewritten, 0).as_deref(), Some(rewritten));
    assert_eq!(shown(rewritten, SHOWN_GAP).as_deref(), Some(rewritten));
    // Too far above the story to be its headline.
    assert_eq!(shown(rewritten, SHOWN_GAP + 1), None);
    // Nothing in common with the title: a blog's or a section's name.
    assert_eq!(shown("Notes from the Sound", 40), None);
    // The site's own name, or the title inside a label.
    assert_eq!(shown("The Island Courier", 0), None);
    assert_eq!(shown("Local News | Ferry terminal opens", 0), None);
    assert_eq!(shown("Exclusive Ferry terminal opens", 0), None);
    assert_eq!(shown("Breaking: Ferry terminal opens", 0), None);
    // The title with its dek set as a subtitle inside the <h1>.
    let mut with_dek = meta_of(
        r#"<title>Ferry terminal opens | The Island Courier</title>
<meta property="og:title" content="Ferry terminal opens">"#,
        r#"<p class="subtitle">Twice the room for island commuters</p>"#,
    );
    assert_eq!(
        with_dek.dek.as_deref(),
        Some("Twice the room for island commuters")
    );
    let both = super::super::body::Shown {
        text: "Ferry terminal opens Twice the room for island commuters".into(),
        gap: 0,
        in_article: false,
    };
    assert_eq!(shown_headline(&with_dek, Some(&both)), None);
    with_dek.dek = None;
    assert!(shown_headline(&with_dek, Some(&both)).is_some());
    // The same words as the title, or one word, or a paragraph set as a heading.
    assert_eq!(shown("Ferry Terminal Opens", 0), None);
    assert_eq!(shown("Ferry", 0), None);
    assert_eq!(shown(&"ferry terminal ".repeat(21), 0), None);
    assert_eq!(shown("Ferry terminal opens", 0), None);
    assert_eq!(shown_headline(&m, None), None);
    // In the story's own <article> the <h1> is the headline however it is reworded and however
    // far above the text, but a section's or column's name of a few words is not.
    let reworded = "City to replace its broken river crossing";
    assert_eq!(place(reworded, 900, true).as_deref(), Some(reworded));
    assert_eq!(shown(reworded, 0), None);
    assert_eq!(place("Harbour Watch", 0, true), None);
    // An <h1> that prints the stated title confirms it: another <h1> nearer the story (a
    // related box's) is not the headline.
    let confirmed = meta_of(
        r#"<meta property="og:title" content="Ferry terminal opens">"#,
        "<h1>Ferry terminal opens</h1>",
    );
    let related = super::super::body::Shown {
        text: "More on the ferry terminal and its opening".into(),
        gap: 0,
        in_article: true,
    };
    assert_eq!(shown_headline(&confirmed, Some(&related)), None);
}

#[test]
fn content_words_are_long_words_without_a_plural_s() {
    assert_eq!(
        content_words("Ferries sail: 4 new routes at the docks"),
        ["ferrie", "sail", "route", "dock"]
    );
}
