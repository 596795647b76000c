//! Photo uploads, shared by the recipe and account routes: reading the `multipart/form-data`
//! body within the size limit, and turning the file into a stored photo ready to save.
//!
//! The upload routes take no body limit from the router (it is sized for JSON); this reader
//! counts every byte itself: the file may have `MEDIA_MAX_BYTES` (413 beyond), the other fields
//! a few KiB. Fields other than the file and `alt` are read and ignored, as the document says.
//! The client's file name and `Content-Type` are never looked at: the content decides.

use axum::extract::{Multipart, multipart::MultipartRejection};
use bytes::{Bytes, BytesMut};
use utoipa::ToSchema;

use crate::{
    domain::{input_limits::ALT_MAX, parse_alt},
    error::{ApiError, BadInput},
    media::Purpose,
    state::AppState,
    store::NewPhoto,
};

/// Bytes allowed in all fields but the file together.
const OTHER_FIELDS_MAX: usize = 64 * 1024;

/// The form of `PUT /recipes/{id}/cover`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CoverForm {
    /// The photo: JPEG, PNG, WebP or GIF (first frame), judged by its content.
    #[schema(value_type = String, format = Binary)]
    cover: Vec<u8>,
    /// Text describing the photo (one line, at most 500 characters).
    #[schema(max_length = 500, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    alt: Option<String>,
}

/// The form of `POST /recipes/{id}/images`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImageForm {
    /// The photo: JPEG, PNG, WebP or GIF (first frame), judged by its content.
    #[schema(value_type = String, format = Binary)]
    image: Vec<u8>,
    /// Text describing the photo (one line, at most 500 characters).
    #[schema(max_length = 500, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    alt: Option<String>,
}

/// The form of `PUT /users/avatar`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AvatarForm {
    /// The picture: JPEG, PNG, WebP or GIF (first frame), judged by its content; cropped to a
    /// centred square.
    #[schema(value_type = String, format = Binary)]
    avatar: Vec<u8>,
}

/// A read upload form.
#[derive(Debug)]
pub struct Upload {
    pub file: Bytes,
    pub alt: Option<String>,
}

/// Reads the form of `form`: the file in field `file_field` (required), and `alt`.
pub async fn read_form(
    form: Result<Multipart, MultipartRejection>,
    file_field: &'static str,
    max_bytes: u64,
) -> Result<Upload, ApiError> {
    let mut form = form.map_err(|_| ApiError::NotMultipart(file_field))?;
    let max_file = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    let mut file: Option<Bytes> = None;
    let mut alt: Option<String> = None;
    let mut other_bytes = 0usize;
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            if file.is_some() {
                return Err(ApiError::field(file_field, "must be sent once"));
            }
            let mut bytes = BytesMut::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                if bytes.len() + chunk.len() > max_file {
                    return Err(ApiError::FileTooLarge(max_bytes));
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some(bytes.freeze());
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            other_bytes += chunk.len();
            if other_bytes > OTHER_FIELDS_MAX {
                return Err(ApiError::PayloadTooLarge);
            }
            if name == "alt" {
                value.extend_from_slice(&chunk);
            }
        }
        if name == "alt" {
            if alt.is_some() {
                return Err(ApiError::field("alt", "must be sent once"));
            }
            let text = String::from_utf8(value)
                .map_err(|_| ApiError::field("alt", "must be UTF-8 text"))?;
            if text.chars().count() > ALT_MAX {
                return Err(ApiError::field("alt", "must be at most 500 characters"));
            }
            alt = Some(text);
        }
    }
    // An empty file is sent on: it is no image (415), like any other content that is none.
    let file = file.ok_or_else(|| ApiError::field(file_field, "is required (a file)"))?;
    let alt = parse_alt(alt.as_deref()).map_err(ApiError::Validation)?;
    Ok(Upload { file, alt })
}

/// What a broken form means: over the size limit, or unreadable.
fn unreadable(err: axum::extract::multipart::MultipartError) -> ApiError {
    if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::bad_request(
            BadInput::InvalidBody,
            "the multipart/form-data body could not be read",
        )
    }
}

/// Turns `upload` into a stored photo for `purpose`, ready to save.
pub async fn prepare(
    state: &AppState,
    upload: Upload,
    purpose: Purpose,
) -> Result<NewPhoto, ApiError> {
    Ok(state
        .media
        .prepare(&state.store, upload.file, purpose, upload.alt)
        .await?)
}

/// Saves a prepared photo with `save`; if that fails or finds nothing to attach the photo to,
/// gives up the photo's files. Afterwards removes the files that the change left unused.
pub async fn save<T>(
    state: &AppState,
    photo: &NewPhoto,
    saved: Result<Option<(T, Vec<String>)>, crate::store::StoreError>,
) -> Result<Option<T>, ApiError> {
    match saved {
        Ok(Some((value, removed))) => {
            state.media.release(&state.store, &removed).await;
            Ok(Some(value))
        }
        Ok(None) => {
            state.media.abandon(&state.store, &photo.files).await;
            Ok(None)
        }
        Err(err) => {
            state.media.abandon(&state.store, &photo.files).await;
            Err(err.into())
        }
    }
}
