//! Shared by the simulator's tests (the `sim` crate) and the conformance check: start the simulator on a free port, sign in through its OAuth
//! flow, and call its endpoints over real HTTP with reqwest.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Map, Value};
use vault_raider_sim::{SimConfig, SimHandle, start};

/// The API key every test sends.
pub const API_KEY: &str = "test-api-key";
/// The client id of the test application.
pub const CLIENT_ID: &str = "40404";
/// The client secret of the test application.
pub const SECRET: &str = "test-secret";
/// The registered redirect URL.
pub const REDIRECT: &str = "https://127.0.0.1:7443/callback";

/// A test configuration: any port, pacing and clock off, auto-approve on.
pub fn config() -> SimConfig {
    SimConfig {
        port: 0,
        api_key: API_KEY.into(),
        client_id: CLIENT_ID.into(),
        client_secret: SECRET.into(),
        redirect_url: REDIRECT.into(),
        auto_approve: true,
        pacing: false,
        clock: false,
        seed: 7,
        ..SimConfig::default()
    }
}

/// A running simulator and a client that does not follow redirects.
pub struct Sim {
    /// The simulator.
    pub handle: SimHandle,
    /// An HTTP client without redirects.
    pub http: reqwest::Client,
}

impl Sim {
    /// Starts a simulator with `config`.
    pub async fn start(config: SimConfig) -> Sim {
        let handle = start(config).await.expect("the simulator starts");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Sim { handle, http }
    }

    /// The simulator's truth (`/sim/state`).
    pub async fn state(&self) -> Value {
        let response = self.http.get(self.url("/sim/state")).send().await;
        response.unwrap().json().await.unwrap()
    }

    /// A URL on the simulator.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.handle.base_url(), path)
    }

    /// A code from the auto-approving authorize endpoint.
    pub async fn code(&self) -> String {
        let response = self
            .http
            .get(self.url(&format!(
                "/en/OAuth/Authorize?client_id={CLIENT_ID}&response_type=code&state=xyz"
            )))
            .send()
            .await
            .expect("authorize");
        assert_eq!(response.status(), StatusCode::FOUND);
        let location = response.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        let url = url::Url::parse(&location).expect("redirect url");
        url.query_pairs()
            .find(|(k, _)| k == "code")
            .expect("code")
            .1
            .into_owned()
    }

    /// Posts the token endpoint form; returns status and JSON.
    pub async fn token(&self, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url("/Platform/App/OAuth/token/"))
            .form(form)
            .send()
            .await
            .expect("token");
        let status = response.status();
        (status, response.json().await.expect("token json"))
    }

    /// Exchanges `code` with form credentials.
    pub async fn exchange(&self, code: &str) -> (StatusCode, Value) {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
        .await
    }

    /// Refreshes with form credentials.
    pub async fn refresh(&self, refresh_token: &str) -> (StatusCode, Value) {
        self.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
        .await
    }

    /// Answers the authorize page's form with `decision`; returns the redirect's `Location`.
    pub async fn decide(&self, state: &str, decision: &str) -> String {
        let response = self
            .http
            .post(self.url("/en/OAuth/Authorize"))
            .form(&[
                ("client_id", CLIENT_ID),
                ("state", state),
                ("decision", decision),
            ])
            .send()
            .await
            .expect("authorize form");
        assert_eq!(response.status(), StatusCode::FOUND);
        response.headers()["location"]
            .to_str()
            .expect("location")
            .to_string()
    }

    /// Signs in with form credentials; returns the token response.
    pub async fn sign_in(&self) -> Value {
        let code = self.code().await;
        let (status, body) = self.exchange(&code).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// Signs in and returns the access token.
    pub async fn access_token(&self) -> String {
        self.sign_in().await["access_token"]
            .as_str()
            .expect("access token")
            .to_string()
    }

    /// GETs a Platform path with the API key (and the token when given).
    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .get(self.url(&format!("/Platform{path}")))
            .header("X-API-Key", API_KEY);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        (status, response.json().await.expect("envelope json"))
    }

    /// POSTs a raw body to a Platform path with the API key and token.
    pub async fn post(&self, path: &str, token: &str, body: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url(&format!("/Platform{path}")))
            .header("X-API-Key", API_KEY)
            .header("Content-Type", "application/json")
            .bearer_auth(token)
            .body(body.to_string())
            .send()
            .await
            .expect("request");
        let status = response.status();
        (status, response.json().await.expect("envelope json"))
    }

    /// POSTs JSON to a control endpoint.
    pub async fn control(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("control");
        let status = response.status();
        (status, response.json().await.expect("control json"))
    }

    /// The membership path segment `{type}/Profile/{id}` of the account's primary membership.
    pub async fn primary_membership(&self, token: &str) -> (i64, String) {
        let (status, body) = self
            .get("/User/GetMembershipsForCurrentUser/", Some(token))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let response = &body["Response"];
        let memberships = response["destinyMemberships"]
            .as_array()
            .expect("memberships");
        let primary = response["primaryMembershipId"].as_str();
        let chosen = memberships
            .iter()
            .find(|m| primary.is_none() || m["membershipId"].as_str() == primary)
            .expect("a membership");
        (
            chosen["membershipType"].as_i64().expect("type"),
            chosen["membershipId"].as_str().expect("id").to_string(),
        )
    }

    /// Signs in; the access token and the primary membership's type and id.
    pub async fn sign_in_primary(&self) -> (String, i64, String) {
        let token = self.access_token().await;
        let (membership_type, membership_id) = self.primary_membership(&token).await;
        (token, membership_type, membership_id)
    }

    /// One manifest table, downloaded from its per-table JSON path.
    pub async fn manifest_table(&self, name: &str) -> Map<String, Value> {
        let (_, manifest) = self.get("/Destiny2/Manifest/", None).await;
        let path = manifest["Response"]["jsonWorldComponentContentPaths"]["en"][name]
            .as_str()
            .unwrap_or_else(|| panic!("a path for {name}"))
            .to_string();
        let response = self.http.get(self.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        response.json().await.expect("a table as JSON")
    }

    /// The GetProfile path for the primary membership with `components`.
    pub async fn profile_path(&self, token: &str, components: &str) -> String {
        let (membership_type, id) = self.primary_membership(token).await;
        format!("/Destiny2/{membership_type}/Profile/{id}/?components={components}")
    }
}

/// Asserts an envelope's ErrorCode and ErrorStatus.
pub fn assert_error(body: &Value, code: i64, status: &str) {
    assert_eq!(body["ErrorCode"], code, "{body}");
    assert_eq!(body["ErrorStatus"], status, "{body}");
}

/// The world-content download opened: the zip holds one file, a SQLite database, written to a
/// temporary folder (returned, to be kept while the connection is used) and opened.
pub fn open_world_content(bytes: &[u8]) -> (tempfile::TempDir, rusqlite::Connection) {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    assert_eq!(archive.len(), 1, "one file in the archive");
    let mut db = Vec::new();
    archive.by_index(0).unwrap().read_to_end(&mut db).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.sqlite3");
    std::fs::write(&file, db).unwrap();
    let conn = rusqlite::Connection::open(&file).unwrap();
    (dir, conn)
}
