//! Response sets that operations share in their annotations (`responses(..., OwnerOnly)`).

use std::collections::BTreeMap;

use utoipa::{
    IntoResponses,
    openapi::{Content, Ref, RefOr, ResponseBuilder, response::Response},
};

/// The 403 of the routes that change a recipe: `responses(..., OwnerOnly)`.
pub struct OwnerOnly;

impl IntoResponses for OwnerOnly {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        forbidden(
            "`forbidden`: someone else's published recipe (someone else's draft is 404); or \
             `insufficient_scope`: a read-only personal access token",
        )
    }
}

/// The 403 of `PUT /recipes/{id}/publish`: those of [`OwnerOnly`], and the two reasons a
/// recipe of one's own cannot be published: `responses(..., PublishRefused)`.
pub struct PublishRefused;

impl IntoResponses for PublishRefused {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        forbidden(
            "`forbidden`: someone else's published recipe (someone else's draft is 404); \
             `insufficient_scope`: a read-only personal access token; `recipe_hidden`: an \
             administrator hid it; or `email_unverified`: the site needs a verified email \
             address to publish (`REQUIRE_VERIFIED_EMAIL_TO_PUBLISH`)",
        )
    }
}

/// The 403 of the routes that use the session cookie: `responses(..., CrossOrigin)`.
pub struct CrossOrigin;

impl IntoResponses for CrossOrigin {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        forbidden("`cross_origin_request`: sent by another site's page")
    }
}

/// The refusals of a photo upload: `responses(..., PhotoRefusals)`.
pub struct PhotoRefusals;

impl IntoResponses for PhotoRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            error(
                "413",
                "`payload_too_large`: the file is over `MEDIA_MAX_BYTES` (20 MiB by default), \
                 or the other fields over 64 KiB",
            ),
            error(
                "415",
                "`unsupported_media_type`: the body is not `multipart/form-data`; or \
                 `unsupported_image_type`: the file's content is not a JPEG, PNG, WebP or GIF \
                 image (AVIF and HEIC are named as such)",
            ),
            error(
                "422",
                "`image_too_large`: more pixels than `MEDIA_MAX_PIXELS` (50 million by \
                 default) or a side over 65 535, judged from the header before decoding; or \
                 `invalid_image`: a truncated or corrupt file",
            ),
            error(
                "503",
                "`media_unavailable`, `database_unavailable` or `timeout`: retry after \
                 `Retry-After` seconds",
            ),
        ])
    }
}

/// The 503 of reading a media file: `responses(..., MediaOutage)`.
pub struct MediaOutage;

impl IntoResponses for MediaOutage {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([error(
            "503",
            "`media_unavailable`: the media store failed, or `timeout`; retry shortly",
        )])
    }
}

/// The 409 of adding a photo to a full gallery: `responses(..., FullGallery)`.
pub struct FullGallery;

impl IntoResponses for FullGallery {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([error(
            "409",
            "`gallery_full`: the gallery already holds 20 photos",
        )])
    }
}

/// The 409 of a gallery order that is not the gallery's photos: `responses(..., ChangedGallery)`.
pub struct ChangedGallery;

impl IntoResponses for ChangedGallery {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([error(
            "409",
            "`gallery_changed`: `order` does not list exactly the gallery's current photos \
             (one was added or deleted meanwhile?): read the recipe and send its photos' ids",
        )])
    }
}

/// The refusals of a recipe import: `responses(..., ImportRefusals)`.
pub struct ImportRefusals;

impl IntoResponses for ImportRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            error(
                "400",
                "`url_not_allowed`: the fetch policy refuses the URL or a redirect (the message \
                 names the reason: scheme, credentials, a loopback, private, link-local or other \
                 non-public address, too many redirects); `validation_error`: not exactly one \
                 of `url`, `html`, `jsonld` (`html` may come with `url`)",
            ),
            error(
                "413",
                "`payload_too_large`: the body, or `html`, is over `IMPORT_MAX_BYTES` \
                 (5 MiB by default)",
            ),
            error(
                "422",
                "`no_recipe_found`: the page or document holds no schema.org `Recipe` \
                 (JSON-LD or microdata)",
            ),
            error(
                "502",
                "`fetch_failed`: the page could not be fetched — unreachable host, an error \
                 status, a type other than HTML or JSON-LD, over `IMPORT_MAX_BYTES`, or slower \
                 than `IMPORT_TIMEOUT` (the message says which)",
            ),
        ])
    }
}

/// A 403 answer with the error body, described by `description`.
fn forbidden(description: &str) -> BTreeMap<String, RefOr<Response>> {
    BTreeMap::from([error("403", description)])
}

/// An answer of `status` with the error body, described by `description`.
fn error(status: &str, description: &str) -> (String, RefOr<Response>) {
    let response = ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("Error"))),
        )
        .build();
    (status.to_owned(), response.into())
}
