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

/// The 403 of the routes that use the session cookie: `responses(..., CrossOrigin)`.
pub struct CrossOrigin;

impl IntoResponses for CrossOrigin {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        forbidden("`cross_origin_request`: sent by another site's page")
    }
}

/// A 403 answer with the error body, described by `description`.
fn forbidden(description: &str) -> BTreeMap<String, RefOr<Response>> {
    let response = ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("Error"))),
        )
        .build();
    BTreeMap::from([("403".to_owned(), response.into())])
}
