//! Which element holds the story: every paragraph of prose gives points to the elements around
//! it (most to its parent, less to those further up), an element's points shrink with the share
//! of its text that is link text, and the best element, with the siblings that look like more of
//! the same story, is the body. The scheme is the one Readability made well known; the weights
//! here are ours.

use super::page::Page;
use crate::article::BlockKind;

/// Class and id words of an element that holds the story, or of one that does not.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
];
const NEGATIVE: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "comment",
    "contact",
    "foot",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "nav",
    "menu",
];

/// Class words of a paragraph that say it is one of the story's (`article-body__paragraph`).
const STORY_PARAGRAPH: &[&str] = &["article", "body", "content", "entry", "paragraph", "story"];

fn class_weight(names: &str) -> f64 {
    let names = super::page::without_builder_words(names);
    let names = names.as_ref();
    let mut weight = 0.0;
    if NEGATIVE.iter().any(|n| names.contains(n)) {
        weight -= 25.0;
    }
    if POSITIVE.iter().any(|p| names.contains(p)) {
        weight += 25.0;
    }
    weight
}

fn tag_weight(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// The class words of an element that say what kind it is, without the ones that number it
/// (`elementor-element-0161dc5`, `post-1806`).
fn kind_of(names: &str) -> Vec<&str> {
    names
        .split_whitespace()
        .filter(|w| !w.contains(|c: char| c.is_ascii_digit()))
        .collect()
}

/// How far up a paragraph's points reach.
const LEVELS: usize = 5;

/// Which blocks stand in page chrome: inside an element named as chrome (`related`, `share`),
/// unless that element holds a third or more of the page's text (a wrapper named `above-footer` or
/// `page-ad-margins` around the whole page).
pub fn chrome_blocks(page: &Page) -> Vec<bool> {
    let mut chars = vec![0usize; page.elements.len()];
    for block in &page.blocks {
        chars[block.element] += block.text.len();
    }
    sum_into_parents(page, &mut chars);
    // Parents come before their children, so one pass down marks every element inside chrome.
    let mut chrome = vec![false; page.elements.len()];
    for (i, el) in page.elements.iter().enumerate().skip(1) {
        chrome[i] = chrome[el.parent] || (el.unlikely && chars[i] * 3 <= chars[0]);
    }
    page.blocks.iter().map(|b| chrome[b.element]).collect()
}

/// Add every element's count to its ancestors'. Elements are stored parents first, so one pass
/// from the end does it, however deep the page is.
fn sum_into_parents(page: &Page, counts: &mut [usize]) {
    for i in (1..page.elements.len()).rev() {
        counts[page.elements[i].parent] += counts[i];
    }
}

/// The elements whose blocks are the story: the best-scoring element and the siblings that
/// belong with it, counting only blocks not marked `skip`. All false when no element holds a
/// paragraph of prose.
pub fn story_elements(page: &Page, skip: &[bool]) -> Vec<bool> {
    let n = page.elements.len();
    let mut chars = vec![0usize; n];
    let mut link_chars = vec![0usize; n];
    let mut score = vec![0.0f64; n];
    let mut candidate = vec![false; n];

    for (block, _) in page.blocks.iter().zip(skip).filter(|(_, skip)| !**skip) {
        let len = block.text.trim().chars().count();
        chars[block.element] += len;
        link_chars[block.element] += block.link_chars;
        // Only prose scores: a list of references or results has many items with commas and
        // would outscore the story it closes.
        if len < 25
            || block.link_chars * 2 > len
            || !matches!(block.kind, BlockKind::Paragraph | BlockKind::Quote)
        {
            continue;
        }
        let points = 1.0
            + block.text.matches([',', '，', '、']).count() as f64
            + (len as f64 / 100.0).min(3.0);
        // A block element's points start at its parent; loose text is a paragraph inside its
        // container, unless the container holds nothing else (a `div` used as a paragraph).
        let element = &page.elements[block.element];
        let mut at = if block.loose && element.has_structure {
            block.element
        } else {
            element.parent
        };
        for level in 0..LEVELS {
            if !candidate[at] {
                candidate[at] = true;
                score[at] =
                    tag_weight(&page.elements[at].tag) + class_weight(&page.elements[at].names);
            }
            score[at] += match level {
                0 => points,
                1 => points / 2.0,
                _ => points / (level as f64 * 3.0),
            };
            if at == 0 {
                break;
            }
            at = page.elements[at].parent;
        }
    }
    // Text and link text of each element with everything inside it, for link density.
    let own_chars = chars.clone();
    let mut ends_sentence = vec![false; n];
    for block in &page.blocks {
        ends_sentence[block.element] = block.text.trim_end().ends_with('.');
    }
    sum_into_parents(page, &mut chars);
    sum_into_parents(page, &mut link_chars);
    // How many blocks each element holds, and how many of them are paragraphs, to tell a
    // container that wraps one paragraph (`<div class="par"><p>…</p></div>`).
    let mut blocks_in = vec![0usize; n];
    let mut paragraphs_in = vec![0usize; n];
    // The element of a block inside each element (of the only one, where there is one).
    let mut block_of = vec![usize::MAX; n];
    for (block, _) in page.blocks.iter().zip(skip).filter(|(_, skip)| !**skip) {
        blocks_in[block.element] += 1;
        paragraphs_in[block.element] += usize::from(block.kind == BlockKind::Paragraph);
        block_of[block.element] = block.element;
    }
    sum_into_parents(page, &mut blocks_in);
    sum_into_parents(page, &mut paragraphs_in);
    for i in (1..n).rev() {
        if block_of[i] != usize::MAX {
            block_of[page.elements[i].parent] = block_of[i];
        }
    }
    let final_score = |i: usize| {
        let density = if chars[i] == 0 {
            0.0
        } else {
            link_chars[i] as f64 / chars[i] as f64
        };
        score[i] * (1.0 - density)
    };
    let Some(mut top) = (0..n)
        .filter(|&i| candidate[i])
        .max_by(|&a, &b| final_score(a).total_cmp(&final_score(b)))
    else {
        return vec![false; n];
    };

    let first = top;
    // Several near-best elements under one ancestor: the story is split, take the ancestor.
    let best = final_score(top);
    let mut rivals: Vec<usize> = (0..n)
        .filter(|&i| candidate[i] && i != top && final_score(i) >= best * 0.75)
        .collect();
    // Only the best few count, so a page of thousands of equal paragraphs stays linear.
    rivals.sort_by(|&a, &b| final_score(b).total_cmp(&final_score(a)));
    rivals.truncate(16);
    if rivals.len() >= 3 {
        let mut within = vec![0u8; n];
        for &r in &rivals {
            let mut at = r;
            while at != 0 {
                within[at] = within[at].saturating_add(1);
                at = page.elements[at].parent;
            }
        }
        let mut at = page.elements[top].parent;
        while at != 0 {
            if within[at] >= 3 {
                top = at;
                break;
            }
            at = page.elements[at].parent;
        }
    }
    // A parent that scores better than its best child holds more of the story.
    let mut last = final_score(top);
    let floor = last / 3.0;
    let mut at = page.elements[top].parent;
    while top != 0 && at != 0 {
        if !candidate[at] {
            at = page.elements[at].parent;
            continue;
        }
        let parent_score = final_score(at);
        if parent_score < floor {
            break;
        }
        if parent_score > last {
            top = at;
            break;
        }
        last = parent_score;
        at = page.elements[at].parent;
    }
    // An only child says nothing its parent does not.
    let mut children = vec![0usize; n];
    for el in page.elements.iter().skip(1) {
        children[el.parent] += 1;
    }
    while top != 0 {
        let parent = page.elements[top].parent;
        if children[parent] != 1 || parent == 0 {
            break;
        }
        top = parent;
    }

    // Siblings of the best element that read as more of the story.
    let mut story = vec![false; n];
    story[top] = true;
    if top != 0 {
        let parent = page.elements[top].parent;
        let top_score = final_score(top);
        let threshold = (top_score * 0.2).max(10.0);
        for (i, el) in page.elements.iter().enumerate() {
            if el.parent != parent || i == top || i == 0 {
                continue;
            }
            let bonus = if !el.names.is_empty() && el.names == page.elements[top].names {
                top_score * 0.2
            } else {
                0.0
            };
            if candidate[i] && final_score(i) + bonus >= threshold {
                story[i] = true;
                continue;
            }
            // A container before the story's that wraps one paragraph is read as that paragraph:
            // a lead set apart for its type. A paragraph with a class of its own that is no
            // story word is a special one (a disclaimer, a timestamp), and one wrapped alone
            // after the story is an author's bio or a note, not the story's.
            let wraps_one = i < top
                && el.has_structure
                && !el.unlikely
                && blocks_in[i] == 1
                && paragraphs_in[i] == 1
                && own_chars[i] == 0
                && {
                    let names = &page.elements[block_of[i]].names;
                    names.is_empty() || STORY_PARAGRAPH.iter().any(|p| names.contains(p))
                };
            if el.tag == "p" || (!el.has_structure && !el.unlikely) || wraps_one {
                let len = if wraps_one { chars[i] } else { own_chars[i] };
                let density = if chars[i] == 0 {
                    0.0
                } else {
                    link_chars[i] as f64 / chars[i] as f64
                };
                if len > 80 && density < 0.25 {
                    story[i] = true;
                }
                if !wraps_one && len > 0 && density == 0.0 && ends_sentence[i] {
                    story[i] = true;
                }
            }
        }
    }
    // A story printed in several sections of one kind (the same class) is all story.
    let kind = kind_of(&page.elements[first].names);
    if !kind.is_empty() {
        let threshold = (final_score(first) * 0.2).max(10.0);
        for i in 0..n {
            if candidate[i]
                && final_score(i) >= threshold
                && kind_of(&page.elements[i].names) == kind
            {
                story[i] = true;
            }
        }
    }
    // Every element inside a story element is story too.
    for i in 1..n {
        if story[page.elements[i].parent] {
            story[i] = true;
        }
    }
    story
}
