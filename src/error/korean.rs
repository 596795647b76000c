//! The Korean words of the error answers: one sentence per [`ErrorCode`] (an exhaustive `match`,
//! so a new code does not build without its Korean message), and the field messages of
//! `validation_error` that recur, by their English wording.
//!
//! Rules: the code never changes, only the message. A few English messages carry what the
//! client needs to know beyond the code — the reason a URL or an archive was refused, why a page
//! could not be fetched, a size limit, what was not found — and keep it: the reason (written by
//! the server in English, naming hosts and files) is appended, the size and the thing are put
//! into the Korean sentence. A field message without a Korean wording stays English.

use std::borrow::Cow;

use super::ErrorCode;
use crate::domain::{
    COLLECTIONS_PER_ACCOUNT, COMMENT_EDIT_WINDOW, GALLERY_MAX, RECIPES_PER_COLLECTION,
};

/// The Korean message of an error answer with `code` whose English message is `english`.
pub fn korean_message(code: ErrorCode, english: &str) -> String {
    match code {
        ErrorCode::NotFound => {
            not_found(english).map_or_else(|| sentence(code).into_owned(), str::to_owned)
        }
        ErrorCode::PayloadTooLarge => match first_number(english) {
            Some(bytes) => format!("파일이 너무 큽니다. {bytes}바이트까지 보낼 수 있습니다."),
            None => sentence(code).into_owned(),
        },
        ErrorCode::UrlNotAllowed | ErrorCode::FetchFailed | ErrorCode::InvalidArchive => {
            match english.split_once(": ") {
                Some((_, reason)) if !reason.trim().is_empty() => {
                    format!("{} ({})", sentence(code), reason.trim())
                }
                _ => sentence(code).into_owned(),
            }
        }
        _ => sentence(code).into_owned(),
    }
}

/// The Korean sentence of `code`.
pub fn sentence(code: ErrorCode) -> Cow<'static, str> {
    let text = match code {
        ErrorCode::ValidationError => "입력한 값에 올바르지 않은 항목이 있습니다.",
        ErrorCode::MalformedJson => "요청 본문이 올바른 JSON이 아닙니다.",
        ErrorCode::InvalidBody => "요청 본문을 읽을 수 없습니다. JSON 객체를 보내 주세요.",
        ErrorCode::InvalidId => "주소의 ID가 올바르지 않습니다. 양의 정수여야 합니다.",
        ErrorCode::InvalidQuery => "쿼리 문자열을 해석할 수 없습니다.",
        ErrorCode::BadRequest => "요청을 처리할 수 없습니다.",
        ErrorCode::UrlNotAllowed => "이 주소에서는 레시피를 가져올 수 없습니다.",
        ErrorCode::MissingToken => "로그인이 필요합니다. 인증 정보가 없습니다.",
        ErrorCode::InvalidToken => "인증 정보가 올바르지 않습니다.",
        ErrorCode::TokenExpired => "액세스 토큰이 만료되었습니다.",
        ErrorCode::TokenRevoked => "로그아웃으로 폐기된 액세스 토큰입니다.",
        ErrorCode::SessionEnded => "이 토큰의 로그인 세션이 끝났습니다. 다시 로그인해 주세요.",
        ErrorCode::RefreshTokenReused => {
            "이미 사용한 리프레시 토큰입니다. 안전을 위해 이 세션을 종료했습니다."
        }
        ErrorCode::InvalidRefreshToken => {
            "리프레시 토큰이 올바르지 않거나 만료되었거나, 이미 끝난 세션의 것입니다."
        }
        ErrorCode::InvalidResetToken => {
            "비밀번호 재설정 링크가 올바르지 않거나, 이미 사용되었거나, 새 링크로 바뀌었거나, \
             만료되었습니다. 새 링크를 요청해 주세요."
        }
        ErrorCode::InvalidCredentials => "이메일 또는 비밀번호가 올바르지 않습니다.",
        ErrorCode::WrongPassword => "현재 비밀번호가 올바르지 않습니다.",
        ErrorCode::InsufficientScope => "이 개인 액세스 토큰은 읽기 전용입니다.",
        ErrorCode::SessionRequired => {
            "이 작업에는 개인 액세스 토큰이 아니라 로그인 세션이 필요합니다."
        }
        ErrorCode::CrossOriginRequest => "다른 사이트에서 보낸 요청이라 거부했습니다.",
        ErrorCode::Forbidden => "본인의 것만 변경할 수 있습니다.",
        ErrorCode::OwnRecipe => "자신의 레시피에는 별점을 줄 수 없습니다.",
        ErrorCode::OwnAccount => "자기 자신의 계정에는 이 작업을 할 수 없습니다.",
        ErrorCode::AccountDisabled => "관리자가 이 계정을 사용 중지했습니다.",
        ErrorCode::InvalidVerificationToken => {
            "이메일 확인 링크가 올바르지 않거나, 이미 사용되었거나, 새 링크로 바뀌었거나, \
             만료되었습니다. 새 링크를 요청해 주세요."
        }
        ErrorCode::AdminRequired => "관리자 계정만 할 수 있는 작업입니다.",
        ErrorCode::SignupClosed => "이 사이트는 지금 회원가입을 받지 않습니다.",
        ErrorCode::InvalidInvite => {
            "회원가입에는 올바른 초대 코드가 필요합니다. 코드가 없거나, 알 수 없거나, \
             모두 사용되었거나, 만료되었거나, 취소되었습니다."
        }
        ErrorCode::RecipeHidden => {
            "관리자가 숨긴 레시피라 숨김이 해제될 때까지 게시할 수 없습니다."
        }
        ErrorCode::EmailUnverified => "게시하려면 먼저 이메일 주소를 확인해 주세요.",
        ErrorCode::EditWindowClosed => {
            return Cow::Owned(format!(
                "댓글은 작성한 뒤 {}분 안에만 수정할 수 있습니다.",
                COMMENT_EDIT_WINDOW.num_minutes()
            ));
        }
        ErrorCode::NotFound => "찾을 수 없습니다.",
        ErrorCode::MethodNotAllowed => "이 주소에서는 허용되지 않는 메서드입니다.",
        ErrorCode::EmailTaken => "이 이메일로 가입한 계정이 이미 있습니다.",
        ErrorCode::GalleryFull => {
            return Cow::Owned(format!(
                "레시피 갤러리에 이미 사진이 {GALLERY_MAX}장 있습니다. 먼저 한 장을 삭제해 주세요."
            ));
        }
        ErrorCode::TooManyCollections => {
            return Cow::Owned(format!(
                "컬렉션이 이미 {COLLECTIONS_PER_ACCOUNT}개로, 더 만들 수 없습니다. 먼저 하나를 \
                 삭제해 주세요."
            ));
        }
        ErrorCode::CollectionFull => {
            return Cow::Owned(format!(
                "컬렉션에 레시피가 이미 {RECIPES_PER_COLLECTION}개로, 더 넣을 수 없습니다. 먼저 \
                 하나를 빼 주세요."
            ));
        }
        ErrorCode::GalleryChanged => {
            "순서에는 갤러리의 사진을 빠짐없이 한 번씩 넣어야 합니다. 갤러리의 사진이 \
             달라졌습니다."
        }
        ErrorCode::PreconditionFailed => {
            "레시피를 읽은 뒤에 다른 곳에서 바뀌었습니다(If-Match). 아무것도 바꾸지 않았습니다."
        }
        ErrorCode::PayloadTooLarge => "요청 본문이 너무 큽니다.",
        ErrorCode::UriTooLong => "요청 주소가 너무 깁니다.",
        ErrorCode::HeadersTooLarge => "요청 헤더가 너무 큽니다.",
        ErrorCode::UnsupportedMediaType => {
            "이 경로가 받지 않는 형식의 요청 본문입니다(Content-Type을 확인해 주세요)."
        }
        ErrorCode::UnsupportedImageType => {
            return Cow::Owned(format!(
                "받을 수 있는 형식의 이미지가 아닙니다. {} 파일을 보내 주세요.",
                crate::media::ACCEPTED_TYPES.replace(" or ", ", ")
            ));
        }
        ErrorCode::ImageTooLarge => "이미지의 픽셀 수가 너무 많습니다.",
        ErrorCode::InvalidImage => "이미지가 잘렸거나 손상되어 읽을 수 없습니다.",
        ErrorCode::NoRecipeFound => {
            "레시피를 찾지 못했습니다. 이 페이지에는 schema.org Recipe(JSON-LD 또는 \
             마이크로데이터)가 없습니다."
        }
        ErrorCode::InvalidArchive => "이 아카이브는 가져올 수 없습니다.",
        ErrorCode::ServingsUnknown => {
            "이 레시피는 몇 인분인지 적혀 있지 않아 분량을 조절할 수 없습니다."
        }
        ErrorCode::RateLimited => "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
        ErrorCode::InternalError => "서버 내부 오류가 발생했습니다.",
        ErrorCode::FetchFailed => "페이지를 가져오지 못했습니다.",
        ErrorCode::DatabaseUnavailable => {
            "데이터베이스를 사용할 수 없습니다. 잠시 후 다시 시도해 주세요."
        }
        ErrorCode::MediaUnavailable => {
            "사진 저장소를 사용할 수 없습니다. 잠시 후 다시 시도해 주세요."
        }
        ErrorCode::MigrationsPending => {
            "데이터베이스에 이 버전에 필요한 마이그레이션이 아직 적용되지 않았습니다."
        }
        ErrorCode::Timeout => "요청 처리가 너무 오래 걸려 중단했습니다.",
    };
    Cow::Borrowed(text)
}

/// A 404 that says what was not found, by its English message (`None`: say it in general).
fn not_found(english: &str) -> Option<&'static str> {
    let korean = match english {
        "recipe not found" => "레시피를 찾을 수 없습니다.",
        "user not found" => "사용자를 찾을 수 없습니다.",
        "collection not found" => "컬렉션을 찾을 수 없습니다.",
        "comment not found" => "댓글을 찾을 수 없습니다.",
        "photo not found" => "사진을 찾을 수 없습니다.",
        "session not found" => "세션을 찾을 수 없습니다.",
        "token not found" => "토큰을 찾을 수 없습니다.",
        "no such route" => "이 주소에는 아무것도 없습니다.",
        "no such file" | "no such media file" => "파일을 찾을 수 없습니다.",
        _ => return None,
    };
    Some(korean)
}

/// The first whole number of `text`, if any.
fn first_number(text: &str) -> Option<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|part| !part.is_empty())
        .and_then(|digits| digits.parse().ok())
}

/// The two numbers of `text` when it is exactly "<min> <word> <max><tail>".
fn two_numbers(text: &str, word: &str, tail: &str) -> Option<[u64; 2]> {
    let (min, max) = text.strip_suffix(tail)?.split_once(&format!(" {word} "))?;
    Some([min.parse().ok()?, max.parse().ok()?])
}

/// The Korean wording of a field message of `validation_error`, when it is one that recurs.
pub fn korean_field_message(english: &str) -> Option<String> {
    let fixed = match english {
        "is required" => Some("필수 항목입니다."),
        "is required (a file)" => Some("파일을 골라 주세요."),
        "must not be empty" => Some("비워 둘 수 없습니다."),
        "must not be null" => Some("null일 수 없습니다."),
        "must be a string" => Some("문자열이어야 합니다."),
        "must be true or false" => Some("true 또는 false여야 합니다."),
        "must be valid UTF-8" | "must be UTF-8 text" => Some("올바른 UTF-8 텍스트여야 합니다."),
        "must not contain NUL characters" => Some("NUL 문자를 넣을 수 없습니다."),
        "must not contain control characters" => Some("제어 문자를 넣을 수 없습니다."),
        "must not contain control characters other than line breaks" => {
            Some("줄바꿈 말고는 제어 문자를 넣을 수 없습니다.")
        }
        "is not a valid cursor" => Some("올바른 커서가 아닙니다."),
        "must be given at most once" | "must be sent once" | "is given more than once" => {
            Some("한 번만 보낼 수 있습니다.")
        }
        _ => None,
    };
    if let Some(text) = fixed {
        return Some(text.to_owned());
    }
    if let Some(max) = english
        .strip_prefix("must be at most ")
        .and_then(|rest| rest.strip_suffix(" characters"))
        .and_then(|max| max.parse::<u64>().ok())
    {
        return Some(format!("{max}자까지 쓸 수 있습니다."));
    }
    if let Some([min, max]) = english
        .strip_prefix("must be an integer from ")
        .and_then(|rest| two_numbers(rest, "to", ""))
    {
        return Some(format!("{min}에서 {max} 사이의 정수여야 합니다."));
    }
    if let Some(rest) = english.strip_prefix("must be between ") {
        if let Some([min, max]) = two_numbers(rest, "and", " characters") {
            return Some(format!("{min}자에서 {max}자 사이여야 합니다."));
        }
        if let Some([min, max]) = two_numbers(rest, "and", "") {
            return Some(format!("{min}에서 {max} 사이여야 합니다."));
        }
    }
    if let Some(choices) = english.strip_prefix("must be one of: ") {
        return Some(format!("다음 중 하나여야 합니다: {choices}"));
    }
    if english.starts_with("is not a valid email address") {
        return Some("올바른 이메일 주소가 아닙니다.".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_hangul(text: &str) -> bool {
        text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }

    /// Every code says its message in Korean: a sentence of Hangul, not its English words.
    #[test]
    fn every_code_has_a_korean_sentence() {
        for &code in ErrorCode::ALL {
            let korean = sentence(code);
            assert!(has_hangul(&korean), "{code}: {korean:?}");
            assert!(korean.ends_with('.'), "{code}: {korean:?}");
            assert_ne!(korean_message(code, "x"), "x", "{code}");
        }
    }

    /// What each error says in English, put in Korean: never the English words again.
    #[test]
    fn every_error_s_korean_message_differs_from_its_english_one() {
        for error in crate::error::one_of_each() {
            let english = error.to_string();
            let korean = korean_message(error.code(), &english);
            assert!(has_hangul(&korean), "{english:?} → {korean:?}");
            assert_ne!(korean, english);
        }
    }

    #[test]
    fn details_the_client_needs_are_kept() {
        let url = korean_message(
            ErrorCode::UrlNotAllowed,
            "this URL cannot be imported from: 127.0.0.1 is a loopback address",
        );
        assert!(url.ends_with("(127.0.0.1 is a loopback address)"), "{url}");
        let size = korean_message(
            ErrorCode::PayloadTooLarge,
            "the file is larger than 20971520 bytes",
        );
        assert!(size.contains("20971520바이트"), "{size}");
        assert_eq!(
            korean_message(ErrorCode::PayloadTooLarge, "request body is too large"),
            sentence(ErrorCode::PayloadTooLarge)
        );
        assert_eq!(
            korean_message(ErrorCode::NotFound, "recipe not found"),
            "레시피를 찾을 수 없습니다."
        );
        assert_eq!(
            korean_message(ErrorCode::NotFound, "something else"),
            "찾을 수 없습니다."
        );
    }

    #[test]
    fn recurring_field_messages_are_translated_and_others_stay() {
        let cases = [
            ("is required", Some("필수 항목입니다.")),
            (
                "must be at most 200 characters",
                Some("200자까지 쓸 수 있습니다."),
            ),
            (
                "must be an integer from 1 to 1000",
                Some("1에서 1000 사이의 정수여야 합니다."),
            ),
            (
                "must be between 8 and 128 characters",
                Some("8자에서 128자 사이여야 합니다."),
            ),
            (
                "must be between 1 and 3650",
                Some("1에서 3650 사이여야 합니다."),
            ),
            (
                "must be one of: public, unlisted, private",
                Some("다음 중 하나여야 합니다: public, unlisted, private"),
            ),
            ("must be at most many characters", None),
            ("must hold positive photo ids", None),
        ];
        for (english, korean) in cases {
            assert_eq!(
                korean_field_message(english).as_deref(),
                korean,
                "{english}"
            );
        }
    }
}
