//! Boilerplate lines that extraction crates keep inside the story container: "read more" links,
//! newsletter and subscription prompts, affiliate disclosures, comment policies, copyright lines,
//! follow-us lines and photo credits. Each is recognised by phrases sites share, never by a site,
//! and only in short blocks, so a story paragraph that mentions a newsletter is kept.

/// Prefixes of a cross-link to another story, in the languages the corpus and our users read.
const READ_MORE: &[&str] = &[
    "read more:",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "related content",
    "related coverage",
    "more on this story",
    "lea también:",
    "lea más:",
    "lea:",
    "lee también:",
    "contenido relacionado",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "voir aussi",
    "lesen sie auch",
    "lesen sie mehr",
    "mehr zum thema",
    "leia também",
    "leggi anche",
];

/// Phrases of promotions, disclosures and policies that are no part of any story.
const PROMO: &[&str] = &[
    "sign up to",
    "sign up for",
    "sign up here",
    "signing up to our newsletter",
    "subscribe now",
    "subscribe to our",
    "please subscribe to",
    "already a subscriber",
    "never miss",
    "daily edition by email",
    "to be informed of",
    "our newsletter",
    "download the app",
    "apps for ios and android",
    "contains references to products",
    "we may receive compensation",
    "we may earn a commission",
    "advertisers do not influence",
    "comments are moderated",
    "we welcome reader comments",
    "be part of the conversation",
    "submit a letter to the editor",
    "letters to the editor",
    "we want to hear what you think",
    "all rights reserved",
    "your browser does not support",
    "copyrighted property",
    "written permission must be obtained",
    "may not be published, broadcast, rewritten",
    "our standards:",
    "click here for more information",
    "click here to",
    "delivered through your letterbox",
    "delivered to your door",
    "trust principles",
];

/// Whether text holds any of [`PROMO`]: one pass over it, not one per phrase.
fn promo() -> &'static regex::Regex {
    static PROMO_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let phrases: Vec<String> = PROMO.iter().map(|p| regex::escape(p)).collect();
        regex::Regex::new(&phrases.join("|")).expect("escaped phrases")
    });
    &PROMO_RE
}

/// Networks named in "follow us" lines.
const NETWORKS: &[&str] = &["twitter", "facebook", "instagram", "linkedin", "whatsapp"];

/// Prefixes of a photo caption's credit or of an image label.
const CREDIT: &[&str] = &[
    "(credit:",
    "credit:",
    "photo by ",
    "photos by ",
    "photo:",
    "(photo:",
    "image:",
    "photograph:",
    "bild:",
    "foto:",
    "(foto:",
];

/// Whether a block is boilerplate rather than story text.
pub fn is_boilerplate(text: &str) -> bool {
    if is_shortcode(text) || is_tag_list(text) {
        return true;
    }
    let words = text.split_whitespace().count();
    if words > 45 {
        return false;
    }
    let lower = text.to_lowercase();
    let starts = |list: &[&str]| list.iter().any(|p| lower.starts_with(p));
    (words <= 25 && starts(READ_MORE))
        || promo().is_match(&lower)
        || (words <= 25 && (lower.starts_with('©') || lower.starts_with("copyright")))
        || (words <= 30
            && lower.starts_with("follow ")
            && NETWORKS.iter().any(|n| lower.contains(n)))
        || (words <= 25 && starts(CREDIT))
}

/// A labelled list of tags or topics ("Tags: a, b, c"). Unlabelled comma lists were tried too
/// and removed: on the scrapinghub pages they took real lists (recall 0.962 -> 0.960).
fn is_tag_list(text: &str) -> bool {
    // The labels are short: lowercase only as many characters as the longest has.
    let lower: String = text.chars().take(11).flat_map(char::to_lowercase).collect();
    ["tags", "topics", "filed under", "tagged"]
        .iter()
        .any(|l| lower.starts_with(l))
        && text.split_whitespace().count() <= 60
        && text.split(',').count() >= 3
}

/// A CMS shortcode the page printed instead of running (`[button link="…"]Send us…[/button]`):
/// markup that never is story text.
fn is_shortcode(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('[') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    !name.is_empty()
        && rest[name.len()..].starts_with([' ', ']'])
        && text.contains(&format!("[/{name}]"))
}

/// The publisher's "about us" paragraph that closes press releases and company news: a name that
/// "is a global/leading … provider" with a corporate fact. Only the closing blocks are looked at.
pub fn is_company_footer(text: &str) -> bool {
    let lower = text.to_lowercase();
    let Some(at) = [" is a ", " is an ", " is the ", " are a "]
        .iter()
        .filter_map(|v| lower.find(v))
        .min()
    else {
        return false;
    };
    let subject_words = text[..at].split_whitespace().count();
    let after = &lower[at..];
    let claim = [
        "global",
        "leading",
        "world's",
        "world’s",
        "worldwide",
        "international",
        "provider",
    ];
    let fact = [
        "headquarter",
        "employees",
        "listed on",
        "founded in",
        "subsidiar",
        "solutions",
        "www.",
        "for more information",
    ];
    (1..=6).contains(&subject_words)
        && !lower.starts_with("the ")
        && !lower.starts_with("he ")
        && !lower.starts_with("she ")
        && claim
            .iter()
            .any(|c| after[..after.len().min(80)].contains(c))
        && fact.iter().any(|f| lower.contains(f))
}

#[cfg(test)]
mod tests {
    use super::{is_boilerplate, is_company_footer};

    #[test]
    fn shortcodes_and_company_footers_are_boilerplate() {
        assert!(is_boilerplate(
            "[button link=\"/submit\" type=\"big\"] Send us YOUR review[/button]"
        ));
        assert!(!is_boilerplate("[1] Harbour report, 2024, page 12."));
        assert!(is_boilerplate(
            "Tags harbour fire, port ellis, quayside, warehouse fire 2025, evacuations"
        ));
        assert!(is_boilerplate("Tags: harbour, fire, council"));
        assert!(!is_boilerplate(
            "Crews came from Ashford, Bexley, Carlow, Dunmore, Ennis and Fairview."
        ));
        assert!(!is_boilerplate(
            "Topics of the meeting were the quay and the budget."
        ));
        assert!(is_boilerplate("CLICK HERE TO GET THE LEDGER APP"));
        assert!(is_boilerplate("Your browser does not support video."));
        assert!(is_company_footer(
            "Quaywise is a global provider of harbour logistics solutions, headquartered in Rotterdam with 1,200 employees."
        ));
        assert!(!is_company_footer(
            "The company is a leading employer in the harbour district, with 1,200 employees."
        ));
        assert!(!is_company_footer(
            "Ana Ruiz is a leading expert on ports and has studied the harbour for a decade."
        ));
    }

    #[test]
    fn cross_links_in_several_languages_are_boilerplate() {
        for line in [
            "Read more: Harbour authority names new chief",
            "Lea también: El puerto nombra a su nueva directora",
            "À lire aussi » Que manger pour bien dormir ?",
            "Lesen Sie auch: Der Hafen bekommt eine neue Chefin",
            "Contenido Relacionado",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn promotions_disclosures_and_policies_are_boilerplate() {
        for line in [
            "Never miss the latest news by signing up to our newsletter today!",
            "Get The Coastal Ledger's Daily Edition by email and never miss our top stories Free Sign Up",
            "Subscribe now to our print edition for the full story.",
            "This post contains references to products from one or more of our advertisers.",
            "Please understand that comments are moderated and not all can be published.",
            "© 2024 Coastal Ledger Media. All Rights Reserved",
            "Follow the Ledger on Twitter and Instagram @CoastalLedger.",
            "(Credit: Ana Ruiz / Coastal Ledger)",
            "Photos by Ana Ruiz (Coastal Ledger), Tom Lee, Harbor Authority 2024.",
            "Bild: Logo des Hafenpreises | © Ledger",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn story_paragraphs_that_mention_the_same_words_are_kept() {
        for line in [
            "The council said readers who signed the petition would be told of the result.",
            "Related companies in the harbour district reported losses of 4 million dollars, the survey found, and several said they would cut staff before the summer season began.",
            "Photographers gathered at the pier as the first ship arrived.",
            "She read more than forty reports before writing her ruling, the court said.",
            "“Follow the money,” said the auditor, who has studied the port's accounts for a decade.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
        // A long paragraph is story text even when it names a newsletter.
        let long = "The newsletter, which the harbour authority started in 2019, ".repeat(5)
            + "asked readers to sign up for updates on the dredging work.";
        assert!(!is_boilerplate(&long));
    }
}
