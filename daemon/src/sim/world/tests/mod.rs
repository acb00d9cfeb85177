//! Unit tests of the world: the sample account, the rules, the clock, loading a real profile.

mod sample;
