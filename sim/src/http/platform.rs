//! The Platform side of the simulator: recognises Bungie's endpoints under `/Platform/`, runs the
//! checks every call goes through (trailing slash, faults, `X-API-Key`, budget, bearer token,
//! action spacing) in the order the real service applies them, and hands the call to its handler.

use std::sync::Arc;
use std::time::Instant;

use axum::response::Response;
use http::{Method, StatusCode, header};

use super::codes::{self, PlatformError};
use super::conn::ConnInfo;
use super::endpoints;
use super::envelope;
use super::oauth::AccessDenied;
use super::oauth_routes;
use super::request::RawRequest;
use super::state::{SimState, lock};

/// A recognised Platform endpoint, with the path parameters it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// `GET /User/GetMembershipsForCurrentUser/`.
    Memberships,
    /// `GET /Destiny2/Manifest/`.
    Manifest,
    /// `GET /Destiny2/{membershipType}/Profile/{membershipId}/`.
    Profile {
        /// The membership type segment, unparsed.
        membership_type: &'a str,
        /// The membership id segment, unparsed.
        membership_id: &'a str,
    },
    /// `GET /Destiny2/{membershipType}/Account/{membershipId}/Character/{characterId}/Stats/Activities/`.
    ActivityHistory {
        /// The membership type segment, unparsed.
        membership_type: &'a str,
        /// The membership id segment, unparsed.
        membership_id: &'a str,
        /// The character id segment, unparsed.
        character_id: &'a str,
    },
    /// `GET /Destiny2/Stats/PostGameCarnageReport/{activityId}/` (stats.bungie.net in reality).
    Pgcr {
        /// The activity id segment, unparsed.
        activity_id: &'a str,
    },
    /// `GET /Destiny2/{membershipType}/Account/{membershipId}/Stats/`.
    AccountStats {
        /// The membership type segment, unparsed.
        membership_type: &'a str,
        /// The membership id segment, unparsed.
        membership_id: &'a str,
    },
    /// `GET /Destiny2/{membershipType}/Profile/{membershipId}/Character/{characterId}/Vendors/`.
    Vendors {
        /// The membership type segment, unparsed.
        membership_type: &'a str,
        /// The membership id segment, unparsed.
        membership_id: &'a str,
        /// The character id segment, unparsed.
        character_id: &'a str,
    },
    /// `GET /GroupV2/User/{membershipType}/{membershipId}/{filter}/{groupType}/`.
    GroupsForMember {
        /// The membership type segment, unparsed.
        membership_type: &'a str,
        /// The membership id segment, unparsed.
        membership_id: &'a str,
        /// The `GroupsForMemberFilter` segment, unparsed.
        filter: &'a str,
        /// The `GroupType` segment, unparsed.
        group_type: &'a str,
    },
    /// `GET /GroupV2/{groupId}/Members/`.
    GroupMembers {
        /// The group id segment, unparsed.
        group_id: &'a str,
    },
    /// `POST /Destiny2/Actions/Items/{name}/` or `POST /Destiny2/Actions/Loadouts/{name}/`.
    Action(&'static str),
    /// `POST /App/OAuth/token/`.
    Token,
    /// Anything else.
    Unknown,
}

/// The actions under `/Destiny2/Actions/Items/`.
const ACTIONS: [&str; 6] = [
    "TransferItem",
    "PullFromPostmaster",
    "EquipItem",
    "EquipItems",
    "SetLockState",
    "SetTrackedState",
];

/// The in-game loadout actions under `/Destiny2/Actions/Loadouts/`.
const LOADOUT_ACTIONS: [&str; 4] = [
    "EquipLoadout",
    "SnapshotLoadout",
    "UpdateLoadoutIdentifiers",
    "ClearLoadout",
];

impl<'a> Route<'a> {
    /// Recognises the path segments after `/Platform/` (case-insensitively, as Bungie does).
    pub fn recognize(segments: &[&'a str]) -> Route<'a> {
        let is = |segment: &str, word: &str| segment.eq_ignore_ascii_case(word);
        match *segments {
            [a, b] if is(a, "User") && is(b, "GetMembershipsForCurrentUser") => Route::Memberships,
            [a, b] if is(a, "Destiny2") && is(b, "Manifest") => Route::Manifest,
            [a, b, c] if is(a, "App") && is(b, "OAuth") && is(c, "token") => Route::Token,
            [a, b, c, name] if is(a, "Destiny2") && is(b, "Actions") && is(c, "Items") => ACTIONS
                .iter()
                .find(|action| is(name, action))
                .map_or(Route::Unknown, |action| Route::Action(action)),
            [a, b, c, name] if is(a, "Destiny2") && is(b, "Actions") && is(c, "Loadouts") => {
                LOADOUT_ACTIONS
                    .iter()
                    .find(|action| is(name, action))
                    .map_or(Route::Unknown, |action| Route::Action(action))
            }
            [a, b, c, activity_id]
                if is(a, "Destiny2") && is(b, "Stats") && is(c, "PostGameCarnageReport") =>
            {
                Route::Pgcr { activity_id }
            }
            [a, membership_type, c, membership_id, e]
                if is(a, "Destiny2") && is(c, "Account") && is(e, "Stats") =>
            {
                Route::AccountStats {
                    membership_type,
                    membership_id,
                }
            }
            [a, membership_type, c, membership_id] if is(a, "Destiny2") && is(c, "Profile") => {
                Route::Profile {
                    membership_type,
                    membership_id,
                }
            }
            [a, membership_type, c, membership_id, e, character_id, g]
                if is(a, "Destiny2")
                    && is(c, "Profile")
                    && is(e, "Character")
                    && is(g, "Vendors") =>
            {
                Route::Vendors {
                    membership_type,
                    membership_id,
                    character_id,
                }
            }
            [a, b, membership_type, membership_id, filter, group_type]
                if is(a, "GroupV2") && is(b, "User") =>
            {
                Route::GroupsForMember {
                    membership_type,
                    membership_id,
                    filter,
                    group_type,
                }
            }
            [a, group_id, c] if is(a, "GroupV2") && is(c, "Members") => {
                Route::GroupMembers { group_id }
            }
            [a, membership_type, c, membership_id, e, character_id, g, h]
                if is(a, "Destiny2")
                    && is(c, "Account")
                    && is(e, "Character")
                    && is(g, "Stats")
                    && is(h, "Activities") =>
            {
                Route::ActivityHistory {
                    membership_type,
                    membership_id,
                    character_id,
                }
            }
            _ => Route::Unknown,
        }
    }

    /// The endpoint's name as `/sim/calls` counts it.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            Route::Memberships => Some("GetMembershipsForCurrentUser"),
            Route::Manifest => Some("GetDestinyManifest"),
            Route::Profile { .. } => Some("GetProfile"),
            Route::ActivityHistory { .. } => Some("GetActivityHistory"),
            Route::Pgcr { .. } => Some("GetPostGameCarnageReport"),
            Route::AccountStats { .. } => Some("GetHistoricalStatsForAccount"),
            Route::Vendors { .. } => Some("GetVendors"),
            Route::GroupsForMember { .. } => Some("GetGroupsForMember"),
            Route::GroupMembers { .. } => Some("GetMembersOfGroup"),
            Route::Action(name) => Some(name),
            Route::Token => Some("Token"),
            Route::Unknown => None,
        }
    }

    fn method(&self) -> Method {
        match self {
            Route::Action(_) | Route::Token => Method::POST,
            _ => Method::GET,
        }
    }

    fn needs_token(&self) -> bool {
        matches!(self, Route::Memberships | Route::Action(_))
    }
}

/// The call counter's key for Platform requests that carried no User-Agent.
pub const MISSING_USER_AGENT: &str = "MissingUserAgent";

/// Answers one request under `/Platform/`.
pub async fn handle(state: &Arc<SimState>, conn: &ConnInfo, request: RawRequest) -> Response {
    let path = request.uri.path().to_string();
    if !path.ends_with('/') {
        return redirect_with_slash(state, &request);
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').skip(1).collect();
    let route = Route::recognize(&segments);
    if let Some(name) = route.name() {
        state.calls.record(name);
    }
    // Bungie asks every application for a User-Agent naming it: count the calls without one.
    if request
        .header(header::USER_AGENT.as_str())
        .is_none_or(|ua| ua.trim().is_empty())
    {
        state.calls.record(MISSING_USER_AGENT);
        tracing::warn!(path = %path, "a Platform request without a User-Agent");
    }
    if let Some(dropped) = apply_transport_faults(state, conn).await {
        return dropped;
    }
    if route == Route::Token {
        return oauth_routes::token(state, &request);
    }
    let action = matches!(route, Route::Action(_));
    match checks(state, conn, &request, route) {
        Ok(user) => endpoints::answer(state, &request, route, user),
        Err(error) => envelope::error(&error, action),
    }
}

/// Drops the connection or waits, as the faults in force say. `Some` when the call is dropped.
pub async fn apply_transport_faults(state: &SimState, conn: &ConnInfo) -> Option<Response> {
    let (drop, latency) = {
        let faults = lock(&state.faults);
        (faults.roll_drop(&mut *lock(&state.rng)), faults.latency())
    };
    if drop {
        conn.drop_connection();
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return Some(response);
    }
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    None
}

/// Every check before the endpoint runs; the caller's Bungie.net membership id when a valid
/// bearer token came with the call.
fn checks(
    state: &SimState,
    conn: &ConnInfo,
    request: &RawRequest,
    route: Route<'_>,
) -> Result<Option<i64>, PlatformError> {
    match request.header("x-api-key") {
        None => return Err(PlatformError::new(codes::API_KEY_MISSING)),
        Some(key)
            if key != state.settings.api_key
                && !state.settings.other_api_keys.iter().any(|k| k == key) =>
        {
            return Err(PlatformError::new(codes::API_INVALID_KEY));
        }
        Some(_) => {}
    }
    let now = Instant::now();
    if state.settings.pacing
        && let Err(wait) = lock(&state.pacer).check_budget(conn.remote.ip(), now)
    {
        return Err(PlatformError::new(codes::PER_ENDPOINT_THROTTLE).throttled(wait));
    }
    let random_error = {
        let faults = lock(&state.faults);
        if faults.maintenance {
            return Err(PlatformError::new(codes::SYSTEM_DISABLED));
        }
        faults.roll_error(&mut *lock(&state.rng))
    };
    if let Some(code) = random_error {
        let error = PlatformError::new(code);
        let throttle = if codes::http_status(code) == StatusCode::TOO_MANY_REQUESTS {
            10
        } else {
            0
        };
        return Err(error.throttled(throttle));
    }
    if route == Route::Unknown {
        return Err(PlatformError::with_message(
            codes::NOT_FOUND,
            "No such Platform endpoint.",
        ));
    }
    let user = authenticate(state, request, route.needs_token(), now)?;
    if matches!(route, Route::Action(_)) && !state.settings.move_scope {
        return Err(PlatformError::new(
            codes::ACCESS_NOT_PERMITTED_BY_APPLICATION_SCOPE,
        ));
    }
    if request.method != route.method() {
        return Err(PlatformError::with_message(
            codes::NOT_FOUND,
            format!("This endpoint takes {}.", route.method()),
        ));
    }
    if let (true, Route::Action(name), Some(user)) = (state.settings.pacing, route, user)
        && let Err(wait) = lock(&state.pacer).check_action(user, name, now)
    {
        return Err(PlatformError::new(codes::THROTTLE_MOMENTARILY).throttled(wait));
    }
    Ok(user)
}

/// The caller's membership id from `Authorization: Bearer`. A token that is sent must be valid;
/// none at all is refused only where the endpoint needs one.
fn authenticate(
    state: &SimState,
    request: &RawRequest,
    required: bool,
    now: Instant,
) -> Result<Option<i64>, PlatformError> {
    let token = request.header(header::AUTHORIZATION.as_str()).map(|value| {
        let value = value.trim();
        match value.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => {
                value.get(7..).unwrap_or("").trim()
            }
            _ => "",
        }
    });
    match token {
        None if required => Err(PlatformError::new(AccessDenied::Missing.code())),
        None => Ok(None),
        Some(token) => {
            let user = lock(&state.tokens)
                .check_access(token, now)
                .map_err(|denied| PlatformError::new(denied.code()))?;
            // Every token here was issued to this application: with another application's
            // key it is not valid, and Bungie says only "sign in" (99).
            if request.header("x-api-key") != Some(state.settings.api_key.as_str()) {
                return Err(PlatformError::new(codes::WEB_AUTH_REQUIRED));
            }
            Ok(Some(user))
        }
    }
}

/// A path without its trailing slash: 301 to the slash path on the canonical host, as Bungie's
/// redirect does. Because the host differs, HTTP clients drop `Authorization` when following it.
fn redirect_with_slash(state: &SimState, request: &RawRequest) -> Response {
    let query = request
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let location = format!(
        "http://localhost:{}{}/{}",
        state.settings.port,
        request.uri.path(),
        query
    );
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
    if let Ok(value) = http::HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: &str) -> Route<'_> {
        let segments: Vec<&str> = path.split('/').collect();
        Route::recognize(&segments)
    }

    #[test]
    fn recognizes_bungie_paths_in_any_case() {
        assert_eq!(
            route("User/GetMembershipsForCurrentUser"),
            Route::Memberships
        );
        assert_eq!(route("app/oauth/token"), Route::Token);
        assert_eq!(
            route("Destiny2/Actions/Items/transferitem"),
            Route::Action("TransferItem")
        );
        assert_eq!(
            route("Destiny2/3/Profile/4611686018467284386"),
            Route::Profile {
                membership_type: "3",
                membership_id: "4611686018467284386"
            }
        );
        assert_eq!(
            route("Destiny2/3/Account/1/Character/2/Stats/Activities"),
            Route::ActivityHistory {
                membership_type: "3",
                membership_id: "1",
                character_id: "2"
            }
        );
        assert_eq!(
            route("Destiny2/Actions/Loadouts/equiploadout"),
            Route::Action("EquipLoadout")
        );
        assert_eq!(
            route("Destiny2/Actions/Loadouts/UpdateLoadoutIdentifiers"),
            Route::Action("UpdateLoadoutIdentifiers")
        );
        assert_eq!(route("Destiny2/Actions/Items/EquipLoadout"), Route::Unknown);
        assert_eq!(
            route("Destiny2/Actions/Loadouts/TransferItem"),
            Route::Unknown
        );
        assert_eq!(route("Destiny2/Actions/Items/Dismantle"), Route::Unknown);
        assert_eq!(
            route("Destiny2/Actions/Items/settrackedstate"),
            Route::Action("SetTrackedState")
        );
        assert_eq!(
            route("Destiny2/Stats/PostGameCarnageReport/15000000123"),
            Route::Pgcr {
                activity_id: "15000000123"
            }
        );
        assert_eq!(
            route("Destiny2/3/Account/1/Stats"),
            Route::AccountStats {
                membership_type: "3",
                membership_id: "1"
            }
        );
        assert_eq!(route("Destiny2/3/Profile/1/Character/2"), Route::Unknown);
        assert_eq!(
            route("Destiny2/3/Profile/1/Character/2/Vendors"),
            Route::Vendors {
                membership_type: "3",
                membership_id: "1",
                character_id: "2"
            }
        );
        assert_eq!(
            route("GroupV2/User/3/1/0/1"),
            Route::GroupsForMember {
                membership_type: "3",
                membership_id: "1",
                filter: "0",
                group_type: "1"
            }
        );
        assert_eq!(
            route("groupv2/4071526/members"),
            Route::GroupMembers {
                group_id: "4071526"
            }
        );
    }
}
