//! Moving and equipping items and loadouts in the fewest Bungie calls: a pure planner and an
//! executor that runs the planned steps through one action queue.
//!
//! - [`planner::plan`] turns an [`Inventory`](crate::store::model::Inventory) and a
//!   [`Request`] into a [`Plan`] of [`Step`]s; it makes every refusal itself, with no call.
//! - [`executor::Executor`] runs plans one at a time through [`ActionApi`], records each success
//!   through [`Recorder`], and re-plans once when Bungie says the store was stale.
//! - [`loadouts`] saves loadouts and speaks DIM's loadout format.

pub mod api;
mod equip;
pub mod error;
pub mod executor;
mod explain;
pub mod game_action;
mod game_plan;
mod keep_room;
mod loadout_plan;
pub mod loadouts;
pub mod max_power;
pub mod planner;
mod rank;
pub mod report;
pub mod request;
pub mod step;
pub mod world;
mod world_game;

pub use api::{
    ActionApi, ActionError, EquipOutcomes, LoadoutStore, PortError, Progress, Recorder, RuleKind,
};
pub use equip::equip_refusal;
pub use error::{MoveError, Reason};
pub use executor::Executor;
pub use explain::explain;
pub use max_power::{MaxPower, max_power};
pub use planner::plan;
pub use report::{OperationResult, StepReport};
pub use request::{Destination, Request};
pub use step::{Action, Plan, Refusal, Step, Why};
