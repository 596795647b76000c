//! Request extractors that answer bad input with our JSON error envelope instead of axum's
//! plain-text rejections.
//!
//! - [`ApiJson`]: body must be `application/json` (415 otherwise), fit the body limit (413), be
//!   well-formed JSON (400 `malformed_json`), be a JSON object (400 `invalid_body`: serde would
//!   otherwise read an array as a struct's fields in order) and match the target type (400
//!   `validation_error` naming the field; a field given twice is named too). Unknown keys are
//!   ignored. Messages never echo the client's values, so a password sent with the wrong type is
//!   not reflected back.
//! - [`IdPath`]: the `{id}` segment must be a positive 64-bit integer (400 `invalid_id`);
//!   [`ImagePath`]: the same for `{id}` and `{image_id}` of a gallery photo.
//! - [`PageQuery`]: `offset` / `limit` as described in `domain::page` (400 otherwise).
//! - [`ListParams`]: the raw query pairs of a recipe list (validated by `domain::listing`).
//! - [`TagPrefix`]: the tag prefix of `GET /tags`; [`DryRun`]: `dry_run=true|false`.
//! - [`SuggestQuery`]: the search typed so far, of `GET /recipes/suggest`.
//! - [`json_within`]: a JSON body like [`ApiJson`], within a limit of the route's own.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Path, Query, Request},
    http::{HeaderMap, StatusCode, header, request::Parts},
};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::{
    domain::{
        CollectionId, FieldErrors, ImageId, OwnRecipes, Page, PageParams, PathId, RecipeId,
        SearchQuery, input_limits, normalize_tag, parse_int,
    },
    error::{ApiError, BadInput},
    http::views::Cooking,
    ingredients::UnitsChoice,
};

/// A JSON request body deserialized into `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// True for `application/json` and `application/<something>+json`, parameters allowed.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The whole body of `req`, within the router's limit (413 beyond).
async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::bad_request(BadInput::InvalidBody, "could not read the request body")
        }
    })
}

/// An optional JSON body: `None` when the body is empty or `null`, otherwise read as
/// [`ApiJson`] reads it.
#[derive(Debug, Clone)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = is_json(req.headers());
        let bytes = body_bytes(req, state).await?;
        if bytes.is_empty() {
            return Ok(OptionalJson(None));
        }
        if !json {
            return Err(ApiError::UnsupportedMediaType);
        }
        if bytes.trim_ascii() == b"null" {
            return Ok(OptionalJson(None));
        }
        parse_json(&bytes).map(|value| OptionalJson(Some(value)))
    }
}

/// The query string as a `T` (400 `invalid_query` when it does not fit).
#[derive(Debug, Clone)]
pub struct QueryOf<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryOf<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        query(parts, state).await.map(QueryOf)
    }
}

/// The JSON body of `req` as a `T`, like [`ApiJson`] but within `limit` bytes of its own (for
/// the routes whose bodies may be larger than the router's limit, such as a pasted page).
pub async fn json_within<T: DeserializeOwned>(req: Request, limit: usize) -> Result<T, ApiError> {
    if !is_json(req.headers()) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|err| {
            let too_large = err
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if too_large {
                ApiError::PayloadTooLarge
            } else {
                ApiError::bad_request(BadInput::InvalidBody, "could not read the request body")
            }
        })?;
    parse_json(&bytes)
}

/// The `dry_run` query parameter: `true`/`1` or `false`/`0` (default false).
#[derive(Debug, Clone, Copy)]
pub struct DryRun(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for DryRun {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[derive(serde::Deserialize)]
        struct Params {
            dry_run: Option<String>,
        }
        let params: Params = query(parts, state).await?;
        match params.dry_run.as_deref() {
            None | Some("false" | "0") => Ok(DryRun(false)),
            Some("true" | "1") => Ok(DryRun(true)),
            Some(_) => Err(ApiError::field("dry_run", "must be true or false")),
        }
    }
}

/// Deserializes `bytes`, which must hold one JSON object, as a `T`, naming the offending field
/// on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first.is_some_and(|b| *b != b'{') {
        // Well-formed JSON that is not an object, or not JSON at all?
        return Err(
            match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                Ok(_) => not_an_object(),
                Err(err) => json_error(".", &err),
            },
        );
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| json_error(&err.path().to_string(), &err.into_inner()))?;
    deserializer.end().map_err(|err| json_error(".", &err))?;
    Ok(value)
}

/// Classifies a JSON error found at `path` ("." for the whole body).
fn json_error(path: &str, err: &serde_json::Error) -> ApiError {
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::bad_request(
            BadInput::MalformedJson,
            format!(
                "request body is not valid JSON (line {}, column {})",
                err.line(),
                err.column()
            ),
        ),
        Category::Data => match duplicate_field(err) {
            Some(field) => {
                let field = if path == "." {
                    field
                } else {
                    format!("{path}.{field}")
                };
                ApiError::field(&field, "is given more than once")
            }
            None if path == "." => not_an_object(),
            None => ApiError::field(path, describe(err)),
        },
    }
}

fn not_an_object() -> ApiError {
    ApiError::bad_request(BadInput::InvalidBody, "request body must be a JSON object")
}

/// The field a "duplicate field" error names: serde's derive reports a key given twice so, with
/// the field's declared name (never text the client sent).
fn duplicate_field(err: &serde_json::Error) -> Option<String> {
    let text = err.to_string();
    let name = text.strip_prefix("duplicate field `")?.split('`').next()?;
    Some(name.to_owned())
}
/// A data error's expectation, without the value the client sent.
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let expected = text
        .split_once(", expected ")
        .map(|(_, rest)| rest.split(" at line ").next().unwrap_or(rest).to_owned());
    match expected.as_deref() {
        Some("i64" | "i32" | "u64" | "u32") => "must be an integer in range".to_owned(),
        Some("a string") => "must be a string".to_owned(),
        Some(other) => format!("must be {other}"),
        None => "has an invalid value".to_owned(),
    }
}

/// Reads the single `{id}` path parameter and parses it with `parse` (400 `invalid_id` when it
/// is not a positive integer).
async fn path_id<T, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, ApiError> {
    let invalid = |message: String| ApiError::bad_request(BadInput::InvalidId, message);
    let Path(raw) = Path::<String>::from_request_parts(parts, state)
        .await
        .map_err(|_| invalid("id must be a positive integer".into()))?;
    parse(&raw).map_err(invalid)
}

/// The `{id}` path segment of a route, as the id type `T` (`RecipeId`, `UserId`, …).
#[derive(Debug, Clone, Copy)]
pub struct IdPath<T>(pub T);

impl<T: PathId, S: Send + Sync> FromRequestParts<S> for IdPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        path_id(parts, state, T::parse).await.map(IdPath)
    }
}

/// The `{id}` and `{image_id}` segments of a gallery photo's path.
#[derive(Debug, Clone, Copy)]
pub struct ImagePath(pub RecipeId, pub ImageId);

impl<S: Send + Sync> FromRequestParts<S> for ImagePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (recipe, image) = two_ids(parts, state).await?;
        Ok(ImagePath(recipe, image))
    }
}

/// The query string as `T` (400 `invalid_query` when it does not fit).
async fn query<T: DeserializeOwned, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<T, ApiError> {
    let Query(params) = Query::<T>::from_request_parts(parts, state)
        .await
        .map_err(|_| {
            ApiError::bad_request(BadInput::InvalidQuery, "query string could not be parsed")
        })?;
    Ok(params)
}

/// The `visibility` query parameter of `GET /recipes/me`.
#[derive(Debug, Clone, Copy)]
pub struct OwnRecipesQuery(pub OwnRecipes);

impl<S: Send + Sync> FromRequestParts<S> for OwnRecipesQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[derive(serde::Deserialize)]
        struct Params {
            visibility: Option<String>,
        }
        let params: Params = query(parts, state).await?;
        OwnRecipes::parse(params.visibility.as_deref())
            .map(OwnRecipesQuery)
            .map_err(|message| ApiError::field("visibility", message))
    }
}

/// The `servings` and `units` query parameters of `GET /recipes/{id}` (see `views::Cooking`).
#[derive(Debug, Clone, Copy)]
pub struct CookingQuery(pub Cooking);

impl<S: Send + Sync> FromRequestParts<S> for CookingQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[derive(serde::Deserialize)]
        struct Params {
            servings: Option<String>,
            units: Option<String>,
        }
        let params: Params = query(parts, state).await?;
        let (min, max) = input_limits::SERVINGS;
        let mut errors = FieldErrors::new();
        let servings = params.servings.and_then(|raw| {
            errors
                .take("servings", parse_int(&raw, min, max))
                .map(|n| i32::try_from(n).expect("servings fit in i32"))
        });
        let units = match params.units.as_deref() {
            None => Some(UnitsChoice::Original),
            Some(raw) => errors.take(
                "units",
                UnitsChoice::from_id(raw)
                    .ok_or_else(|| "must be one of: original, metric, us".to_owned()),
            ),
        };
        errors
            .into_result(|| {
                CookingQuery(Cooking {
                    servings,
                    units: units.unwrap_or_default(),
                })
            })
            .map_err(ApiError::Validation)
    }
}

/// The `q` tag prefix of `GET /tags`, normalised like a tag; `None` when absent or blank.
#[derive(Debug, Clone)]
pub struct TagPrefix(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for TagPrefix {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[derive(serde::Deserialize)]
        struct Params {
            q: Option<String>,
        }
        let params: Params = query(parts, state).await?;
        match params.q {
            Some(raw) if !raw.trim().is_empty() => normalize_tag(&raw)
                .map(|tag| TagPrefix(Some(tag)))
                .map_err(|message| ApiError::field("q", message)),
            _ => Ok(TagPrefix(None)),
        }
    }
}

/// The `q` of `GET /recipes/suggest`: a search as typed so far; `None` when absent or when it
/// holds no word. Refused like the `q` of a recipe list: too long, repeated, or not UTF-8.
#[derive(Debug, Clone)]
pub struct SuggestQuery(pub Option<SearchQuery>);

impl<S: Send + Sync> FromRequestParts<S> for SuggestQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let pairs = decode_query(parts.uri.query().unwrap_or_default())?;
        let mut values = pairs.iter().filter(|(key, _)| key == "q");
        let Some((_, raw)) = values.next() else {
            return Ok(SuggestQuery(None));
        };
        if values.next().is_some() {
            return Err(ApiError::field("q", "must be given at most once"));
        }
        SearchQuery::parse(raw)
            .map(SuggestQuery)
            .map_err(|message| ApiError::field("q", message))
    }
}

/// The `offset` / `limit` query parameters of a list route.
#[derive(Debug, Clone, Copy)]
pub struct PageQuery(pub Page);

impl<S: Send + Sync> FromRequestParts<S> for PageQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params: PageParams = query(parts, state).await?;
        Page::parse(&params)
            .map(PageQuery)
            .map_err(ApiError::Validation)
    }
}

/// The two id segments of a path, parsed as `A` and `B` (400 `invalid_id` otherwise).
async fn two_ids<A: PathId, B: PathId, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
) -> Result<(A, B), ApiError> {
    let invalid = |message: String| ApiError::bad_request(BadInput::InvalidId, message);
    let Path((first, second)) = Path::<(String, String)>::from_request_parts(parts, state)
        .await
        .map_err(|_| invalid("ids must be positive integers".into()))?;
    Ok((
        A::parse(&first).map_err(invalid)?,
        B::parse(&second).map_err(invalid)?,
    ))
}

/// The `{id}` and `{recipe_id}` segments of a collection's recipe.
#[derive(Debug, Clone, Copy)]
pub struct CollectionRecipePath(pub CollectionId, pub RecipeId);

impl<S: Send + Sync> FromRequestParts<S> for CollectionRecipePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (collection, recipe) = two_ids(parts, state).await?;
        Ok(CollectionRecipePath(collection, recipe))
    }
}

/// The `key` query parameter: an unlisted collection's share key.
#[derive(Debug, Clone)]
pub struct ShareKeyQuery(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ShareKeyQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[derive(serde::Deserialize)]
        struct Params {
            key: Option<String>,
        }
        let params: Params = query(parts, state).await?;
        Ok(ShareKeyQuery(params.key))
    }
}

/// The `cursor` query parameter of a list route that is not a recipe list (blank: none); the
/// route decodes it, as its fingerprint depends on the path.
#[derive(Debug, Clone)]
pub struct CursorQuery(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for CursorQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        #[derive(serde::Deserialize)]
        struct Params {
            cursor: Option<String>,
        }
        let params: Params = query(parts, state).await?;
        Ok(CursorQuery(params.cursor.filter(|raw| !raw.is_empty())))
    }
}

/// The query of a recipe list route, as decoded pairs (repeated keys kept), and the path.
#[derive(Debug, Clone)]
pub struct ListParams {
    /// Decoded `key=value` pairs in order.
    pub pairs: Vec<(String, String)>,
    /// The request path, for the `Link` header.
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ListParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(Self {
            pairs: decode_query(query)?,
            path: parts.uri.path().to_owned(),
        })
    }
}

impl ListParams {
    /// The pairs encoded again, in order: one spelling for every way of writing them.
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.pairs {
            query.append_pair(key, value);
        }
        query.finish()
    }
}

/// Decodes `application/x-www-form-urlencoded` pairs, refusing a name or value whose
/// percent-encoded bytes are not UTF-8 (rather than turning them into U+FFFD).
fn decode_query(query: &str) -> Result<Vec<(String, String)>, ApiError> {
    let decode = |raw: &str| -> Option<String> {
        let spaced = raw.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .ok()
            .map(|text| text.into_owned())
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(raw_key).ok_or_else(|| {
                ApiError::bad_request(BadInput::InvalidQuery, "query string is not valid UTF-8")
            })?;
            let value =
                decode(raw_value).ok_or_else(|| ApiError::field(&key, "must be valid UTF-8"))?;
            Ok((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{domain::FieldErrors, error::ErrorCode};

    #[derive(Debug, serde::Deserialize)]
    struct Sample {
        #[allow(dead_code)]
        cook_time: Option<i64>,
        #[allow(dead_code)]
        password: Option<String>,
    }

    fn fields_of(err: ApiError) -> FieldErrors {
        match err {
            ApiError::Validation(fields) => fields,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn names_the_field_with_the_wrong_type_without_echoing_its_value() {
        let err = parse_json::<Sample>(br#"{"password": 12345678}"#).unwrap_err();
        let fields = fields_of(err);
        assert_eq!(fields.get("password"), Some("must be a string"));
        let err = parse_json::<Sample>(br#"{"cook_time": 100000000000000000000000}"#).unwrap_err();
        assert!(!format!("{:?}", fields_of(err)).contains("100000"));
    }

    #[test]
    fn syntax_errors_and_trailing_data_are_malformed_json() {
        for body in [&b"{"[..], b"", b"{} {}", b"{\"cook_time\": \xff}", b"nul"] {
            let err = parse_json::<Sample>(body).unwrap_err();
            assert_eq!(err.code(), ErrorCode::MalformedJson, "{body:?}");
        }
    }

    #[test]
    fn non_object_bodies_are_invalid() {
        for body in [
            &b"[]"[..],
            b"\"text\"",
            b"42",
            b"null",
            b" [\"name\", 2, 30]",
            b"[\"correct horse battery\", 12345678]",
        ] {
            assert_eq!(
                parse_json::<Sample>(body).unwrap_err().code(),
                ErrorCode::InvalidBody,
                "{body:?}"
            );
        }
    }

    #[test]
    fn query_pairs_decode_like_forms_and_refuse_invalid_utf8() {
        let pairs =
            decode_query("q=kimchi+stew&tag=%ED%95%9C%EC%8B%9D&tag=x&&empty=&bare").unwrap();
        let expected = [
            ("q", "kimchi stew"),
            ("tag", "한식"),
            ("tag", "x"),
            ("empty", ""),
            ("bare", ""),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expected);
        // An encoded U+FFFD is a character like any other; bytes that are not UTF-8 are refused.
        assert_eq!(decode_query("q=%EF%BF%BD").unwrap()[0].1, "\u{fffd}");
        let err = decode_query("q=%FF%FE").unwrap_err();
        assert_eq!(fields_of(err).get("q"), Some("must be valid UTF-8"));
        assert_eq!(
            decode_query("%FF=1").unwrap_err().code(),
            ErrorCode::InvalidQuery
        );
    }

    #[test]
    fn a_field_given_twice_is_named() {
        let err = parse_json::<Sample>(br#"{"password": "a", "password": "b"}"#).unwrap_err();
        assert_eq!(
            fields_of(err).get("password"),
            Some("is given more than once")
        );
        // Unknown keys are ignored, twice too.
        assert!(parse_json::<Sample>(br#"{"x": 1, "x": 2}"#).is_ok());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        assert!(parse_json::<Sample>(br#"{"user_id": 99, "is_publish": 1}"#).is_ok());
    }
}
