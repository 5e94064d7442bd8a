//! Decimal text to `f64`, correctly rounded: the same value as `str::parse::<f64>` for every
//! input (the tests compare them), in a fraction of the wasm. The standard parser's
//! Eisel-Lemire tables are about 14 KB of the bundle, for the few numbers a share link holds.
//!
//! Grammar (that of `f64::from_str`): an optional sign, then `inf`, `infinity` or `nan` (any
//! case), or digits with at most one `.` and at least one digit, then optionally `e` or `E`,
//! an optional sign and at least one digit. Nothing else, not even spaces.
//!
//! Method: the decimal value is an exact fraction `n / d` of big integers; the 64-bit quotient
//! `floor(n 2^s / d)`, for the `s` that puts its top bit at bit 63, and whether a remainder is
//! left decide the rounding (to nearest, ties to even), including subnormals. Only the first
//! [`MAX_DIGITS`] significant digits are used exactly, the rest as "something nonzero follows",
//! which decides every case (no f64 halfway point needs more than 767 digits).

/// Significant digits kept exactly.
const MAX_DIGITS: usize = 800;

/// Parses `s` as `f64::from_str` does (`None` where it gives an error).
///
/// ```
/// use infoloop_core::decimal::parse_f64;
/// assert_eq!(parse_f64("0.1"), Some(0.1));
/// assert_eq!(parse_f64("-2.5e-3"), Some(-0.0025));
/// assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
/// assert!(parse_f64("NaN").unwrap().is_nan());
/// assert_eq!(parse_f64("1,5"), None);
/// ```
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let magnitude = special(rest).or_else(|| finite(rest))?;
    Some(if negative { -magnitude } else { magnitude })
}

/// `inf`, `infinity` or `nan` in any case.
fn special(b: &[u8]) -> Option<f64> {
    let lower: Vec<u8> = b.iter().map(u8::to_ascii_lowercase).collect();
    match lower.as_slice() {
        b"inf" | b"infinity" => Some(f64::INFINITY),
        b"nan" => Some(f64::NAN),
        _ => None,
    }
}

/// A finite decimal number without sign.
fn finite(b: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let mut sticky = false; // a nonzero digit beyond MAX_DIGITS
    let mut exponent: i64 = 0; // value = 0.d1d2d3... * 10^exponent, once digits are read
    let mut seen_digit = false;
    let mut seen_point = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen_digit = true;
                let d = c - b'0';
                if digits.is_empty() && d == 0 {
                    // A leading zero: only its place counts.
                    if seen_point {
                        exponent -= 1;
                    }
                } else {
                    if !seen_point {
                        exponent += 1;
                    }
                    if digits.len() < MAX_DIGITS {
                        digits.push(d);
                    } else if d != 0 {
                        sticky = true;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    if i < b.len() {
        exponent = exponent.saturating_add(parse_exponent(&b[i + 1..])?);
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    // value = D * 10^(exponent - len(D)), D the digits as an integer, below 10^(exponent).
    if exponent > 310 {
        return Some(f64::INFINITY);
    }
    if exponent < -326 {
        return Some(0.0);
    }
    let scale = exponent - digits.len() as i64;
    let mut n = Big::from_digits(&digits);
    let mut d = Big::one();
    if scale >= 0 {
        n.mul_pow10(scale as u32);
    } else {
        d.mul_pow10((-scale) as u32);
    }
    Some(round(n, d, sticky))
}

/// The exponent after `e`: an optional sign and at least one digit, saturating.
fn parse_exponent(b: &[u8]) -> Option<i64> {
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let mut e: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        e = e.saturating_mul(10).saturating_add((c - b'0') as i64);
    }
    Some(if negative { -e } else { e })
}

/// `n / d` (positive), plus "a little more" if `sticky`, rounded to the nearest f64.
fn round(n: Big, d: Big, sticky: bool) -> f64 {
    // Scale by 2^s so that the quotient q = floor(n 2^s / d) is in [2^63, 2^64).
    let mut s = 64 - (n.bits() as i64 - d.bits() as i64);
    let (q, rest) = loop {
        let (mut nn, mut dd) = (n.clone(), d.clone());
        if s >= 0 {
            nn.shl(s as u32);
        } else {
            dd.shl((-s) as u32);
        }
        let (q, rest) = nn.div_small_quotient(&dd);
        if q >= 1 << 64 {
            s -= 1;
        } else if q < 1 << 63 {
            s += 1;
        } else {
            break (q as u64, rest || sticky);
        }
    };
    // value = q 2^-s with q's top bit at 63: its binary exponent is 63 - s.
    let e2 = 63 - s;
    if e2 > 1023 {
        return f64::INFINITY;
    }
    // Bits of q below the 53 kept (more for subnormals, all for values under half the least).
    let drop = if e2 >= -1022 { 11 } else { 11 + (-1022 - e2) };
    if drop > 64 {
        return 0.0;
    }
    let (kept, half, below) = if drop == 64 {
        (0u64, q >> 63 == 1, q << 1 != 0 || rest)
    } else {
        let kept = q >> drop;
        let half = (q >> (drop - 1)) & 1 == 1;
        let below = q & ((1u64 << (drop - 1)) - 1) != 0 || rest;
        (kept, half, below)
    };
    let round_up = half && (below || kept & 1 == 1);
    let mantissa = kept + round_up as u64;
    // Rebuild: a normal value is mantissa 2^(e2 - 52) with mantissa in [2^52, 2^53] (2^53 on
    // rounding up carries into the exponent); a subnormal one is mantissa 2^-1074.
    let bits = if e2 >= -1022 {
        let (mantissa, e2) = if mantissa == 1 << 53 {
            (1u64 << 52, e2 + 1)
        } else {
            (mantissa, e2)
        };
        if e2 > 1023 {
            return f64::INFINITY;
        }
        (((e2 + 1023) as u64) << 52) | (mantissa & ((1 << 52) - 1))
    } else {
        // Subnormal: rounding up to 2^52 gives the least normal value, whose bits are the same.
        mantissa
    };
    f64::from_bits(bits)
}

/// A nonnegative big integer, little-endian 32-bit limbs, no trailing zero limbs.
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Big {
        Big(vec![1])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let mut value = 0u32;
            for &d in chunk {
                value = value * 10 + d as u32;
            }
            big.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        big
    }

    /// self = self * m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = a as u64;
        for limb in &mut self.0 {
            let v = *limb as u64 * m as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut k: u32) {
        while k > 0 {
            let step = k.min(9);
            self.mul_add(10u32.pow(step), 0);
            k -= step;
        }
    }

    fn bits(&self) -> u32 {
        match self.0.last() {
            Some(&top) => 32 * (self.0.len() as u32 - 1) + (32 - top.leading_zeros()),
            None => 0,
        }
    }

    fn shl(&mut self, k: u32) {
        let (limbs, bits) = ((k / 32) as usize, k % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = *limb;
                *limb = (v << bits) | carry;
                carry = v >> (32 - bits);
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        if limbs > 0 && !self.0.is_empty() {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }

    fn ge(&self, other: &Big) -> bool {
        if self.0.len() != other.0.len() {
            return self.0.len() > other.0.len();
        }
        for (a, b) in self.0.iter().rev().zip(other.0.iter().rev()) {
            if a != b {
                return a > b;
            }
        }
        true
    }

    /// self -= other (other <= self).
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = *limb as i64 - other.0.get(i).copied().unwrap_or(0) as i64 - borrow;
            borrow = (v < 0) as i64;
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// floor(self / d), which must be below 2^66, and whether a remainder is left (binary long
    /// division, one quotient bit at a time: the quotient is short).
    fn div_small_quotient(mut self, d: &Big) -> (u128, bool) {
        let mut q: u128 = 0;
        for bit in (0..66).rev() {
            let mut shifted = d.clone();
            shifted.shl(bit);
            if self.ge(&shifted) {
                self.sub(&shifted);
                q |= 1 << bit;
            }
        }
        (q, !self.0.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::SimRng;

    fn same(s: &str) {
        let ours = parse_f64(s);
        let std = s.parse::<f64>().ok();
        match (ours, std) {
            (Some(a), Some(b)) => assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{s:?}: ours {a:e} ({:#x}), std {b:e} ({:#x})",
                a.to_bits(),
                b.to_bits()
            ),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{s:?}: ours {a:?}, std {b:?}"),
        }
    }

    #[test]
    fn grammar_matches_the_standard_parser() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "..",
            "1..2",
            "1.2.3",
            "e",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.e5",
            ".5",
            "5.",
            "-.5e-1",
            "+0",
            "-0",
            "0",
            "00",
            "0.000",
            "1_000",
            " 1",
            "1 ",
            "0x10",
            "inf",
            "-INF",
            "Infinity",
            "infinit",
            "nan",
            "NaN",
            "-nan",
            "+nan",
            "in",
            "1e+5",
            "1E5",
            "1e5.5",
            "١",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "0e99999",
        ] {
            same(s);
        }
    }

    #[test]
    fn hard_cases_round_as_the_standard_parser() {
        for s in [
            "0.1", "0.2", "0.3", "0.30000000000000004", "0.07000000000000001", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "2.2250738585072011e-308",
            "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272e-324",
            "1e-324", "5e-324", "1e-400", "1e308", "1e309", "9007199254740993",
            "9007199254740992.5", "9007199254740993.0000000000000001", "123456789012345678901234567890",
            "0.000000000000000000000000000001", "3.141592653589793238462643383279",
            "4.4501477170144022721148195934182639518696390927032912960468522194496444440421538910330590478162701758282983178260792422137401728773891892910553144148156412434867599762821265346585071045737627442980259622449029037796981144446145705102663115100318287949527959668236039986479250965780342141637013812613333119898765515451440315261253813266652951306000184917766328660755595837392240989947807556594098101021612198814605258742579179000071675999344145086087205681577915435923018910334964869420614052182892431445797605163650903606514140377217442262561590244668525767372446430075513332450079650686719491377688478005309963967709758965844137894433796621993967316936280457084866613206797017728916080020698679408551343728867675409720757232455434770912461317493580281734466552734375e-308",
        ] {
            same(s);
        }
    }

    #[test]
    fn shortest_representations_round_trip() {
        let mut rng = SimRng::for_stream(11, 0);
        for _ in 0..20_000 {
            let bits = rng.next_u64();
            let x = f64::from_bits(bits);
            for s in [format!("{x}"), format!("{x:e}"), format!("{:.3e}", x)] {
                same(&s);
            }
            let y = rng.uniform() * 10f64.powi(rng.below(40) as i32 - 20);
            same(&format!("{y}"));
            same(&format!("{y:.20}"));
        }
    }

    #[test]
    fn random_digit_strings_agree() {
        let mut rng = SimRng::for_stream(12, 0);
        for _ in 0..20_000 {
            let n = 1 + rng.below(30) as usize;
            let mut s: String = (0..n)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            if rng.below(2) == 0 {
                let at = rng.below(n as u64 + 1) as usize;
                s.insert(at, '.');
            }
            if rng.below(2) == 0 {
                s.push_str(&format!("e{}", rng.below(700) as i64 - 350));
            }
            same(&s);
        }
    }

    #[test]
    fn random_strings_of_number_characters_agree() {
        let alphabet = b"0123456789..eE+-in";
        let mut rng = SimRng::for_stream(13, 0);
        for _ in 0..50_000 {
            let n = 1 + rng.below(12) as usize;
            let s: String = (0..n)
                .map(|_| char::from(alphabet[rng.below(alphabet.len() as u64) as usize]))
                .collect();
            same(&s);
        }
    }

    #[test]
    fn long_inputs_are_bounded_and_agree() {
        let long = format!("0.{}1", "0".repeat(5000));
        same(&long);
        let many = format!("1.{}", "9".repeat(5000));
        same(&many);
        let halfway_then_more = format!("9007199254740992.5{}1", "0".repeat(900));
        same(&halfway_then_more);
    }
}
