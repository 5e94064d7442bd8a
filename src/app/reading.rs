//! Reading help around the charts: the plain-words lede (the paper's three findings in a few
//! sentences), "How to read this", the glossary of the notation, and how to cite the paper and
//! the explorer (a copyable BibTeX entry and the exact link of the current view).

use super::copy::CopyButton;
use yew::prelude::*;

/// The paper on arXiv.
pub const PAPER_URL: &str = "https://arxiv.org/abs/2605.16379";

/// The page's title.
pub const TITLE: &str = "Information-open loops";

/// The three findings in plain words, for the top of the page (also in index.html, which shows
/// it before the app has loaded: keep the two the same).
pub const LEDE: &str = "A model trained on its own output can only lose what the task needs, unless \
    something outside it (a checker, a rubric, fresh data) adds information. Checks that only ask \
    \u{201c}is it correct?\u{201d} teach the most per bit and carry over to new domains, and when a \
    shortcut such as answer length predicts the reward, it is learned first.";

/// The paper's BibTeX entry.
pub const BIBTEX: &str = "@inproceedings{li2026information,
  title         = {An Information-Theoretic Criterion for Efficient Data Synthesis},
  author        = {Li, Hanyu and Sun, Zhengqi and Deng, Xiaotie},
  booktitle     = {Proceedings of the 43rd International Conference on Machine Learning (ICML)},
  year          = {2026},
  eprint        = {2605.16379},
  archivePrefix = {arXiv},
  primaryClass  = {cs.LG},
  url           = {https://arxiv.org/abs/2605.16379}
}";

/// The notation, in plain words: (symbol, meaning).
pub const GLOSSARY: &[(&str, &str)] = &[
    ("X", "The task's hidden structure: what \u{201c}correct\u{201d} means (the right answer)."),
    ("Zₜ", "The model at generation t (what it has learned so far); Z₀ is the first model, fitted to real data."),
    ("I(X; ·)", "Mutual information in bits: how much knowing one thing tells you about X. log₂ V bits is all there is to learn about one of V answers."),
    ("S", "An external signal: a verifier, an environment, a rubric, fresh real data."),
    ("DPI", "The data processing inequality: processing cannot create information. A loop with no external signal is a chain X → Zₜ → data → Zₜ₊₁, so I(X; Zₜ₊₁) ≤ I(X; Zₜ)."),
    ("open / closed", "A loop is information-open when the signal tells the model something it does not already know, I(X; S | Zₜ) > 0; otherwise it is closed and can only lose task information."),
    ("s", "Verifier strength, s = 1 − 2ε with ε the chance the verifier's verdict is flipped: 1 is a perfect checker, 0 a coin flip (no information)."),
    ("κ", "Anchoring: how much the verifier judges by agreement with the student itself instead of the truth. κ = 1 is a self-judge, which closes the loop."),
    ("λ", "The share of each generation that is fresh real data."),
    ("c", "Supervision coarseness: 1 rewards any correct answer (binary correctness), 0 only an exact match with one reference answer, in between a rubric mixing the two."),
    ("M", "How many equally good surface forms an answer has: imitating one reference spends up to log₂ M bits per question on form, not task."),
    ("η", "Efficiency: the share of the bits a signal spends that are about the task (η = 1 for binary correctness)."),
    ("c*", "The coarseness above which rewarding correctness makes the general solver win over a domain template; computed in closed form from the behaviours' accuracies."),
    ("band", "The shaded 95% interval of an estimate over independent replicates."),
];

/// "How to read this": what the charts show and how to use the page.
pub fn how_to_read() -> Html {
    html! {
        <section id="how-to-read" class="reading" aria-labelledby="how-to-read-title">
            <h2 id="how-to-read-title">{ "How to read this" }</h2>
            <p>{ "Each tab is a small, exact model of one claim of the paper. The main chart shows the claim: in the first tab, \
                  the task information in a model trained on its own samples (solid blue) falls generation after generation, \
                  while the same model with a verifier (dashed purple, pinned for comparison) keeps learning. Move the two \
                  controls beside the chart and watch it change; presets set up the paper's other cases." }</p>
            <p>{ "Everything is computed in your browser from the settings and a seed, so the link in the address bar \
                  reproduces exactly what you see. Bands are 95% intervals over independent repetitions. Information \
                  measured from a summary of the model (its top answer, one sample) is a lower bound on what the model holds." }</p>
        </section>
    }
}

/// The glossary, folded until asked for.
pub fn glossary() -> Html {
    html! {
        <section id="glossary" class="reading" aria-labelledby="glossary-title">
            <details>
                <summary><h2 id="glossary-title">{ "Glossary of the notation" }</h2></summary>
                <dl class="glossary">
                    { for GLOSSARY.iter().map(|(symbol, meaning)| html! {
                        <div><dt>{ *symbol }</dt><dd>{ *meaning }</dd></div>
                    }) }
                </dl>
            </details>
        </section>
    }
}

/// The paper, its BibTeX, and a line citing this explorer with the link of the current view.
pub fn cite(link: &str) -> Html {
    let line =
        format!("Information-open loops: an interactive explorer of Li, Sun & Deng (2026), {link}");
    html! {
        <footer id="cite" class="reading cite" aria-labelledby="cite-title">
            <h2 id="cite-title">{ "Cite" }</h2>
            <p>{ "The paper: Hanyu Li, Zhengqi Sun and Xiaotie Deng, " }
                <a href={PAPER_URL} rel="noopener">{ "An Information-Theoretic Criterion for Efficient Data Synthesis" }</a>
                { ", ICML 2026 (arXiv 2605.16379)." }</p>
            <pre class="bibtex" aria-label="BibTeX of the paper">{ BIBTEX }</pre>
            <CopyButton text={BIBTEX} label="Copy BibTeX" />
            <p class="cite-explorer">{ "This explorer, as you see it now: " }<code>{ line.clone() }</code></p>
            <CopyButton text={line} label="Copy citation" />
        </footer>
    }
}
