// The hostile share links of the suite, shared by the specs that feed them to the app: as the
// page's address (links.spec.mjs) and as the `link` attribute of a figure element
// (figures.spec.mjs). Every one holds at least one thing the parser must correct, so each must
// show notes; the script payloads set window.__xss or open a dialog if they ever run.

/**
 * 50 share links a person (or an attacker) may send, in groups. Every one holds at least one
 * thing the parser must correct, so each must show notes.
 */
export const HOSTILE_LINKS = {
  garbage: ['?v=1&s=banana', '?garbage', '?&&&=&==&', '?v=1&n=%00%01%02', '?v=1&t=12abc&k=0x10', '?v=1&q=1,5'],
  'NaN, Infinity, -0, 1e309': ['?v=1&s=NaN', '?v=1&q=Infinity&kap=-Infinity', '?v=1&lam=-0&s=-0.5', '?v=1&n=1e309&r=-1e309', '?v=1&a=1e-400&b=-0'],
  'huge and negative counts': [
    '?v=1&n=99999999999999999999999&t=3',
    '?v=1&r=1e12&t=3',
    '?v=1&t=-40&n=-1&k=-2&n0=-1000',
    '?v=1&seed=-1',
    '?v=1&seed=18446744073709551616',
  ],
  // script tags, javascript: and attribute-injection payloads (raw and percent-encoded)
  'script and attribute injection': [
    '?v=1&q=<script>alert(1)</script>',
    '?v=1&s=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '?v=1&<script>alert(1)</script>=1',
    '?v=1&s="><img src=x onerror=alert(1)>',
    '?v=1&%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1',
    '?v=1&sc=javascript:alert(1)',
    '?v=1&embed=javascript:alert(document.domain)',
    '?v=1&embed=1&hide="><svg/onload=alert(1)>',
    '?v=1&embed=1&hide=<img src=x onerror=window.__xss=1>,controls',
    '?v=1&seed=<iframe src=javascript:alert(1)>',
    `?v=1&t=2"onmouseover="alert(1)&s='><script>window.__xss=1</script>`,
    '?v=1&s=2#"><img src=x onerror=alert(1)>',
  ],
  // Arabic-Indic digits, RTL override, emoji, fullwidth digits, Hebrew and Arabic
  unicode: ['?v=1&s=٠٫٥', '?v=1&k=\u202Egnp.exe', '?v=1&🔥=💩', '?v=1&q=%F0%9F%98%80', '?v=1&n=３２', '?v=1&embed=1&hide=שלום,مرحبا'],
  'broken percent-encoding': ['?v=1&s=%zz', '?v=1&s=%', '?v=1&q=%4&t=%%41', '?v=1&%FF%FE=1', '?v=1&t=%E2%82'],
  '10 kB values': [`?v=1&s=${'x'.repeat(10_240)}`, `?v=1&q=${'9'.repeat(10_240)}`, `?v=1&zz=${'€'.repeat(3_500)}`],
  '100 repeated or unknown keys': [
    `?v=1${'&s=0.5'.repeat(100)}`,
    `?v=1${Array.from({ length: 100 }, (_, i) => `&x${i}=${i}`).join('')}`,
    '?v=1&foo=bar&__proto__=1&constructor=x',
  ],
  'bad v=, sc=, embed=, hide=': ['?v=4&s=0.5', '?v=&ver=1', '?sc=nope&v=1', '?v=1&embed=true&hide=controls', '?v=1&embed=1&hide=zz,,k,controls,<b>'],
};
export const HOSTILE_COUNT = Object.values(HOSTILE_LINKS).flat().length;
if (HOSTILE_COUNT !== 50) throw new Error(`hostile-links.mjs: ${HOSTILE_COUNT} hostile links, want 50`);

