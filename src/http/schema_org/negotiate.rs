//! Content negotiation between a recipe's JSON (the default) and its JSON-LD.

use axum::http::{HeaderMap, header};

use super::JSON_LD;

/// True when the `Accept` header prefers `application/ld+json` to `application/json`: it names
/// JSON-LD with a quality above 0 and at least that of JSON (and of any wildcard that covers
/// JSON). Without an `Accept` header the answer is JSON.
pub fn wants_json_ld(headers: &HeaderMap) -> bool {
    let mut json_ld: Option<f32> = None;
    let mut json: f32 = 0.0;
    for value in headers.get_all(header::ACCEPT) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            match media.as_str() {
                JSON_LD => json_ld = Some(json_ld.map_or(quality, |q| q.max(quality))),
                "application/json" | "application/*" | "*/*" => json = json.max(quality),
                _ => {}
            }
        }
    }
    json_ld.is_some_and(|q| q > 0.0 && q >= json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, value.parse().unwrap());
        headers
    }

    #[test]
    fn json_ld_only_when_preferred() {
        assert!(wants_json_ld(&accept("application/ld+json")));
        assert!(wants_json_ld(&accept(
            "application/ld+json, application/json;q=0.9"
        )));
        assert!(wants_json_ld(&accept(
            "Application/LD+JSON;q=0.5, */*;q=0.1"
        )));
        assert!(!wants_json_ld(&accept("application/json")));
        assert!(!wants_json_ld(&accept(
            "application/ld+json;q=0.5, application/json"
        )));
        assert!(!wants_json_ld(&accept("application/ld+json;q=0")));
        assert!(!wants_json_ld(&accept("*/*")));
        assert!(!wants_json_ld(&HeaderMap::new()));
    }
}
