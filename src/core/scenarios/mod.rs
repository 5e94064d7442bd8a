//! The scenarios of DESIGN.md, one folder each: model, parameters, presets, captions, charts.

pub mod budget;
pub mod hacking;
pub mod loop_cat;
pub mod loop_gauss;
pub mod text;
pub mod transfer;
