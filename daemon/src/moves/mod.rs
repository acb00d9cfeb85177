//! Moving and equipping items and loadouts in the fewest Bungie calls: a pure planner and an
//! executor that runs the planned steps through one action queue.
