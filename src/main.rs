//! The web entry point: mounts the yew app into the page.
#![forbid(unsafe_code)]

fn main() {}
