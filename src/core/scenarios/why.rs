//! The longer stories behind the headline parameters, in the paper's terms, shared by the
//! scenarios whose parameters mean the same thing (shown on demand under a control).

/// Why an external signal (a verifier) matters: open vs closed loops.
pub const OPEN_LOOP: &str = "Without an external signal S the loop X → Zₜ → synthetic data → Zₜ₊₁ is a Markov chain, so by the data processing inequality I(X; Zₜ₊₁) ≤ I(X; Zₜ): task information can only fall. A verifier that knows something about X makes the loop information-open (I(X; S | Zₜ) > 0), and then I(X; Zₜ₊₁) ≤ I(X; Zₜ) + I(X; S | Zₜ).";

/// Why a judge anchored to the student closes the loop again.
pub const ANCHORING: &str = "A judge that drifts with the student (it asks 'does this agree with your own answer?') is a function of Zₜ, so I(X; S | Zₜ) = 0: it carries nothing new and the loop closes again, however confident the judge looks.";

/// Why fresh real data opens a loop.
pub const FRESH_DATA: &str = "Fresh real data is the simplest external signal: each real sample carries I(X; Y) bits about the task no matter what the model believes, which is why mixing some in prevents collapse.";

/// The meta-level of supervision (coarseness c).
pub const COARSENESS: &str = "The meta-level of supervision. A reward splits its information into a task-relevant part (which class the answer is in) and a within-class part (which surface form): I(Y; S | Q) = I([Y]; S | Q) + I(Y; S | [Y], Q). Binary correctness (c = 1) depends on the answer only through its class, so every bit is task-relevant (η = 1); exact-match imitation (c = 0) spends up to log₂ M bits per query on surface form.";

/// Why many equally good forms make imitation wasteful.
pub const FORMS: &str = "With M equally good forms, imitating one reference answer pays log₂ M bits for a choice that does not matter to the task; coarse signals ignore it, which is also why what they teach is not tied to one domain's surface form.";
