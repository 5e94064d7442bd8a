//! (placeholder) being written.
