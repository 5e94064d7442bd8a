//! The C math functions `pow` and `log` of the page's wasm, defined as the `libm` crate's.
//!
//! plotters' axis code calls `f64::powf` and `f64::ln`, which on wasm32 are the C symbols `pow`
//! and `log`, and the target takes those from compiler-builtins' own copy of libm, beside the
//! `libm` crate the core computes with: two copies of each in the page. Defined here, the
//! symbols are the `libm` crate's (the same musl algorithms) and the page carries one copy
//! (724 B gzip less). Only axis key points use them; the core calls `libm` directly.
//!
//! The one exception to the project's `forbid(unsafe_code)`: `#[no_mangle]` exports a symbol,
//! which is unsafe to get wrong (tests/tidy.rs allows exactly these shims here and nothing else).
#![no_std]
#![deny(unsafe_code)]

/// `pow(x, y)`: [`libm::pow`].
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// `log(x)`: [`libm::log`].
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn log(x: f64) -> f64 {
    libm::log(x)
}
