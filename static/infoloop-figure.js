// <infoloop-figure link="?v=1&fig=info&ctl=s,kap">: one figure of the explorer on any page.
//
// One script tag, then one element per figure. Every figure on the page shares one download and
// one WebAssembly instance (this module loads it once); each figure sizes itself in the page's
// flow (a block element, the host's width), keeps its styles to itself (shadow DOM), starts
// computing when it comes near the viewport and pauses when it leaves (the Distill d-figure
// pattern), and follows the host's light or dark scheme. Its `link` attribute is a share link's
// query: validated exactly like a link (what cannot be used is corrected with a visible note);
// changing it shows the new figure. Nothing from the attribute is ever inserted as HTML.
//
// Custom properties a host may set on the element: --infoloop-font, --infoloop-text,
// --infoloop-background, --infoloop-surface, --infoloop-accent.
//
// The build (scripts/post-build.mjs) fills in the hashed names of the app's files below.
const GLUE = '__GLUE__';
const WASM = '__WASM__';
const CSS = '__CSS__';
const HERE = new URL('.', import.meta.url);
const NEAR = '300px 0px';

let ready = null;
/** The app's module, initialized once for every figure on the page. */
function load() {
  if (!ready) {
    ready = import(new URL(GLUE, HERE).href).then(async (app) => {
      await app.default({ module_or_path: new URL(WASM, HERE) });
      // Data files (scenario G's word list) are fetched from beside this script too.
      app.setAssetBase(HERE.href);
      return app;
    });
  }
  return ready;
}

class InfoloopFigure extends HTMLElement {
  static get observedAttributes() {
    return ['link'];
  }

  constructor() {
    super();
    this.handle = null;
    this.mounting = null;
    this.near = false;
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL(CSS, HERE).href;
    this.container = document.createElement('div');
    this.container.className = 'figure-host';
    // Until the figure mounts: a box of a figure's size saying what is coming (text only).
    const waiting = document.createElement('p');
    waiting.className = 'computing figure-waiting';
    waiting.textContent = 'Loading a figure of the information-open loops explorer…';
    this.container.append(waiting);
    root.append(style, this.container);
  }

  connectedCallback() {
    this.observer = new IntersectionObserver(
      (entries) => {
        this.near = entries[entries.length - 1].isIntersecting;
        if (this.near) this.mount();
        if (this.handle) this.handle.setVisible(this.near);
      },
      { rootMargin: NEAR },
    );
    this.observer.observe(this);
  }

  disconnectedCallback() {
    if (this.observer) this.observer.disconnect();
    if (this.handle) {
      this.handle.destroy();
      this.handle = null;
    }
    this.mounting = null;
  }

  attributeChangedCallback(name, before, after) {
    if (name === 'link' && before !== after && this.handle) this.handle.setLink(after ?? '');
  }

  mount() {
    if (this.handle || this.mounting) return;
    this.mounting = load()
      .then((app) => {
        if (!this.isConnected || this.handle) return;
        this.container.replaceChildren();
        // "Open in the full explorer" goes to the explorer beside this script, not this page.
        this.handle = app.mountFigure(this.container, this.getAttribute('link') ?? '', this.near, HERE.href);
      })
      .catch((err) => {
        const note = document.createElement('p');
        note.className = 'notes';
        note.textContent = `This figure could not load: ${err && err.message ? err.message : err}`;
        this.container.replaceChildren(note);
      });
  }
}

if (!customElements.get('infoloop-figure')) customElements.define('infoloop-figure', InfoloopFigure);
