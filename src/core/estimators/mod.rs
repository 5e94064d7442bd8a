//! Estimators, all in bits: information functionals and the contingency-table mutual
//! information ([`information`]), the KSG k-nearest-neighbour estimator ([`ksg`]), the Gaussian
//! (correlation) estimate of the mutual information ([`correlation`]), and curves with 95% bands
//! and running moments ([`series`]).

pub mod correlation;
pub mod information;
pub mod ksg;
pub mod series;
