//! The OAuth pages and the token endpoint over HTTP (API.md §2.1): `/en/OAuth/Authorize` (an
//! Approve/Deny page, or an immediate redirect with `auto_approve`) and `/Platform/App/OAuth/token/`.

use std::time::Instant;

use axum::body::Body;
use axum::response::Response;
use base64::Engine;
use http::{Method, StatusCode, header};

use super::envelope;
use super::oauth::{OAuthError, TokenRequest};
use super::request::RawRequest;
use super::state::{SimState, lock};

/// `GET` shows the page (or approves at once); `POST` takes the page's Approve/Deny form.
pub fn authorize(state: &SimState, request: RawRequest) -> Response {
    let params: Vec<(String, String)> = if request.method == Method::POST {
        url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect()
    } else {
        url::form_urlencoded::parse(request.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    };
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let client_id = lock(&state.tokens).app().client_id.clone();
    if param("client_id") != Some(client_id.as_str()) {
        return page(
            StatusCode::BAD_REQUEST,
            "Unknown application",
            "<p>The client_id does not name a registered application.</p>",
        );
    }
    if let Some(redirect) = param("redirect_uri")
        && redirect != state.settings.redirect_url
    {
        return page(
            StatusCode::BAD_REQUEST,
            "Redirect refused",
            "<p>The redirect_uri is not the URL registered for this application.</p>",
        );
    }
    let state_param = param("state").unwrap_or("");
    let decision = if request.method == Method::POST {
        param("decision")
    } else if state.settings.auto_approve {
        Some("approve")
    } else {
        None
    };
    match decision {
        None => {
            if param("response_type") != Some("code") {
                return page(
                    StatusCode::BAD_REQUEST,
                    "Unsupported request",
                    "<p>response_type must be code.</p>",
                );
            }
            approval_page(&client_id, state_param)
        }
        Some("approve") => {
            let membership_id = lock(&state.world).bungie_net_membership_id();
            let code = lock(&state.tokens).issue_code(membership_id, Instant::now());
            redirect_back(
                &state.settings.redirect_url,
                &[("code", &code), ("state", state_param)],
            )
        }
        Some(_) => redirect_back(
            &state.settings.redirect_url,
            &[("error", "access_denied"), ("state", state_param)],
        ),
    }
}

fn approval_page(client_id: &str, state_param: &str) -> Response {
    let hidden = format!(
        "<input type=\"hidden\" name=\"client_id\" value=\"{}\"><input type=\"hidden\" name=\"state\" value=\"{}\">",
        escape(client_id),
        escape(state_param)
    );
    let body = format!(
        "<p>Vault Raider (application {}) wants to read your Destiny inventory and move and equip your items.</p>\
         <form method=\"post\" action=\"/en/OAuth/Authorize\">{hidden}<button name=\"decision\" value=\"approve\">Approve</button></form>\
         <form method=\"post\" action=\"/en/OAuth/Authorize\">{hidden}<button name=\"decision\" value=\"deny\">Deny</button></form>",
        escape(client_id)
    );
    page(StatusCode::OK, "Authorize application", &body)
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title} | Bungie.net (simulated)</title></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    envelope::typed(status, "text/html; charset=utf-8", None, html)
}

fn redirect_back(redirect_url: &str, pairs: &[(&str, &str)]) -> Response {
    let mut response = Response::new(Body::empty());
    let Ok(mut url) = url::Url::parse(redirect_url) else {
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return response;
    };
    url.query_pairs_mut()
        .extend_pairs(pairs.iter().filter(|(_, value)| !value.is_empty()));
    *response.status_mut() = StatusCode::FOUND;
    if let Ok(value) = http::HeaderValue::from_str(url.as_str()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `POST /Platform/App/OAuth/token/`: form-encoded, both grants, Basic or form credentials. Not in
/// the Platform envelope: the token JSON, or `{error, error_description}` with HTTP 400.
pub fn token(state: &SimState, request: &RawRequest) -> Response {
    if lock(&state.faults).maintenance {
        return oauth_failure(
            StatusCode::SERVICE_UNAVAILABLE,
            &OAuthError {
                error: "server_error",
                description: "SystemDisabled".into(),
            },
        );
    }
    if request.method != Method::POST {
        return oauth_failure(
            StatusCode::BAD_REQUEST,
            &OAuthError {
                error: "invalid_request",
                description: "The token endpoint takes POST".into(),
            },
        );
    }
    let token_request = match token_request(request) {
        Ok(token_request) => token_request,
        Err(error) => return oauth_failure(StatusCode::BAD_REQUEST, &error),
    };
    match lock(&state.tokens).exchange(&token_request, Instant::now()) {
        Ok(body) => json(StatusCode::OK, &body),
        Err(error) => oauth_failure(StatusCode::BAD_REQUEST, &error),
    }
}

fn token_request(request: &RawRequest) -> Result<TokenRequest, OAuthError> {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let mut token_request = TokenRequest {
        grant_type: field("grant_type"),
        code: field("code"),
        refresh_token: field("refresh_token"),
        client_id: field("client_id"),
        client_secret: field("client_secret"),
    };
    if let Some(authorization) = request.header(header::AUTHORIZATION.as_str()) {
        let (id, secret) = basic_credentials(authorization)?;
        token_request.client_id = Some(id);
        token_request.client_secret = Some(secret);
    }
    Ok(token_request)
}

/// `Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1).
fn basic_credentials(authorization: &str) -> Result<(String, String), OAuthError> {
    let bad = || OAuthError {
        error: "invalid_request",
        description: "Cannot parse the Authorization header".into(),
    };
    let encoded = authorization
        .get(..6)
        .filter(|scheme| scheme.eq_ignore_ascii_case("basic "))
        .and_then(|_| authorization.get(6..))
        .ok_or_else(bad)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    Ok((percent_decode(id), percent_decode(secret)))
}

/// Undoes the form-encoding RFC 6749 §2.3.1 applies to Basic credentials (`%XX` and `+`),
/// through `url`'s form decoder: the text is one value, so a `&` in it (which would end it) is
/// escaped first, and a leading `=` gives it an empty name.
fn percent_decode(text: &str) -> String {
    let field = format!("={}", text.replace('&', "%26"));
    url::form_urlencoded::parse(field.as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

fn oauth_failure(status: StatusCode, error: &OAuthError) -> Response {
    json(status, &error.body())
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    envelope::typed(
        status,
        "application/json; charset=utf-8",
        Some("no-store"),
        bytes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Authorization` header carrying `credentials`.
    fn basic(credentials: &str) -> String {
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        format!("Basic {encoded}")
    }

    #[test]
    fn basic_credentials_decode_and_bad_headers_are_refused() {
        assert_eq!(
            basic_credentials(&basic("40404:a%3Ab")).unwrap(),
            ("40404".into(), "a:b".into())
        );
        assert!(basic_credentials("Basic !!!").is_err());
        assert!(basic_credentials("Bearer abc").is_err());
        assert!(basic_credentials("Basic").is_err());
        assert_eq!(percent_decode("a%3D%3Db+c%"), "a==b c%");
        assert_eq!(percent_decode("a+b%2Bc&d=e"), "a b+c&d=e");
        assert_eq!(
            basic_credentials(&basic("my+app:p%2Bw+d")).unwrap(),
            ("my app".into(), "p+w d".into())
        );
    }

    #[test]
    fn a_token_form_decodes_plus_as_space_and_percent_2b_as_plus() {
        let request = RawRequest {
            method: Method::POST,
            uri: "/Platform/App/OAuth/token/".parse().unwrap(),
            headers: http::HeaderMap::new(),
            body: axum::body::Bytes::from_static(
                b"grant_type=authorization_code&code=a+b%2Bc&client_id=404&client_secret=s%2B+t%26",
            ),
        };
        let form = token_request(&request).unwrap();
        assert_eq!(form.grant_type.as_deref(), Some("authorization_code"));
        assert_eq!(form.code.as_deref(), Some("a b+c"));
        assert_eq!(form.client_id.as_deref(), Some("404"));
        assert_eq!(form.client_secret.as_deref(), Some("s+ t&"));
    }

    #[test]
    fn escaping_keeps_state_inside_the_attribute() {
        assert_eq!(escape("a\"><script>"), "a&quot;&gt;&lt;script&gt;");
    }
}
