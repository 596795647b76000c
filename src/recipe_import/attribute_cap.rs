//! Caps the attributes of any one tag before html5ever's tokenizer reads a page.
//!
//! The tokenizer compares each new attribute name with every earlier one of the same tag, so a
//! single tag with a few hundred thousand attributes takes minutes. This linear scan follows the
//! tokenizer's states closely enough to count attributes — tags and their quoted values,
//! comments, bogus comments, and the raw text of `script`, `style`, `title` and their kin — and
//! cuts the attributes of a tag past [`MAX_ATTRIBUTES`] (up to its `>`). Every other byte is
//! kept, so ordinary pages come back unchanged and borrowed. Cuts fall on ASCII bytes, so the
//! result is still UTF-8.

use std::borrow::Cow;

/// Most attributes kept on one tag; no real page comes near.
pub(super) const MAX_ATTRIBUTES: usize = 256;

/// Elements whose content the tokenizer reads as text up to their own end tag.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "title",
    "textarea",
    "plaintext",
];

/// `html` with every tag's attributes past the first [`MAX_ATTRIBUTES`] removed.
pub(super) fn cap_attributes(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        let next = bytes.get(open + 1).copied();
        at = match next {
            Some(b'!') if bytes[open..].starts_with(b"<!--") => skip_comment(bytes, open + 4),
            Some(b'!' | b'?') => skip_past(bytes, open + 2, b'>'),
            Some(b'/') => match bytes.get(open + 2) {
                Some(c) if c.is_ascii_alphabetic() => scan_tag(bytes, open + 2, &mut cuts).0,
                Some(b'>') => open + 3,
                _ => skip_past(bytes, open + 2, b'>'),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let (end, name) = scan_tag(bytes, open + 1, &mut cuts);
                match RAW_TEXT
                    .iter()
                    .find(|raw| name.eq_ignore_ascii_case(raw.as_bytes()))
                {
                    Some(&"plaintext") => bytes.len(),
                    Some(raw) => find_end_tag(bytes, end, raw.as_bytes()),
                    None => end,
                }
            }
            _ => open + 1,
        };
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut kept = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in cuts {
        kept.push_str(&html[from..start]);
        from = end;
    }
    kept.push_str(&html[from..]);
    Cow::Owned(kept)
}

#[derive(Clone, Copy)]
enum State {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

/// Scans a start or end tag whose name begins at `name_start`; records a cut when it carries
/// too many attributes. Returns the position after the tag and its name.
fn scan_tag<'a>(
    bytes: &'a [u8],
    name_start: usize,
    cuts: &mut Vec<(usize, usize)>,
) -> (usize, &'a [u8]) {
    let name_end = bytes[name_start..]
        .iter()
        .position(|&c| is_space(c) || c == b'/' || c == b'>')
        .map_or(bytes.len(), |len| name_start + len);
    let name = &bytes[name_start..name_end];
    let mut state = State::BeforeName;
    let mut count = 0;
    let mut cut_from = None;
    let mut at = name_end;
    while at < bytes.len() {
        let c = bytes[at];
        let starts_name = match state {
            State::BeforeName | State::AfterName | State::AfterQuoted | State::SelfClosing
                if c == b'>' =>
            {
                break;
            }
            State::Name | State::BeforeValue | State::Unquoted if c == b'>' => break,
            State::BeforeName | State::AfterName if is_space(c) => false,
            State::AfterQuoted | State::SelfClosing | State::Unquoted if is_space(c) => {
                state = State::BeforeName;
                false
            }
            State::Name if is_space(c) => {
                state = State::AfterName;
                false
            }
            State::BeforeName
            | State::Name
            | State::AfterName
            | State::AfterQuoted
            | State::SelfClosing
                if c == b'/' =>
            {
                state = State::SelfClosing;
                false
            }
            State::Name | State::AfterName if c == b'=' => {
                state = State::BeforeValue;
                false
            }
            State::Name => false,
            State::BeforeName | State::AfterName | State::AfterQuoted | State::SelfClosing => {
                state = State::Name;
                true
            }
            State::BeforeValue if is_space(c) => false,
            State::BeforeValue if c == b'"' || c == b'\'' => {
                state = State::Quoted(c);
                false
            }
            State::BeforeValue => {
                state = State::Unquoted;
                false
            }
            State::Quoted(quote) => {
                if c == quote {
                    state = State::AfterQuoted;
                }
                false
            }
            State::Unquoted => false,
        };
        if starts_name {
            count += 1;
            if count == MAX_ATTRIBUTES + 1 {
                cut_from = Some(at);
            }
        }
        at += 1;
    }
    if let Some(from) = cut_from {
        cuts.push((from, at));
    }
    ((at + 1).min(bytes.len()), name)
}

/// Skips a comment whose text begins at `from`: `<!-->` and `<!--->` end at once; otherwise at
/// `-->` or `--!>`.
fn skip_comment(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(offset) = memchr(b'>', &bytes[at..]) {
        let close = at + offset;
        let before = &bytes[from..close];
        if before.ends_with(b"--") || before.ends_with(b"--!") {
            return close + 1;
        }
        at = close + 1;
    }
    bytes.len()
}

/// The position after the next `byte` at or after `from`, or the end.
fn skip_past(bytes: &[u8], from: usize, byte: u8) -> usize {
    memchr(byte, bytes.get(from..).unwrap_or_default())
        .map_or(bytes.len(), |offset| from + offset + 1)
}

/// The position of `</name` (any case) followed by whitespace, `/` or `>`, at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(offset) = memchr(b'<', bytes.get(at..).unwrap_or_default()) {
        let open = at + offset;
        let after = open + 2 + name.len();
        if bytes.get(open + 1) == Some(&b'/')
            && bytes
                .get(open + 2..after)
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
            && bytes
                .get(after)
                .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return open;
        }
        at = open + 1;
    }
    bytes.len()
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&c| c == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(count: usize) -> String {
        (0..count).map(|i| format!(" a{i}=\"v>{i}\"")).collect()
    }

    #[test]
    fn ordinary_pages_are_returned_unchanged() {
        let page = r#"<!DOCTYPE html><html><head><title>a < b</title>
            <script>if (a < b && c > d) {}</script><!-- <div a b c> --></head>
            <body><p class="x" id=y data-z='1>2' hidden/>Mix &amp; stir</p></body></html>"#;
        assert!(matches!(cap_attributes(page), Cow::Borrowed(_)));
    }

    #[test]
    fn cuts_attributes_past_the_cap_and_keeps_the_rest() {
        let page = format!(
            "<p>before</p><div{}>inside</div><p>after</p>",
            attributes(1000)
        );
        let capped = cap_attributes(&page);
        let expected = format!(
            "<p>before</p><div{} >inside</div><p>after</p>",
            attributes(MAX_ATTRIBUTES)
        );
        assert_eq!(capped, expected);
    }

    #[test]
    fn counts_every_way_an_attribute_can_start() {
        let unquoted: String = (0..400).map(|i| format!(" a{i}")).collect();
        let glued: String = (0..400).map(|i| format!("a{i}=\"\"")).collect();
        let slashed: String = (0..400).map(|i| format!("/a{i}")).collect();
        for attrs in [unquoted, glued, slashed] {
            let page = format!("<div {attrs}>x");
            let capped = cap_attributes(&page);
            assert!(
                capped.len() < page.len() && capped.ends_with(">x"),
                "{capped}"
            );
        }
    }

    #[test]
    fn cuts_fall_on_character_boundaries() {
        let names: String = (0..300).map(|i| format!(" é{i}='값'")).collect();
        let page = format!("<p{names}>김치");
        let capped = cap_attributes(&page);
        assert!(capped.ends_with("'값' >김치"), "{capped}");
        assert_eq!(capped.matches('é').count(), MAX_ATTRIBUTES);
    }

    #[test]
    fn markup_inside_comments_and_raw_text_is_not_a_tag() {
        let many = attributes(1000);
        for page in [
            format!("<!--<div{many}>-->"),
            format!("<script><div{many}></script>"),
            format!("<SCRIPT type=x><div{many}></SCRIPT >"),
            format!("<textarea><div{many}></textarea>"),
            format!("<plaintext><div{many}>"),
        ] {
            assert!(matches!(cap_attributes(&page), Cow::Borrowed(_)), "{page}");
        }
        let after_script = format!("<script>x</script><div{many}>");
        assert!(matches!(cap_attributes(&after_script), Cow::Owned(_)));
    }

    #[test]
    fn an_unclosed_tag_is_cut_to_the_end() {
        let page = format!("<div{}", attributes(300));
        assert_eq!(
            cap_attributes(&page),
            format!("<div{} ", attributes(MAX_ATTRIBUTES))
        );
        for odd in [
            "<", "</", "<!", "<!--", "<!-->", "<a", "</a b", "<a b='", "<?x", "é<é>",
        ] {
            assert_eq!(cap_attributes(odd), odd);
        }
    }
}
