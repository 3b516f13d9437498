//! Bytes to text: BOM, HTTP charset, meta prescan, then detection; and the bad-input checks.

use super::ExtractError;
use encoding_rs::Encoding;

/// Decode a page to text, or say why it is not a page.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<String, ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    let has_bom = Encoding::for_bom(bytes).is_some();
    if !has_bom && (head.contains(&0) || controls * 10 > head.len()) {
        return Err(ExtractError::Binary);
    }
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| {
            content_type
                .and_then(charset_label)
                .and_then(|e| not_legacy(e, bytes))
        })
        .or_else(|| meta_charset(head).and_then(|e| believable(e, bytes)))
        .unwrap_or_else(|| detect(bytes));
    let (text, _, _) = encoding.decode(bytes);
    let lower = text.to_ascii_lowercase();
    if !(lower.contains("<html")
        || lower.contains("<body")
        || lower.contains("<p")
        || lower.contains("<!doctype html"))
    {
        return Err(ExtractError::NotHtml);
    }
    Ok(text.into_owned())
}

/// The encoding guessed from the bytes alone. Valid UTF-8 is UTF-8 (what the detector would say
/// too, after a much longer look).
fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, true)
}

/// The HTTP header's charset, unless it says UTF-8 of bytes in a legacy charset: invalid UTF-8
/// and not one valid multi-byte sequence, as a server configured for UTF-8 sends an old
/// windows-1252 page. Read as UTF-8, every accented letter would be stored as U+FFFD, and
/// fixing the server later would read as an edit. A UTF-8 page with a stray bad byte keeps
/// the header's word.
fn not_legacy(declared: &'static Encoding, bytes: &[u8]) -> Option<&'static Encoding> {
    if declared != encoding_rs::UTF_8 {
        return Some(declared);
    }
    let (mut multibyte, mut invalid) = (false, false);
    for chunk in bytes.utf8_chunks() {
        multibyte |= !chunk.valid().is_ascii();
        invalid |= !chunk.invalid().is_empty();
    }
    (multibyte || !invalid).then_some(declared)
}

/// A page's own meta charset, unless the bytes contradict it: a page declared UTF-8 that is not
/// valid UTF-8 is detected instead, and a page declared in a legacy charset whose non-ASCII bytes
/// are all valid UTF-8 is UTF-8 (multi-byte UTF-8 sequences almost never occur by chance in
/// legacy text). Copied templates keep stale meta tags.
fn believable(declared: &'static Encoding, bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.is_ascii() {
        return Some(declared);
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    match (declared == encoding_rs::UTF_8, utf8) {
        (true, false) => None,
        (false, true) => Some(encoding_rs::UTF_8),
        _ => Some(declared),
    }
}

fn charset_label(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let label: String = lower[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// `<meta charset=…>` or `<meta http-equiv content="…charset=…">` in the first bytes.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let end = tag.find('>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(enc) = charset_label(tag) {
            // UTF-16 labels in an ASCII-compatible prescan mean UTF-8 (HTML spec).
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                },
            );
        }
        rest = &rest[at + 5..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><body><p>Привет, мир, это новость дня.</p></body></html>";

    #[test]
    fn a_utf8_header_on_a_windows_1252_page_gives_way() {
        let page = "<html><head><meta charset=\"windows-1252\"></head><body><p>Café owner’s \
                    long fight ends as the council agrees.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let text = decode(&bytes, Some("text/html; charset=utf-8")).unwrap();
        assert!(text.contains("Café owner’s"), "{text}");
        // Without a meta charset the bytes are detected.
        let bare = page.replace("<meta charset=\"windows-1252\">", "");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&bare);
        let text = decode(&bytes, Some("text/html; charset=utf-8")).unwrap();
        assert!(text.contains("Café owner’s"), "{text}");
        // A UTF-8 page with one stray byte keeps the header's UTF-8.
        let mut stray = "<html><body><p>Café owner’s fight ends.</p>"
            .as_bytes()
            .to_vec();
        stray.push(0xff);
        stray.extend_from_slice(b"</body></html>");
        let text = decode(&stray, Some("text/html; charset=utf-8")).unwrap();
        assert!(text.contains("Café owner’s"), "{text}");
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(PAGE.as_bytes());
        assert!(
            decode(&bytes, Some("text/html; charset=windows-1251"))
                .unwrap()
                .contains("Привет")
        );
    }

    #[test]
    fn header_charset_is_used() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(PAGE);
        assert!(
            decode(&bytes, Some("text/html; charset=windows-1251"))
                .unwrap()
                .contains("Привет")
        );
    }

    #[test]
    fn meta_charset_is_used() {
        let page = format!("<meta charset=\"windows-1251\">{PAGE}");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
        assert!(decode(&bytes, None).unwrap().contains("Привет"));
    }

    #[test]
    fn a_meta_charset_the_bytes_contradict_is_overruled() {
        // UTF-8 text behind a stale legacy label.
        let page = format!("<meta charset=\"iso-8859-1\">{PAGE}");
        assert!(decode(page.as_bytes(), None).unwrap().contains("Привет"));
        // windows-1251 text behind a UTF-8 label.
        let page = format!("<meta charset=\"utf-8\">{}", PAGE.repeat(20));
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
        assert!(decode(&bytes, None).unwrap().contains("Привет"));
        // A legacy label the bytes agree with is kept.
        let page = "<meta charset=\"iso-8859-1\"><p>Caf\u{e9} cr\u{e8}me</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        assert!(decode(&bytes, None).unwrap().contains("Café crème"));
    }

    #[test]
    fn unlabelled_cyrillic_is_detected() {
        let page = PAGE.repeat(20);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
        assert!(decode(&bytes, None).unwrap().contains("Привет"));
    }

    #[test]
    fn bad_inputs_are_classified() {
        assert_eq!(decode(b"  \n ", None), Err(ExtractError::Empty));
        assert_eq!(
            decode(b"\x00\x01\x02PK\x03\x04", None),
            Err(ExtractError::Binary)
        );
        assert_eq!(
            decode(b"just some plain text", None),
            Err(ExtractError::NotHtml)
        );
    }
}
