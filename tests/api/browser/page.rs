//! What a test does with the page: navigate, wait, click, type, read, look.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use fantoccini::elements::{Element, ElementRef};
use serde_json::{Value, json};

use super::Browser;

/// The first visible element matching `arguments[0]` whose shown text (an input's value) contains
/// `arguments[1]` (any text when null), or null.
const FIND_VISIBLE: &str = "
    const [css, text] = arguments;
    for (const el of document.querySelectorAll(css)) {
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        const shown = el instanceof HTMLInputElement ? el.value : el.innerText;
        if (text === null || shown.includes(text)) return el;
    }
    return null;";

/// The control of the visible label whose text is `arguments[0]` (else contains it), or null.
const FIND_LABELLED: &str = "
    const squash = s => s.replace(/\\s+/g, ' ').trim();
    const wanted = squash(arguments[0]);
    const labels = [...document.querySelectorAll('label')].filter(l => l.checkVisibility());
    const label = labels.find(l => squash(l.innerText) === wanted)
        ?? labels.find(l => squash(l.innerText).includes(wanted));
    return label ? label.control : null;";

impl Browser {
    /// Opens `path` (e.g. `/docs`) on the test's server.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        if let Err(e) = self.client.goto(&url).await {
            panic!("{}", self.report(&format!("goto {url}: {e}")).await);
        }
    }

    /// The current URL's path (no query, no fragment).
    pub async fn url_path(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        url.path().to_owned()
    }

    /// Waits for a visible element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.wait(&format!("a visible {css:?}"), async || {
            self.find(css, None).await
        })
        .await
    }

    /// Waits for a visible element matching `css` whose text contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Element {
        let what = format!("a visible {css:?} with text {text:?}");
        self.wait(&what, async || self.find(css, Some(text)).await)
            .await
    }

    /// Waits for an element matching `css` in the page, visible or not (e.g. a file input that
    /// is visually hidden behind its label).
    pub async fn wait_in_page(&self, css: &str) -> Element {
        self.wait(&format!("a {css:?} in the page"), async || {
            let script = "return document.querySelector(arguments[0])";
            let found = self.execute(script, vec![json!(css)]).await?;
            self.element(&found).ok_or_else(|| "none yet".to_owned())
        })
        .await
    }

    /// Waits until no visible element matches `css` (removed or hidden).
    pub async fn wait_gone(&self, css: &str) {
        self.wait(&format!("no visible {css:?}"), async || {
            match self.find_optional(css, None).await? {
                Some(_) => Err("still there".to_owned()),
                None => Ok(()),
            }
        })
        .await
    }

    /// Clicks the first visible element matching `css` (retrying while something covers it).
    pub async fn click(&self, css: &str) {
        self.wait(&format!("a click on {css:?}"), async || {
            let element = self.find(css, None).await?;
            element.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Clicks the first visible element matching `css` whose text contains `text`
    /// (e.g. `click_text("button", "Save")`).
    pub async fn click_text(&self, css: &str, text: &str) {
        self.wait(
            &format!("a click on {css:?} with text {text:?}"),
            async || {
                let element = self.find(css, Some(text)).await?;
                element.click().await.map_err(|e| e.to_string())
            },
        )
        .await
    }

    /// Replaces the value of the visible input or textarea matching `css` by typing `value`
    /// (a select gets the option whose text, else value, is `value`).
    pub async fn fill(&self, css: &str, value: &str) {
        self.wait(&format!("filling {css:?}"), async || {
            let element = self.find(css, None).await?;
            set_value(&element, value).await
        })
        .await
    }

    /// Fills the input, textarea or select whose `<label>` reads `label` (`for=` or wrapping);
    /// a select gets the option whose text (else value) is `value`.
    pub async fn fill_labelled(&self, label: &str, value: &str) {
        self.wait(
            &format!("filling the field labelled {label:?}"),
            async || {
                let control = self.execute(FIND_LABELLED, vec![json!(label)]).await?;
                let element = self.element(&control).ok_or("no such label or control")?;
                set_value(&element, value).await
            },
        )
        .await
    }

    /// The text of the first visible element matching `css` (waits for it), trimmed.
    pub async fn text(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        let text = element.text().await.unwrap_or_default();
        text.trim().to_owned()
    }

    /// Whether an element matching `css` is in the page now, visible or not (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        let script = "return document.querySelector(arguments[0]) !== null";
        self.eval(script, &[json!(css)]).await == true
    }

    /// Runs `js` as a function body with `args` as `arguments`; returns what it returns.
    pub async fn eval(&self, js: &str, args: &[Value]) -> Value {
        match self.execute(js, args.to_vec()).await {
            Ok(value) => value,
            Err(e) => panic!(
                "{}",
                self.report(&format!("script failed: {e}\n{js}")).await
            ),
        }
    }

    /// Resizes the window so that the page's viewport is `width` × `height` CSS pixels.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let wanted = [i64::from(width), i64::from(height)];
        self.client.set_window_size(width, height).await.unwrap();
        for _ in 0..3 {
            let inner = self.eval("return [innerWidth, innerHeight]", &[]).await;
            let inner: [i64; 2] = serde_json::from_value(inner).expect("two numbers");
            if inner == wanted {
                return;
            }
            // The window includes the browser's own bars: grow it by the difference.
            let (outer_width, outer_height) = self.client.get_window_size().await.unwrap();
            let w = outer_width as i64 + wanted[0] - inner[0];
            let h = outer_height as i64 + wanted[1] - inner[1];
            self.client
                .set_window_size(w as u32, h as u32)
                .await
                .unwrap();
        }
        let inner = self.eval("return [innerWidth, innerHeight]", &[]).await;
        panic!("viewport {width}×{height} wanted, Chromium gives {inner}");
    }

    /// Saves a PNG of the viewport at `path` (creating its directory).
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let png = self.client.screenshot().await.expect("a screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot directory");
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// Reloads the page.
    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload");
    }

    /// Goes back one page in history.
    pub async fn back(&self) {
        self.client.back().await.expect("back");
    }

    /// Waits for a `confirm()`/`alert()` dialog, answers OK and returns its message.
    pub async fn accept_alert(&self) -> String {
        let text = self.alert_text().await;
        self.client.accept_alert().await.expect("accept the dialog");
        text
    }

    /// Waits for a `confirm()` dialog, answers Cancel and returns its message.
    pub async fn dismiss_alert(&self) -> String {
        let text = self.alert_text().await;
        self.client
            .dismiss_alert()
            .await
            .expect("dismiss the dialog");
        text
    }

    async fn alert_text(&self) -> String {
        self.wait("a dialog", async || {
            let text = self.client.get_alert_text().await;
            text.map_err(|e| e.to_string())
        })
        .await
    }

    /// Retries `attempt` until it succeeds or [`Browser::timeout`] passes; then fails the test
    /// with `what`, the last reason and the page.
    async fn wait<T>(&self, what: &str, mut attempt: impl AsyncFnMut() -> Result<T, String>) -> T {
        let deadline = Instant::now() + self.timeout;
        loop {
            match attempt().await {
                Ok(value) => return value,
                Err(reason) if Instant::now() >= deadline => {
                    let problem = format!("timed out waiting for {what}: {reason}");
                    panic!("{}", self.report(&problem).await);
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    async fn find(&self, css: &str, text: Option<&str>) -> Result<Element, String> {
        let found = self.find_optional(css, text).await?;
        found.ok_or_else(|| "none yet".to_owned())
    }

    async fn find_optional(
        &self,
        css: &str,
        text: Option<&str>,
    ) -> Result<Option<Element>, String> {
        let found = self.execute(FIND_VISIBLE, vec![json!(css), json!(text)]);
        Ok(self.element(&found.await?))
    }

    async fn execute(&self, js: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(js, args)
            .await
            .map_err(|e| e.to_string())
    }

    /// The element a script returned (a WebDriver element reference), if it returned one.
    fn element(&self, value: &Value) -> Option<Element> {
        let id = value.get("element-6066-11e4-a52e-4f735466cecf")?.as_str()?;
        let id = ElementRef::from(id.to_owned());
        Some(Element::from_element_id(self.client.clone(), id))
    }

    /// `problem`, with where the browser is and what the page shows, for a failure message.
    pub(super) async fn report(&self, problem: &str) -> String {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(unknown: {e})"),
        };
        let page = match self.client.get_alert_text().await {
            Ok(dialog) => format!("(a dialog is open: {dialog:?})"),
            Err(_) => {
                let script = "return document.body ? document.body.innerText : ''";
                let text = self.client.execute(script, vec![]).await;
                let text = text.ok().and_then(|v| v.as_str().map(str::to_owned));
                let words = text.unwrap_or_default();
                let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
                match words.char_indices().nth(1500) {
                    Some((cut, _)) => format!("{}…", &words[..cut]),
                    None => words,
                }
            }
        };
        format!("{problem}\n  url: {url}\n  page text: {page}")
    }
}

/// Types `value` into an input or textarea (replacing its value), or picks it in a select.
async fn set_value(element: &Element, value: &str) -> Result<(), String> {
    let tag = element.tag_name().await.map_err(|e| e.to_string())?;
    let result = if tag.eq_ignore_ascii_case("select") {
        match element.select_by_label(value).await {
            Ok(()) => Ok(()),
            Err(_) => element.select_by_value(value).await,
        }
    } else {
        match element.clear().await {
            Ok(()) => element.send_keys(value).await,
            Err(e) => Err(e),
        }
    };
    result.map_err(|e| e.to_string())
}
