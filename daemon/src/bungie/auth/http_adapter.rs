//! oauth2's `AsyncHttpClient` over our reqwest 0.13 client (oauth2 5 itself still targets reqwest
//! 0.12). It adds the `X-API-Key` header Bungie's Platform expects on every request.

use super::secret::Secret;
use futures_util::future::BoxFuture;
use oauth2::{HttpRequest, HttpResponse};

/// A failed token request (the message names no header).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct AdapterError(pub String);

/// Sends oauth2's requests with our client.
pub struct Adapter<'a> {
    /// The shared client (no redirects).
    pub http: &'a reqwest::Client,
    /// The application's API key.
    pub api_key: &'a Secret,
}

impl<'c> oauth2::AsyncHttpClient<'c> for Adapter<'_> {
    type Error = AdapterError;
    type Future = BoxFuture<'c, Result<HttpResponse, AdapterError>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let mut request = reqwest::Request::try_from(request)
                .map_err(|e| AdapterError(format!("bad token request: {}", e.without_url())))?;
            if let Ok(value) = reqwest::header::HeaderValue::from_str(self.api_key.expose()) {
                request.headers_mut().insert("X-API-Key", value);
            }
            let response = self
                .http
                .execute(request)
                .await
                .map_err(|e| AdapterError(e.without_url().to_string()))?;
            let mut builder = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = response
                .bytes()
                .await
                .map_err(|e| AdapterError(e.without_url().to_string()))?;
            builder
                .body(body.to_vec())
                .map_err(|e| AdapterError(format!("bad token response: {e}")))
        })
    }
}
