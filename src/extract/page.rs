//! One walk over the parsed page: the text blocks a reader sees (paragraphs, headings, quotes,
//! list items, table rows and loose text), each tied to the element that holds it, and the
//! elements themselves with their parents, so the story container can be scored without walking
//! the DOM again. Page furniture that is never story text is skipped here: scripts, forms,
//! navigation, hidden elements, and elements whose class or id names them as chrome.

use crate::article::BlockKind;
use dom_query::{Document, NodeData, NodeId, NodeRef, Tree};

/// An element that holds blocks: a container (`div`, `section`, …) or a block element (`p`, …).
#[derive(Debug)]
pub struct Element {
    /// Index of the parent element in [`Page::elements`]; the root is its own parent.
    pub parent: usize,
    pub tag: String,
    /// Lowercased `class` and `id`, space separated.
    pub names: String,
    /// Whether blocks or other containers stand inside it (a `div` of bare text has none).
    pub has_structure: bool,
    /// Whether its class or id names it as page chrome (`related`, `share`, `comments`).
    pub unlikely: bool,
}

/// A run of text a reader sees as one block.
#[derive(Debug)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Characters inside links, to tell a list of headlines from prose.
    pub link_chars: usize,
    /// The element that is this block (a `p`), or the container its loose text stands in.
    pub element: usize,
    /// True for text standing loose in a container rather than in a block element.
    pub loose: bool,
}

/// The page as elements and blocks, in reading order.
#[derive(Debug, Default)]
pub struct Page {
    pub elements: Vec<Element>,
    pub blocks: Vec<RawBlock>,
}

/// What an element is to the walk.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// Never story text; its subtree is not read.
    Skip,
    Block(BlockKind),
    Container,
    Inline,
    Link,
    Break,
}

fn role(tag: &str) -> Role {
    match tag {
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
        | "embed" | "canvas" | "video" | "audio" | "button" | "select" | "option" | "input"
        | "textarea" | "nav" | "head" | "title" | "meta" | "link" | "figcaption" | "aside"
        | "menu" | "dialog" | "figure" => Role::Skip,
        "p" | "pre" | "tr" | "dt" | "dd" | "caption" | "address" => {
            Role::Block(BlockKind::Paragraph)
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Block(BlockKind::Heading),
        "blockquote" => Role::Block(BlockKind::Quote),
        "li" => Role::Block(BlockKind::ListItem),
        "a" => Role::Link,
        "br" | "hr" | "wbr" => Role::Break,
        "span" | "b" | "strong" | "i" | "em" | "u" | "small" | "sup" | "sub" | "mark" | "abbr"
        | "cite" | "q" | "code" | "time" | "font" | "s" | "strike" | "del" | "ins" | "label"
        | "big" | "tt" | "var" | "kbd" | "samp" | "bdi" | "bdo" | "data" | "dfn" | "img"
        | "picture" | "source" | "nobr" => Role::Inline,
        _ => Role::Container,
    }
}

/// Class and id words of page chrome: navigation, sharing, related links, comments, promotions.
/// An element named so is skipped unless its names also say it holds the story.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ad-slot",
    "advert",
    "banner",
    "breadcrumb",
    "comment",
    "community",
    "cookie",
    "consent",
    "disqus",
    "footer",
    "gdpr",
    "masthead",
    "menu",
    "navbar",
    "newsletter",
    "pagination",
    "pager",
    "popup",
    "promo",
    "related",
    "recommend",
    "remark",
    "replies",
    "share",
    "sharing",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "subscribe",
    "supplemental",
    "outbrain",
    "taboola",
    "most-read",
    "mostread",
    "most-popular",
    "trending",
    "signup",
    "sign-up",
    "paywall",
    "caption",
    "byline",
    "author-bio",
    "tags",
    "widget",
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
];

/// Names that mark a container of the story, which no unlikely word overrides.
const LIKELY: &[&str] = &[
    "article", "body", "content", "main", "story", "entry", "post",
];

/// Chrome words that no story word overrides: a `comment-content` is a comment, a
/// `modal__body` a dialog.
const NEVER_STORY: &[&str] = &[
    "comment",
    "modal",
    "newsletter",
    "related",
    "share",
    "sharing",
    "social",
    "outbrain",
    "taboola",
    "popup",
    "cookie",
    "consent",
];

/// A matcher for "holds any of these words": one pass over the text, not one per word.
fn any_of(words: &[&str]) -> regex::Regex {
    let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    regex::Regex::new(&escaped.join("|")).expect("escaped words")
}

/// Names with the words page builders give every building block taken out: Elementor names
/// each block `elementor-widget` (a text block is `elementor-widget elementor-widget-text-editor`),
/// so "widget" there says nothing of chrome; the kind that follows it (`-nav-menu`,
/// `-share-buttons`, `-sidebar`) still does.
pub(super) fn without_builder_words(names: &str) -> std::borrow::Cow<'_, str> {
    const GENERIC: &str = "elementor-widget";
    if names.contains(GENERIC) {
        std::borrow::Cow::Owned(names.replace(GENERIC, ""))
    } else {
        std::borrow::Cow::Borrowed(names)
    }
}

fn unlikely(names: &str) -> bool {
    use std::sync::LazyLock;
    static NEVER: LazyLock<regex::Regex> = LazyLock::new(|| any_of(NEVER_STORY));
    static CHROME: LazyLock<regex::Regex> = LazyLock::new(|| any_of(UNLIKELY));
    let names = without_builder_words(names);
    let names = names.as_ref();
    !names.is_empty()
        && (NEVER.is_match(names)
            || (CHROME.is_match(names) && !LIKELY.iter().any(|l| names.contains(l))))
}

/// Attributes the walk reads from an element, taken in one borrow of the tree.
struct Attrs {
    tag: String,
    names: String,
    hidden: bool,
    /// A `<script>` that holds HTML to be shown (`text/template`, `text/html`).
    template: bool,
}

fn attrs(node: &NodeRef<'_>) -> Option<Attrs> {
    node.query(|n| {
        let NodeData::Element(el) = &n.data else {
            return None;
        };
        let mut names = String::new();
        let mut hidden = false;
        let mut template = false;
        for a in &el.attrs {
            match &*a.name.local {
                "class" | "id" => {
                    if !names.is_empty() {
                        names.push(' ');
                    }
                    names.push_str(&a.value.to_ascii_lowercase());
                }
                "hidden" => hidden = true,
                "type" => {
                    template = &*el.name.local == "script"
                        && matches!(
                            a.value.to_ascii_lowercase().as_str(),
                            "text/template" | "text/html" | "text/x-template"
                        );
                }
                "aria-hidden" => hidden |= a.value.eq_ignore_ascii_case("true"),
                "style" => {
                    let style: String = a
                        .value
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    hidden |= style.contains("display:none") || style.contains("visibility:hidden");
                }
                _ => {}
            }
        }
        Some(Attrs {
            tag: el.name.local.to_ascii_lowercase().to_string(),
            names,
            hidden,
            template,
        })
    })
    .flatten()
}

/// Walk state: the block being read, loose text, and the open elements.
struct Walk {
    page: Page,
    /// The block element being read and its text, when inside one.
    block: Option<RawBlock>,
    loose: String,
    loose_links: usize,
    /// Open containers (indices into `page.elements`).
    containers: Vec<usize>,
    link_depth: usize,
}

/// What to do when the walk leaves an element.
enum Exit {
    Nothing,
    Block,
    NestedBlock,
    Container,
    Link,
}

impl Walk {
    fn container(&self) -> usize {
        *self.containers.last().unwrap_or(&0)
    }

    fn push_element(&mut self, tag: String, names: String, unlikely: bool) -> usize {
        let parent = self.container();
        self.page.elements[parent].has_structure = true;
        self.page.elements.push(Element {
            parent,
            tag,
            names,
            has_structure: false,
            unlikely,
        });
        self.page.elements.len() - 1
    }

    fn flush_loose(&mut self) {
        if self.loose.chars().any(|c| !c.is_whitespace()) {
            let element = self.container();
            self.page.blocks.push(RawBlock {
                kind: BlockKind::Paragraph,
                text: std::mem::take(&mut self.loose),
                link_chars: self.loose_links,
                element,
                loose: true,
            });
        }
        self.loose.clear();
        self.loose_links = 0;
    }

    fn text(&mut self, piece: &str) {
        let in_link = self.link_depth > 0;
        let (buf, links) = match &mut self.block {
            Some(b) => (&mut b.text, &mut b.link_chars),
            None => (&mut self.loose, &mut self.loose_links),
        };
        append(buf, piece);
        if in_link {
            *links += piece.trim().chars().count();
        }
    }

    fn space(&mut self) {
        match &mut self.block {
            Some(b) => b.text.push(' '),
            None => self.loose.push(' '),
        }
    }

    /// Enter an element; returns whether to read its children and what to do on leaving it.
    fn enter(&mut self, node: &NodeRef<'_>, attrs: Attrs) -> (bool, Exit) {
        let mut role = role(&attrs.tag);
        // A figure is skipped for its image and caption, but a table set in one is content.
        if attrs.tag == "figure" && !unlikely(&attrs.names) && holds_table(node) {
            role = Role::Container;
        }
        let unlikely = role != Role::Skip
            && !matches!(attrs.tag.as_str(), "body" | "html" | "article" | "main")
            && unlikely(&attrs.names);
        if attrs.hidden || (unlikely && matches!(role, Role::Inline | Role::Link)) {
            role = Role::Skip;
        }
        if attrs.tag == "tr" && holds_blocks(node) {
            role = Role::Container;
        }
        match role {
            Role::Skip => (false, Exit::Nothing),
            Role::Break => {
                self.space();
                (false, Exit::Nothing)
            }
            Role::Inline => (true, Exit::Nothing),
            Role::Link => {
                self.link_depth += 1;
                (true, Exit::Link)
            }
            Role::Block(kind) => {
                if self.block.is_some() {
                    self.space();
                    return (true, Exit::NestedBlock);
                }
                self.flush_loose();
                let element = self.push_element(attrs.tag, attrs.names, unlikely);
                self.block = Some(RawBlock {
                    kind,
                    text: String::new(),
                    link_chars: 0,
                    element,
                    loose: false,
                });
                (true, Exit::Block)
            }
            Role::Container => {
                if self.block.is_some() {
                    self.space();
                    return (true, Exit::NestedBlock);
                }
                self.flush_loose();
                let index = self.push_element(attrs.tag, attrs.names, unlikely);
                self.containers.push(index);
                (true, Exit::Container)
            }
        }
    }

    fn exit(&mut self, exit: Exit) {
        match exit {
            Exit::Nothing => {}
            Exit::Link => self.link_depth = self.link_depth.saturating_sub(1),
            Exit::NestedBlock => {
                self.space();
            }
            Exit::Block => {
                if let Some(mut block) = self.block.take()
                    && block.text.chars().any(|c| !c.is_whitespace())
                {
                    if block.kind == BlockKind::Heading && reads_as_paragraph(&block.text) {
                        block.kind = BlockKind::Paragraph;
                    }
                    self.page.blocks.push(block);
                }
            }
            Exit::Container => {
                self.flush_loose();
                self.containers.pop();
            }
        }
    }
}

/// A heading that is a paragraph set in large type: some page builders print a story's lead as
/// an `<h2>`. Headlines and subheads are short and end without a full stop; deks are shorter
/// than this too.
fn reads_as_paragraph(text: &str) -> bool {
    let text = text.trim_end();
    text.split_whitespace().count() >= 30
        && text
            .trim_end_matches(['"', '”', '’', '»', ')'])
            .ends_with(['.', '!', '?'])
}

/// Whether a table row holds paragraphs or tables of its own (a layout table), so its cells are
/// containers rather than one row of data.
fn holds_blocks(node: &NodeRef<'_>) -> bool {
    node.descendants_it().any(|d| {
        d.query(|n| match &n.data {
            NodeData::Element(el) => matches!(&*el.name.local, "p" | "div" | "table" | "ul"),
            _ => false,
        })
        .unwrap_or(false)
    })
}

/// Whether a figure holds a table (a data table the page numbers and captions as a figure).
fn holds_table(node: &NodeRef<'_>) -> bool {
    node.descendants_it().any(|d| {
        d.query(|n| matches!(&n.data, NodeData::Element(el) if &*el.name.local == "table"))
            .unwrap_or(false)
    })
}

/// Read the page once into elements and blocks.
pub fn read(doc: &Document) -> Page {
    let mut walk = Walk {
        page: Page {
            elements: vec![Element {
                parent: 0,
                tag: "body".into(),
                names: String::new(),
                has_structure: false,
                unlikely: false,
            }],
            blocks: Vec::new(),
        },
        block: None,
        loose: String::new(),
        loose_links: 0,
        containers: vec![0],
        link_depth: 0,
    };
    if let Some(body) = doc.body() {
        walk_tree(&mut walk, &doc.tree, body.id, true);
    }
    walk.exit(Exit::Block);
    walk.flush_loose();
    walk.page
}

/// Walk the children of `root`. With `templates`, the HTML of a `<script type="text/template">`
/// is read in place: some platforms print the whole post in one and fill it in by script.
fn walk_tree(walk: &mut Walk, tree: &Tree, root: NodeId, templates: bool) {
    // An explicit stack instead of recursion: a malformed page can nest 100,000 elements deep.
    let mut open: Vec<(NodeId, Exit)> = Vec::new();
    let mut next = first_child(tree, root);
    loop {
        let Some(id) = next else {
            // Leave finished elements until one has a next sibling.
            match open.pop() {
                Some((id, exit)) => {
                    walk.exit(exit);
                    next = next_sibling(tree, id);
                    continue;
                }
                None => break,
            }
        };
        let node = NodeRef::new(id, tree);
        let descend = node
            .query(|n| match &n.data {
                NodeData::Text { contents } => {
                    walk.text(contents);
                    None
                }
                NodeData::Element(_) => Some(()),
                _ => None,
            })
            .flatten()
            .is_some();
        if descend && let Some(attrs) = attrs(&node) {
            if templates && attrs.template {
                // Only markup: many templates hold JSON for a script to render.
                let html = node.text();
                if html.trim_start().starts_with('<') {
                    let inner = Document::from(html.as_ref());
                    if let Some(body) = inner.body() {
                        walk_tree(walk, &inner.tree, body.id, false);
                    }
                }
                next = next_sibling(tree, id);
                continue;
            }
            let (read_children, exit) = walk.enter(&node, attrs);
            let child = if read_children {
                first_child(tree, id)
            } else {
                None
            };
            match child {
                Some(child) => {
                    open.push((id, exit));
                    next = Some(child);
                }
                None => {
                    walk.exit(exit);
                    next = next_sibling(tree, id);
                }
            }
        } else {
            next = next_sibling(tree, id);
        }
    }
}

fn first_child(tree: &Tree, id: NodeId) -> Option<NodeId> {
    NodeRef::new(id, tree).query(|n| n.first_child).flatten()
}

fn next_sibling(tree: &Tree, id: NodeId) -> Option<NodeId> {
    NodeRef::new(id, tree).query(|n| n.next_sibling).flatten()
}

/// Append text that starts at an element boundary, restoring a space that was lost there: a
/// lowercase letter or a sentence mark followed by a capital ("for Larry", "Summary Studies");
/// a capital followed by letters (a drop cap, "W" + "ASHINGTON") is left alone.
fn append(buf: &mut String, piece: &str) {
    let before = buf.chars().next_back();
    let after = piece.chars().next();
    if let (Some(b), Some(a)) = (before, after)
        && (b.is_lowercase() || matches!(b, '.' | ',' | ';' | ':' | '!' | '?'))
        && a.is_uppercase()
    {
        buf.push(' ');
    }
    buf.push_str(piece);
}
