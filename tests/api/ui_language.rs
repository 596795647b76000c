//! The UI's words in two languages, read from `web/` as files: both dictionaries
//! (`web/js/i18n/en.js`, `ko.js`) hold the same keys with the same `{parameters}`, every key the
//! UI asks for is in them and every key in them is asked for, no module writes English of its own
//! into the page, and the chosen language is the one thing the UI keeps in the browser's storage.
//! (The UI in Korean, in a browser: `ui_flows::language`.)

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// The `web/` folder of this checkout.
fn web() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("web")
}

/// Every `.js` file under `web/js`, with its path from there.
fn modules() -> Vec<(String, String)> {
    let root = web().join("js");
    let mut dirs = vec![root.clone()];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                let name = path.strip_prefix(&root).unwrap().display().to_string();
                files.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    assert!(files.len() > 20, "{} modules", files.len());
    files
}

/// The modules that use the dictionaries (not the dictionaries, nor `i18n.js` that reads them).
fn ui_modules() -> Vec<(String, String)> {
    modules()
        .into_iter()
        .filter(|(name, _)| !name.starts_with("i18n"))
        .collect()
}

/// One entry of a dictionary: its text, or its forms (`one`, `other`) by name.
#[derive(Debug)]
enum Entry {
    Text(String),
    Forms(BTreeMap<String, String>),
}

impl Entry {
    fn texts(&self) -> Vec<&str> {
        match self {
            Entry::Text(text) => vec![text],
            Entry::Forms(forms) => forms.values().map(String::as_str).collect(),
        }
    }

    /// The `{names}` its texts use.
    fn parameters(&self) -> BTreeSet<String> {
        self.texts().into_iter().flat_map(parameters).collect()
    }
}

fn parameters(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        match rest.find('}') {
            Some(end)
                if end > 0
                    && rest[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                names.push(rest[..end].to_owned());
                rest = &rest[end + 1..];
            }
            _ => {}
        }
    }
    names
}

/// Reads a JS string literal in `'` at the start of `text`: its value and the rest of `text`.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('\'')?.char_indices();
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => value.push(chars.next()?.1),
            '\'' => return Some((value, &text[i + 2..])),
            c => value.push(c),
        }
    }
    None
}

/// The entries of the dictionary `web/js/i18n/<name>.js`: between `export default {` and `};`,
/// each line is blank, a `//` comment or one entry, `'key': 'text',` or
/// `'key': { one: '…', other: '…' },` (the format is part of what this test holds).
fn dictionary(name: &str) -> BTreeMap<String, Entry> {
    let path = web().join("js/i18n").join(format!("{name}.js"));
    let text = std::fs::read_to_string(&path).unwrap();
    let body = text
        .split_once("export default {\n")
        .and_then(|(_, body)| body.split_once("\n};"))
        .unwrap_or_else(|| panic!("{}: no `export default {{ … }};`", path.display()))
        .0;
    let mut entries = BTreeMap::new();
    for (number, line) in body.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let place = format!("{name}.js, entry line {}: {line}", number + 1);
        let (key, rest) = quoted(line).unwrap_or_else(|| panic!("{place}"));
        let rest = rest.strip_prefix(": ").unwrap_or_else(|| panic!("{place}"));
        let rest = rest.strip_suffix(',').unwrap_or_else(|| panic!("{place}"));
        let entry = if let Some(forms) = rest.strip_prefix("{ ").and_then(|r| r.strip_suffix(" }"))
        {
            let mut map = BTreeMap::new();
            let mut forms = forms;
            loop {
                let (form, after) = forms.split_once(": ").unwrap_or_else(|| panic!("{place}"));
                let (value, after) = quoted(after).unwrap_or_else(|| panic!("{place}"));
                map.insert(form.to_owned(), value);
                match after.strip_prefix(", ") {
                    Some(next) => forms = next,
                    None if after.is_empty() => break,
                    None => panic!("{place}"),
                }
            }
            Entry::Forms(map)
        } else {
            let (value, after) = quoted(rest).unwrap_or_else(|| panic!("{place}"));
            assert!(after.is_empty(), "{place}");
            Entry::Text(value)
        };
        assert!(
            entries.insert(key, entry).is_none(),
            "{place}: the key twice"
        );
    }
    assert!(entries.len() > 100, "{name}.js: {} entries", entries.len());
    entries
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn both_dictionaries_hold_the_same_keys_with_the_same_parameters() {
    let english = dictionary("en");
    let korean = dictionary("ko");
    let english_keys: BTreeSet<_> = english.keys().collect();
    let korean_keys: BTreeSet<_> = korean.keys().collect();
    assert_eq!(
        english_keys.difference(&korean_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in en.js only"
    );
    assert_eq!(
        korean_keys.difference(&english_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in ko.js only"
    );
    for (key, entry) in &english {
        let translation = &korean[key];
        assert_eq!(entry.parameters(), translation.parameters(), "{key}");
        if let Entry::Forms(forms) = entry {
            let names: Vec<_> = forms.keys().map(String::as_str).collect();
            assert_eq!(names, ["one", "other"], "{key}: en.js's forms");
        }
        if let Entry::Forms(forms) = translation {
            assert!(forms.contains_key("other"), "{key}: ko.js needs `other`");
        }
        for text in translation.texts() {
            // Korean words, unless the text is only parameters and punctuation ("{link}").
            let words = text
                .split(['{', '}'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .any(|(_, piece)| piece.chars().any(char::is_alphabetic));
            assert!(!words || has_hangul(text), "{key}: {text:?} is not Korean");
            assert!(!text.trim().is_empty(), "{key}: empty");
        }
        for text in entry.texts() {
            assert!(!text.trim().is_empty(), "{key}: empty in en.js");
        }
    }
}

/// The key of each `t('…')` / `tNodes('…')` call of `js`; a call whose first argument is not a
/// string literal is an error (so that every key can be checked).
fn keys_called(name: &str, js: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for function in ["t(", "tNodes("] {
        for (at, _) in js.match_indices(function) {
            // A method or another name ending in `t` is not a call of `t` (a spread, `...t(`, is).
            let before = js[..at].trim_end_matches("...").chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
                continue;
            }
            let argument = js[at + function.len()..].trim_start();
            let (key, _) = quoted(argument).unwrap_or_else(|| {
                let line = js[..at].lines().count();
                panic!("{name}:{line}: {function}…) needs a literal key, not {argument:.40}")
            });
            keys.push(key);
        }
    }
    keys
}

/// The keys `index.html` names in `data-i18n`, `data-i18n-placeholder`, `data-i18n-aria-label`.
fn keys_of_page() -> Vec<String> {
    let html = std::fs::read_to_string(web().join("index.html")).unwrap();
    let mut keys = Vec::new();
    for (at, _) in html.match_indices(" data-i18n") {
        let rest = &html[at..];
        let value = rest.split_once("=\"").unwrap().1;
        keys.push(value[..value.find('"').unwrap()].to_owned());
    }
    assert!(keys.len() >= 5, "{keys:?}");
    keys
}

#[test]
fn every_key_the_ui_asks_for_is_in_the_dictionaries_and_every_entry_is_used() {
    let english = dictionary("en");
    let mut used = BTreeSet::new();
    for (name, js) in ui_modules() {
        for key in keys_called(&name, &js) {
            assert!(english.contains_key(&key), "{name} asks for {key:?}");
            used.insert(key);
        }
    }
    for key in keys_of_page() {
        assert!(english.contains_key(&key), "index.html names {key:?}");
        used.insert(key);
    }
    let unused: Vec<_> = english.keys().filter(|key| !used.contains(*key)).collect();
    assert!(unused.is_empty(), "entries nothing asks for: {unused:?}");
}

/// The texts of the string literals of `js` (quoted, and the fixed parts of template literals),
/// skipping comments and regular expressions.
fn string_literals(js: &str) -> Vec<String> {
    let chars: Vec<char> = js.chars().collect();
    let mut literals = Vec::new();
    let mut templates: Vec<usize> = Vec::new(); // open `${`: the braces opened inside each
    let mut previous = String::new(); // the last token: decides whether `/` starts a regex
    let mut i = 0;
    // Reads a template's fixed part from `i` (after "`" or "}"), up to "`" or "${".
    let template_part = |i: &mut usize, literals: &mut Vec<String>, templates: &mut Vec<usize>| {
        let mut text = String::new();
        loop {
            match chars[*i] {
                '\\' => {
                    text.push(chars[*i + 1]);
                    *i += 2;
                }
                '`' => {
                    *i += 1;
                    break;
                }
                '$' if chars[*i + 1] == '{' => {
                    templates.push(0);
                    *i += 2;
                    break;
                }
                c => {
                    text.push(c);
                    *i += 1;
                }
            }
        }
        literals.push(text);
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '\'' || c == '"' {
            let mut text = String::new();
            i += 1;
            while chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            literals.push(text);
            previous = "literal".into();
        } else if c == '`' {
            i += 1;
            template_part(&mut i, &mut literals, &mut templates);
            previous = "literal".into();
        } else if c == '}' && templates.last() == Some(&0) {
            templates.pop();
            i += 1;
            template_part(&mut i, &mut literals, &mut templates);
            previous = "literal".into();
        } else if c == '/' && regex_may_follow(&previous) {
            let mut class = false;
            i += 1;
            while class || chars[i] != '/' {
                match chars[i] {
                    '\\' => i += 1,
                    '[' => class = true,
                    ']' => class = false,
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            previous = "literal".into();
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            previous = chars[start..i].iter().collect();
        } else {
            if let Some(open) = templates.last_mut() {
                match c {
                    '{' => *open += 1,
                    '}' => *open -= 1,
                    _ => {}
                }
            }
            if !c.is_whitespace() {
                previous = c.to_string();
            }
            i += 1;
        }
    }
    literals
}

/// Whether a `/` after the token `previous` starts a regular expression (not a division).
fn regex_may_follow(previous: &str) -> bool {
    match previous {
        "" | "return" | "typeof" => true,
        p if p.chars().count() == 1 => "(,=:[!&|?{};+-*%<>~^".contains(p),
        _ => false,
    }
}

/// Whether `text` reads like English words for people: two or more words the first of them
/// capitalised ("Log out"), three or more words, or one capitalised word ("Delete").
fn reads_as_english(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ".,;:!?()“”\"'…".contains(c)))
        .filter(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '’')
        })
        .collect();
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase() || c == '\'' || c == '’')
    };
    let single = text.trim().trim_end_matches(|c: char| ".!?:…".contains(c));
    (words.len() >= 2 && capitalised(words[0]))
        || words.len() >= 3
        || (capitalised(single) && words.len() == 1)
}

/// Literals that read like English but are not the UI's words: HTTP header names, names of
/// browsers and systems, a header written as code, a selector, events' data types, an error of
/// the BlurHash decoder (caught, never shown), the language switcher's own "English" and the
/// names of keys (`KeyboardEvent.key`).
const NOT_UI_TEXT: &[&str] = &[
    "Accept",
    "Enter",
    "Escape",
    "Authorization",
    "Bearer ",
    "Authorization: Bearer <token>",
    "Files",
    "input, textarea, select",
    "not a BlurHash",
    "English",
    "Edge",
    "Opera",
    "Firefox",
    "Chrome",
    "Safari",
    "Android",
    "Windows",
    "Mac OS",
    "Linux",
];

#[test]
fn no_module_writes_english_of_its_own_into_the_page() {
    let mut found = Vec::new();
    for (name, js) in ui_modules()
        .into_iter()
        .chain(modules().into_iter().filter(|(name, _)| name == "i18n.js"))
    {
        for literal in string_literals(&js) {
            if reads_as_english(&literal) && !NOT_UI_TEXT.contains(&literal.as_str()) {
                found.push(format!("{name}: {literal:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English text outside the dictionaries (move it to web/js/i18n/en.js and ko.js, and \
         use t()): {found:#?}"
    );
}

#[test]
fn the_english_detector_finds_ui_text_and_skips_code() {
    let js = r#"
        // A comment: Never mind this.
        const a = h('button', {}, 'Log out');
        const b = `Recipes by ${user.username} and ${`nested ${x}`} more`;
        const c = text.replace(/[.!?']$/, '') / 2;
        const d = { class: 'secondary more', ok: "Delete" };
        const e = /Some regex/.test(x) ? 'or drop photos here' : 'fine';
    "#;
    let literals = string_literals(js);
    let english: Vec<_> = literals.iter().filter(|l| reads_as_english(l)).collect();
    assert_eq!(
        english,
        ["Log out", "Recipes by ", "Delete", "or drop photos here"],
        "{literals:?}"
    );
}

#[test]
fn the_language_is_the_only_thing_kept_in_the_browser_s_storage() {
    let mut users = Vec::new();
    for (name, js) in modules() {
        if js.contains("localStorage") {
            users.push(name);
        }
    }
    assert_eq!(users, ["i18n.js"]);
    let i18n = std::fs::read_to_string(web().join("js/i18n.js")).unwrap();
    for use_ in i18n
        .match_indices("localStorage")
        .map(|(at, _)| &i18n[at..])
    {
        assert!(
            use_.starts_with("localStorage.getItem(LANGUAGE_KEY)")
                || use_.starts_with("localStorage.setItem(LANGUAGE_KEY, next)")
                || use_.starts_with("localStorage under LANGUAGE_KEY"),
            "{:.60}",
            use_
        );
    }
}
