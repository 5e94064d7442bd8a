// The app's DOM as the end-to-end tests see it: every selector and data attribute the specs use
// is here, and nowhere else, behind a small page object. When the DOM is redesigned, this is the
// one file to change (the specs speak of charts, controls, notes and the transport, not of CSS).
//
// The contract, as the app implements it today:
//   #app[data-status=running|done][data-fingerprint]    root; "done" = run finished and drawn
//   .hero: the main chart (figure.chart) with its run status (.run-status: progress, a long
//     run's [data-estimate-ms] and Cancel, a cancelled run's [data-cancelled]); .hero-side: the
//     headline controls (.control-list) and .presets; .hero-finding
//   .workbench: the transport, the readouts, the share bar, .more-charts, details.all-params
//     (every other control and the seed)
//   canvas[data-chart=<name>][data-draws]                one per chart, draws = redraw count
//   input[data-key=<param>]                              every control (range or checkbox)
//   input[data-number-key=<param>]                       a range control's number field
//   .notes li                                            corrections of a bad share link
//   .hint-note                                           what a control just did (turned the verifier on)
//   window.infoloop.fingerprint(query) / .timeRun(query, reps) / .curvesJson(query) / .panicForTest(msg)
//   figure.chart h2, ul.legend li, .hover-readout, .visually-hidden table, button[data-export=png|svg]
//   button.copy-link[title=<the link>] [data-link-length] button[data-export=csv|json] button.embed-code
//   section.embed-dialog: input[data-embed-chart|data-embed-control], textarea[data-snippet=element|iframe],
//     iframe.embed-preview
//   [data-transport=play|step|stop|speed|reset|pin], .transport .position[data-shown], .paused-note
//   embed=1 -> #app.embed (no .masthead, .open-full a);  hide=controls -> #app.no-panel
//   fig=/ctl= -> #app.figure-mode (.figure-charts, .figure-controls, .open-full a)
import { expect } from '@playwright/test';

/** How long one page load may take until its run is done and drawn. */
export const RUN_TIMEOUT_MS = 60_000;

/** Every selector the specs use. Functions build the parameterised ones. */
export const SEL = {
  app: '#app',
  done: '#app[data-status="done"]',
  running: '#app[data-status="running"]',
  embedApp: '#app.embed',
  noPanelApp: '#app.no-panel',
  anyChart: 'canvas[data-chart]',
  drawnChart: 'canvas[data-draws]',
  chart: (name) => `canvas[data-chart="${name}"]`,
  chartDrawn: (name) => `canvas[data-chart="${name}"]:not([data-draws="0"])`,
  control: (key) => `input[data-key="${key}"]`,
  rangeControl: 'input[type=range]',
  notes: '.notes',
  noteItem: '.notes li',
  liveInNotes: '.notes script, .notes iframe, .notes object, .notes embed, .notes img, .notes [onerror], .notes [onload]',
  figure: 'figure.chart',
  figureTitle: 'h2',
  legend: '.legend',
  legendItem: 'ul.legend li',
  hoverReadout: '.hover-readout',
  dataTable: '.visually-hidden table',
  exportButton: (kind) => `button[data-export="${kind}"]`,
  copyLink: 'button.copy-link',
  linkLength: '[data-link-length]',
  embedButton: 'button.embed-code',
  embedCode: 'section.embed-dialog textarea[data-snippet="iframe"]',
  elementCode: 'section.embed-dialog textarea[data-snippet="element"]',
  embedPreview: 'section.embed-dialog iframe.embed-preview',
  embedChart: (key) => `section.embed-dialog input[data-embed-chart="${key}"]`,
  embedControl: (key) => `section.embed-dialog input[data-embed-control="${key}"]`,
  embedControls: 'section.embed-dialog input[data-embed-control]',
  panel: 'details.all-params',
  figureApp: '#app.figure-mode',
  figureControl: '.figure-controls input[data-key]',
  figureChart: '.figure-charts canvas[data-chart]',
  masthead: '.masthead',
  openFull: '.open-full a',
  readouts: '.readouts',
  readoutList: 'dl.readouts',
  transport: (name) => `[data-transport="${name}"]`,
  playing: (on) => `[data-transport="play"][aria-pressed="${on}"]`,
  pinned: (on) => `[data-transport="pin"][aria-pressed="${on}"]`,
  position: '.transport .position',
  pausedNote: '.transport .paused-note',
  preset: (n) => `.presets button:nth-child(${n})`,
  progress: '.run-status progress',
  crash: '.crash[role="alert"]',
  themeToggle: '.theme-toggle',
  // first contact: the static page before the wasm, the hero, the panel, the hint, the gallery
  staticPage: '#static-page',
  staticChart: '#static-page .hero figure.chart',
  title: '.masthead h1',
  lede: '.masthead .lede',
  heroChart: '#app .hero figure.chart',
  heroCanvas: '#app .hero canvas[data-chart]',
  headline: '#app .hero .control-list',
  headlineSlider: '#app .hero .control-list input[type=range]',
  numberField: (key) => `input[data-number-key="${key}"]`,
  panelControl: (key) => `details.all-params [data-key="${key}"]`,
  panelSummary: 'details.all-params > summary',
  hint: '.hint-note',
  finding: '.hero-finding',
  activeTab: '.tabs [role="tab"][aria-selected="true"]',
  activePreset: '.presets button[aria-pressed="true"]',
  pipeline: '#pipelines li[data-pipeline]',
  pipelineRank: (rank) => `#pipelines li[data-pipeline="${rank}"]`,
  showPipeline: 'button.show-pipeline',
  glossary: '#glossary details',
  topLinks: '.top-links a',
  // a run's status under the main chart: a long run's estimate and Cancel, a cancelled run
  runStatus: '#app .run-status',
  longRun: '#app .run-status[data-estimate-ms]',
  cancelledRun: '#app .run-status[data-cancelled]',
  cancel: '#app .run-status button.cancel',
  heatmap: 'canvas.heatmap[data-cells]',
  // what a finger can press (touch targets), and the parts of the page that are no target
  interactive: 'a[href], button, input, select, textarea, summary, [role="tab"]',
  /** Not laid out for sighted readers (overflow there is no layout bug): hidden tables, tab strip. */
  offscreen: '.visually-hidden, .tabs',
};

/** The chart names of scenario A's view, sorted. */
export const LOOP_CHARTS = ['accuracy', 'entropy', 'info'];

/**
 * The app in a page or in a frame (an embed): `root` is a Playwright Page or Frame, `base` the
 * address the app is served at (no trailing slash).
 */
export class AppPage {
  constructor(root, base) {
    this.root = root;
    this.base = base;
  }

  /** The address of a share link, `query` being '' or '?v=1&...'. */
  url(query = '') {
    return `${this.base}/${query}`;
  }

  /** Navigates to a share link and waits until its run is done and the test hooks exist. */
  async open(query = '', { timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.goto(this.url(query), { waitUntil: 'load' });
    await this.waitDone({ timeout });
    await this.waitHooks({ timeout });
  }

  /** Navigates without waiting for the run (for tests that watch it run). */
  async goto(query = '') {
    await this.root.goto(this.url(query), { waitUntil: 'load' });
  }

  async waitDone({ timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.waitForSelector(SEL.done, { state: 'attached', timeout });
  }

  async waitRunning({ timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.waitForSelector(SEL.running, { state: 'attached', timeout });
  }

  async waitHooks({ timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.waitForFunction(
      () => ['fingerprint', 'timeRun', 'curvesJson', 'panicForTest'].every((f) => typeof window.infoloop?.[f] === 'function'),
      null,
      { timeout },
    );
  }

  isDone() {
    return this.root.locator(SEL.done).count().then((n) => n > 0);
  }

  /**
   * Makes every page of `context` note (in window.__firstChartMs) the page time at which a chart
   * was first drawn; read it with firstChartMs().
   */
  static async watchFirstChart(context) {
    await context.addInitScript((selector) => {
      new MutationObserver((_, observer) => {
        const drawn = [...document.querySelectorAll(selector)].some((c) => Number(c.dataset.draws) > 0);
        if (drawn && window.__firstChartMs === undefined) {
          window.__firstChartMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, childList: true, subtree: true });
    }, SEL.drawnChart);
  }

  firstChartMs() {
    return this.root.evaluate(() => window.__firstChartMs);
  }

  // --- charts -------------------------------------------------------------------------------

  /**
   * Every chart canvas: name, redraw count, backing-store and CSS size, the page's DPR, and the
   * count of pixels unlike its top-left corner (`ink`, -1 for a canvas of no size).
   */
  charts() {
    return this.root.$$eval(SEL.anyChart, (canvases) =>
      canvases.map((c) => {
        let ink = -1;
        if (c.width > 0 && c.height > 0) {
          const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
          ink = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) ink += 1;
          }
        }
        return {
          name: c.dataset.chart,
          draws: Number(c.dataset.draws),
          width: c.width,
          height: c.height,
          cssWidth: c.clientWidth,
          cssHeight: c.clientHeight,
          dpr: window.devicePixelRatio,
          ink,
        };
      }),
    );
  }

  chart(name) {
    return this.root.locator(SEL.chart(name));
  }

  /** Waits until chart `name` has been drawn at least once. */
  async waitChartDrawn(name, { timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.waitForSelector(SEL.chartDrawn(name), { state: 'attached', timeout });
  }

  /** RGB of chart `name`'s background (the pixel at 1,1 of its canvas); no name: the first chart. */
  chartBackground(name) {
    return this.root.$eval(name ? SEL.chart(name) : SEL.anyChart, (c) => [...c.getContext('2d').getImageData(1, 1, 1, 1).data].slice(0, 3));
  }

  /** The figure that holds chart `name` (title, legend, export buttons). */
  figure(name) {
    return this.root.locator(SEL.figure, { has: this.root.locator(SEL.chart(name)) });
  }

  async figureTitle(name) {
    return (await this.figure(name).locator(SEL.figureTitle).innerText()).trim();
  }

  async legendLabels(name) {
    return (await this.figure(name).locator(SEL.legendItem).allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
  }

  /** The first chart's figure (title, canvas, legend): the main chart, or a figure's first. */
  firstChart() {
    return this.root.locator(SEL.figure).first();
  }

  /** The first range control (a figure's first slider). */
  firstSlider() {
    return this.root.locator(SEL.rangeControl).first();
  }

  /** Where "Open in the full explorer" goes (embed and figure modes). */
  openFullHref() {
    return this.root.locator(SEL.openFull).getAttribute('href');
  }

  /** The first chart's legend text (it names the pinned run). */
  firstLegendText() {
    return this.root.locator(SEL.figure).first().locator(SEL.legend).textContent();
  }

  firstHoverReadout() {
    return this.root.locator(SEL.figure).first().locator(SEL.hoverReadout);
  }

  /** Rows of the first chart's screen-reader table. */
  firstDataTableRows() {
    return this.root.locator(SEL.figure).first().locator(SEL.dataTable).evaluate((t) => t.rows.length);
  }

  /** A chart's download button: kind png or svg. */
  chartExport(name, kind) {
    return this.figure(name).locator(SEL.exportButton(kind));
  }

  /** A whole-run download button: kind csv or json. */
  runExport(kind) {
    return this.root.locator(SEL.exportButton(kind));
  }

  // --- controls and the link ----------------------------------------------------------------

  control(key) {
    return this.root.locator(SEL.control(key));
  }

  /** type/min/max/step/value of control `key`. */
  range(key) {
    return this.root.$eval(SEL.control(key), (el) => ({
      type: el.type,
      min: Number(el.min || 0),
      max: Number(el.max || 100),
      step: el.step === 'any' || !el.step ? 0 : Number(el.step),
      value: Number(el.value),
    }));
  }

  async controlValue(key) {
    return Number(await this.control(key).inputValue());
  }

  /** Every range control: key, value, and whether the value is finite and inside min..max. */
  rangeValues() {
    return this.root.$$eval(SEL.rangeControl, (els) =>
      els.map((e) => ({
        key: e.dataset.key,
        value: e.value,
        ok: e.value !== '' && Number.isFinite(Number(e.value)) && Number(e.value) >= Number(e.min) && Number(e.value) <= Number(e.max),
      })),
    );
  }

  /**
   * Sets control `key` to `value` as a person dragging it would (input, then change) and
   * resolves with the milliseconds until the first chart first redrew (`first`: the partial run
   * from the replicates done so far) and until it redrew the complete run (`done`).
   */
  setControlAndTime(key, value, { limitMs = 10_000 } = {}) {
    return this.root.evaluate(
      ({ key, value, limitMs, sel }) =>
        new Promise((resolve, reject) => {
          const app = () => document.querySelector(sel.app);
          const chart = () => document.querySelector(sel.anyChart);
          const input = document.querySelector(sel.control);
          if (!input) return reject(new Error(`no control ${sel.control}`));
          const before = Number(chart()?.dataset.draws ?? NaN);
          const redrawn = () => Number(chart()?.dataset.draws) > before && app()?.dataset.status === 'done';
          let first = null;
          let observer;
          const t0 = performance.now();
          const timer = setTimeout(() => {
            observer?.disconnect();
            reject(new Error(`${key}=${value}: no redraw within ${limitMs} ms (draws ${before} -> ${chart()?.dataset.draws}, status ${app()?.dataset.status})`));
          }, limitMs);
          const finish = () => {
            if (first === null && Number(chart()?.dataset.draws) > before) first = performance.now() - t0;
            if (!redrawn()) return;
            clearTimeout(timer);
            observer.disconnect();
            resolve({ first, done: performance.now() - t0 });
          };
          observer = new MutationObserver(finish);
          observer.observe(document.body, { attributes: true, childList: true, subtree: true });
          input.value = String(value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
          finish();
        }),
      { key, value, limitMs, sel: { app: SEL.app, anyChart: SEL.anyChart, control: SEL.control(key) } },
    );
  }

  /** Sets control `key`, then waits until the address bar holds `key=value` (it is written once the state rests). */
  async setControl(key, value) {
    const timing = await this.setControlAndTime(key, value);
    await this.waitForParam(key, value, { tolerance: 1e-9 * Math.max(1, Math.abs(value)) });
    return timing;
  }

  /** Checks or unchecks checkbox control `key` and waits for the new run. */
  async toggleControl(key, on) {
    const box = this.control(key);
    if (on) await box.check();
    else await box.uncheck();
    await this.waitDone();
  }

  /** location.search */
  search() {
    return this.root.evaluate(() => location.search);
  }

  /** Entries in this tab's session history (Back walks through them). */
  historyLength() {
    return this.root.evaluate(() => history.length);
  }

  /** location without the hash: origin + path + query. */
  href() {
    return this.root.evaluate(() => location.origin + location.pathname + location.search);
  }

  /** Waits until location.hash is `hash` (a link within the page was followed). */
  async waitForHash(hash, { timeout = 5_000 } = {}) {
    await this.root.waitForFunction((h) => location.hash === h, hash, { timeout });
  }

  /** Waits until location.search matches `re`. */
  async waitForSearch(re, { timeout = 5_000 } = {}) {
    await this.root.waitForFunction(({ source, flags }) => new RegExp(source, flags).test(location.search), { source: re.source, flags: re.flags }, { timeout });
  }

  /** Waits until the link's `key` is a number within `tolerance` of `value`. */
  async waitForParam(key, value, { tolerance = 1e-9, timeout = 5_000 } = {}) {
    await this.root.waitForFunction(
      ({ key, value, tolerance }) => {
        const got = new URLSearchParams(location.search).get(key);
        return got !== null && Math.abs(Number(got) - value) <= tolerance;
      },
      { key, value, tolerance },
      { timeout },
    );
  }

  /**
   * Waits until the address bar describes the run drawn (the page writes settled settings into
   * the link 700 ms after the last change): fingerprint(location.search) equals the drawn run's.
   */
  async waitLinkSettled({ timeout = 10_000 } = {}) {
    await this.waitDone();
    await this.root.waitForFunction(
      (sel) => {
        const drawn = document.querySelector(sel)?.dataset.fingerprint;
        return !!drawn && window.infoloop.fingerprint(location.search) === drawn;
      },
      SEL.app,
      { timeout, polling: 100 },
    );
  }

  /** #app's data-fingerprint: the fingerprint of the run drawn ('' while running). */
  fingerprint() {
    return this.root.$eval(SEL.app, (el) => el.dataset.fingerprint ?? '');
  }

  async embedMode() {
    return this.root.evaluate(
      (sel) => ({
        embed: !!document.querySelector(sel.embedApp),
        noPanel: !!document.querySelector(sel.noPanelApp),
        panel: !!document.querySelector(sel.panel),
        masthead: !!document.querySelector(sel.masthead),
        figure: !!document.querySelector(sel.figureApp),
        figureControls: [...document.querySelectorAll(sel.figureControl)].map((e) => e.dataset.key),
        figureCharts: [...document.querySelectorAll(sel.figureChart)].map((e) => e.dataset.chart),
        openFull: document.querySelector(sel.openFull)?.getAttribute('href') ?? null,
        search: location.search,
      }),
      {
        embedApp: SEL.embedApp,
        noPanelApp: SEL.noPanelApp,
        panel: SEL.panel,
        masthead: SEL.masthead,
        figureApp: SEL.figureApp,
        figureControl: SEL.figureControl,
        figureChart: SEL.figureChart,
        openFull: SEL.openFull,
      },
    );
  }

  // --- window.infoloop ------------------------------------------------------------------------

  /** Fetches and installs every data file a scenario needs (G's word list); '' or why not. */
  loadAssets() {
    return this.root.evaluate(() => window.infoloop.loadAssets());
  }

  fingerprintOf(query) {
    return this.root.evaluate((q) => window.infoloop.fingerprint(q), query);
  }

  timeRun(query, reps) {
    return this.root.evaluate(([q, n]) => window.infoloop.timeRun(q, n), [query, reps]);
  }

  /** The sweep CSV window.infoloop.sweepCsv computes for a link's sweep (its `# link:` line is the query). */
  sweepCsv(query) {
    return this.root.evaluate((q) => window.infoloop.sweepCsv(q), query);
  }

  async curvesJson(query) {
    return JSON.parse(await this.root.evaluate((q) => window.infoloop.curvesJson(q), query));
  }

  /** The JSON export curvesJson computes for the page's current link. */
  curvesOfPage() {
    return this.root.evaluate(() => location.search).then((q) => this.curvesJson(q));
  }

  /** Calls panicForTest(message); resolves with what JavaScript saw thrown. */
  panicForTest(message) {
    return this.root.evaluate((m) => {
      try {
        window.infoloop.panicForTest(m);
        return 'no error';
      } catch (err) {
        return String(err);
      }
    }, message);
  }

  // --- notes (corrections of a bad link) ----------------------------------------------------

  notes() {
    return this.root.locator(SEL.notes);
  }

  noteItems() {
    return this.root.locator(SEL.noteItem);
  }

  /** Outer HTML of any live element (script, iframe, img, handler) inside the notes. */
  liveElementsInNotes() {
    return this.root.$$eval(SEL.liveInNotes, (els) => els.map((e) => e.outerHTML));
  }

  /**
   * Each note's text and the bidi embeddings/overrides (U+202A..U+202E) in it that are not inside
   * an isolating element of their own within the note (those reorder the rest of the line).
   */
  notesBidiLeaks() {
    return this.root.$$eval(SEL.noteItem, (lis) =>
      lis.map((li) => {
        const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
        const leaks = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!/[\u202A-\u202E]/.test(node.data)) continue;
          let isolated = false;
          // Isolated means inside an element of its own within the line (a <bdi>, say): the
          // <li> itself being isolated does not stop the override from reordering the line.
          for (let el = node.parentElement; el && el !== li; el = el.parentElement) {
            if (/isolate|plaintext/.test(getComputedStyle(el).unicodeBidi)) isolated = true;
          }
          if (!isolated) leaks.push(node.data.replace(/[\u202A-\u202E]/g, (c) => `U+${c.codePointAt(0).toString(16).toUpperCase()}`));
        }
        return { text: li.innerText, leaks };
      }),
    );
  }

  /** The page's script elements (what a clean load has, to tell injected ones apart). */
  scripts() {
    return this.root.$$eval('script', (els) => els.map((e) => e.outerHTML));
  }

  /**
   * Anything a hostile link may have smuggled into the page: scripts not in `baselineScripts`,
   * elements that load or run things, on* handlers and javascript:/data: attribute values;
   * window.__xss (set by the payloads) and every range control's value.
   */
  async inspectForInjection(baselineScripts) {
    const found = await this.root.evaluate((baseline) => {
      const smuggled = [];
      for (const el of document.querySelectorAll('*')) {
        const tag = el.localName;
        if (tag === 'script' && !baseline.includes(el.outerHTML)) smuggled.push(el.outerHTML.slice(0, 120));
        if (['img', 'iframe', 'object', 'embed', 'frame', 'svg', 'math', 'form', 'base', 'video', 'audio'].includes(tag)) {
          smuggled.push(el.outerHTML.slice(0, 120));
        }
        for (const { name, value } of el.attributes) {
          if (name.startsWith('on') || /^\s*(javascript|data):/i.test(value)) smuggled.push(`${tag}[${name}=${value.slice(0, 60)}]`);
        }
      }
      return { smuggled, xss: window.__xss ?? null };
    }, baselineScripts);
    return { ...found, ranges: await this.rangeValues() };
  }

  // --- share bar, embed dialog --------------------------------------------------------------

  copyLinkButton() {
    return this.root.locator(SEL.copyLink);
  }

  /** What the share bar says about the link: its length and the copy button's title (the link). */
  shareBar() {
    return this.root.evaluate(
      (sel) => ({
        length: Number(document.querySelector(sel.linkLength)?.dataset.linkLength),
        title: document.querySelector(sel.copyLink)?.title ?? '',
      }),
      { linkLength: SEL.linkLength, copyLink: SEL.copyLink },
    );
  }

  async openEmbedDialog() {
    await this.root.click(SEL.embedButton);
    await this.embedCode().waitFor();
  }

  /** The dialog's iframe snippet. */
  embedCode() {
    return this.root.locator(SEL.embedCode);
  }

  /** The dialog's web-component snippet (script tag and element). */
  elementCode() {
    return this.root.locator(SEL.elementCode);
  }

  embedPreview() {
    return this.root.locator(SEL.embedPreview);
  }

  /** Ticks (or unticks) chart `key` of the figure the dialog builds; waits for the snippet to follow. */
  async embedPickChart(key, on) {
    await this.pickAndWait(SEL.embedChart(key), on);
  }

  /** Ticks (or unticks) control `key` of the figure the dialog builds; waits for the snippet to follow. */
  async embedPickControl(key, on) {
    await this.pickAndWait(SEL.embedControl(key), on);
  }

  /** Unticks every control of the figure; the snippet then has no `ctl=`. */
  async embedNoControls() {
    for (const box of await this.root.locator(SEL.embedControls).all()) {
      if (await box.isChecked()) await box.uncheck();
    }
    await expect(this.embedCode()).not.toHaveValue(/[?&;]ctl=/);
  }

  async pickAndWait(selector, on) {
    const before = await this.embedCode().inputValue();
    const box = this.root.locator(selector);
    if (on) await box.check();
    else await box.uncheck();
    await expect(this.embedCode(), `the snippet after ${on ? 'ticking' : 'unticking'} ${selector}`).not.toHaveValue(before);
  }

  // --- transport ------------------------------------------------------------------------------

  transport(name) {
    return this.root.locator(SEL.transport(name));
  }

  async play() {
    await this.transport('play').click();
  }

  async waitPlaying(on, { timeout = 10_000 } = {}) {
    await this.root.waitForSelector(SEL.playing(on), { state: 'attached', timeout });
  }

  async waitPinned(on) {
    await this.root.waitForSelector(SEL.pinned(on), { state: 'attached' });
  }

  /** Sets "stop at" to generation g. */
  async setStopAt(g) {
    await this.transport('stop').fill(String(g));
    await this.transport('stop').press('Enter');
  }

  /** Sets the playing speed in generations per second (10 is 1x). */
  async setSpeed(generationsPerSecond) {
    await this.transport('speed').selectOption(String(generationsPerSecond));
  }

  /** The generation the transport shows. */
  async position() {
    return Number(await this.root.locator(SEL.position).getAttribute('data-shown'));
  }

  positionText() {
    return this.root.locator(SEL.position).textContent();
  }

  /** Waits until the transport shows generation `g` (`atLeast`: g or later). */
  async waitPosition(g, { atLeast = false, timeout = 10_000 } = {}) {
    await this.root.waitForFunction(
      ({ g, atLeast, sel }) => {
        const shown = Number(document.querySelector(sel)?.dataset.shown);
        return atLeast ? shown >= g : shown === g;
      },
      { g, atLeast, sel: SEL.position },
      { timeout },
    );
  }

  /**
   * Watches the transport's position in the page until it has changed `count` times (or
   * `limitMs` passed) and resolves with each change: page time (ms) and generation shown.
   */
  positionChanges(count, { limitMs = 10_000 } = {}) {
    return this.root.evaluate(
      ({ count, limitMs, sel }) =>
        new Promise((resolve) => {
          const el = document.querySelector(sel);
          const changes = [];
          let last = el?.dataset.shown;
          const observer = new MutationObserver(() => {
            const now = el.dataset.shown;
            if (now === last) return;
            last = now;
            changes.push({ t: performance.now(), g: Number(now) });
            if (changes.length >= count) done();
          });
          const timer = setTimeout(() => done(), limitMs);
          function done() {
            clearTimeout(timer);
            observer.disconnect();
            resolve(changes);
          }
          observer.observe(el, { attributes: true, attributeFilter: ['data-shown'] });
        }),
      { count, limitMs, sel: SEL.position },
    );
  }

  pausedNote() {
    return this.root.locator(SEL.pausedNote);
  }

  /** The readouts' accessible name ("Values at generation g"). */
  readoutLabel() {
    return this.root.locator(SEL.readoutList).getAttribute('aria-label');
  }

  readoutsText() {
    return this.root.locator(SEL.readouts).first().innerText();
  }

  /** Clicks the n-th preset (1-based) and waits for its run. */
  async choosePreset(n) {
    await this.root.click(SEL.preset(n));
    await this.waitDone();
  }

  progressValue() {
    return this.root.$eval(SEL.progress, (el) => Number(el.value));
  }

  // --- focus, theme, crash, layout ----------------------------------------------------------

  /** Presses Tab until the focused element is control `key` (or transport button `name`). */
  async tabTo(target, { limit = 80 } = {}) {
    const selector = target.control ? SEL.control(target.control) : SEL.transport(target.transport);
    for (let i = 0; i < limit; i += 1) {
      await this.root.keyboard.press('Tab');
      if (await this.root.evaluate((sel) => document.activeElement?.matches(sel), selector)) return i + 1;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  focusOutline() {
    return this.root.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  }

  themeToggle() {
    return this.root.locator(SEL.themeToggle);
  }

  /** <html data-theme>: the theme in force (light or dark). */
  async waitTheme(theme) {
    await expect(this.root.locator('html')).toHaveAttribute('data-theme', theme);
  }

  crashBanner() {
    return this.root.locator(SEL.crash);
  }

  crashCopyButton() {
    return this.crashBanner().locator('button', { hasText: 'Copy details' });
  }

  /** Up to 5 elements (outside the visually hidden parts) whose right edge passes the viewport. */
  overflowing() {
    return this.root.evaluate((offscreen) => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('body *')]
        .filter((el) => !el.closest(offscreen) && el.getBoundingClientRect().right > width + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        .slice(0, 5);
    }, SEL.offscreen);
  }

  /** Resolves after fonts are ready and two animation frames (layout and paint are current). */
  settleFrames() {
    return this.root.evaluate(
      () => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))),
    );
  }

  // --- first contact ------------------------------------------------------------------------

  /** The viewport box of the first element matching `selector` (null if none): x, y, width, height, right, bottom. */
  box(selector) {
    return this.root.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, right: r.right, bottom: r.bottom };
    }, selector);
  }

  /** The main chart's figure box (title, canvas, legend) in the app. */
  mainChartBox() {
    return this.box(SEL.heroChart);
  }

  /** The static page's box of the main chart (before the wasm), or null once the app replaced it. */
  staticChartBox() {
    return this.box(SEL.staticChart);
  }

  /** The headline controls' box (beside or under the main chart). */
  headlineBox() {
    return this.box(SEL.headline);
  }

  /** Boxes of the headline sliders, in order, with their keys. */
  headlineSliderBoxes() {
    return this.root.$$eval(SEL.headlineSlider, (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { key: el.dataset.key, x: r.x, y: r.y, width: r.width, height: r.height, right: r.right, bottom: r.bottom };
      }),
    );
  }

  /** Whether the title and the lede are visible now (rendered, non-empty, inside the viewport), and their text. */
  titleAndLede() {
    return this.root.evaluate(
      (sel) =>
        [sel.title, sel.lede].map((s) => {
          const el = document.querySelector(s);
          if (!el) return { visible: false, text: '' };
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          const shown = el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && style.display !== 'none';
          return { visible: shown && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight, text: el.innerText.trim() };
        }),
      { title: SEL.title, lede: SEL.lede },
    );
  }

  /** Whether the static page (index.html's, before the app) is still in the page. */
  hasStaticPage() {
    return this.root.locator(SEL.staticPage).count().then((n) => n > 0);
  }

  /** The main chart's canvas. */
  mainCanvas() {
    return this.root.locator(SEL.heroCanvas);
  }

  /** Waits until the app's main chart has been drawn at least once. */
  async waitMainChartDrawn({ timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.waitForSelector(`${SEL.heroCanvas}:not([data-draws="0"])`, { state: 'attached', timeout });
  }

  /** The main chart's redraw count. */
  async mainDraws() {
    return Number(await this.mainCanvas().getAttribute('data-draws'));
  }

  /** The curve names the main chart's series draw, in order (its canvas's data-series). */
  async mainSeriesCurves() {
    return ((await this.mainCanvas().getAttribute('data-series')) ?? '').split(',');
  }

  /** The headline slider `key` in the hero (beside or under the main chart). */
  headlineSlider(key) {
    return this.root.locator(`${SEL.headline} ${SEL.control(key)}`);
  }

  /** Control `key` in the All parameters panel. */
  panelControl(key) {
    return this.root.locator(SEL.panelControl(key));
  }

  /** Opens the All parameters panel if it is folded. */
  async openAllParams() {
    const open = await this.root.locator(SEL.panel).evaluate((d) => d.open);
    if (!open) await this.root.locator(SEL.panelSummary).click();
    await expect(this.root.locator(SEL.panel), 'All parameters opened').toHaveJSProperty('open', true);
  }

  /** Types `value` into control `key`'s number field and presses Enter, as a person typing an exact value; waits for the link. */
  async typeValue(key, value) {
    const field = this.root.locator(SEL.numberField(key));
    await field.fill(String(value));
    await field.press('Enter');
    await this.waitForParam(key, value, { tolerance: 1e-9 });
  }

  /** Types a seed into the seed field (Enter) and waits for the link to hold it. */
  async typeSeed(seed) {
    const field = this.root.locator(SEL.control('seed'));
    await field.fill(String(seed));
    await field.press('Enter');
    await this.waitForSearch(new RegExp(`[?&]seed=${seed}(&|$)`));
  }

  /** Clicks slider `locator` at fraction `f` of its width (a tap with touch), as a finger or mouse would move it there. */
  async pressSlider(locator, f) {
    const b = await locator.boundingBox();
    const position = { x: Math.max(1, Math.min(b.width - 1, b.width * f)), y: b.height / 2 };
    if (await this.root.evaluate(() => matchMedia('(pointer: coarse)').matches)) await locator.tap({ position });
    else await locator.click({ position });
  }

  /** The hint about what a control just did (e.g. turned the verifier on). */
  hint() {
    return this.root.locator(SEL.hint);
  }

  /** The finding box under the main chart. */
  finding() {
    return this.root.locator(SEL.finding);
  }

  /** #app's data-pin-fingerprint: the fingerprint of the pinned run drawn (null until it is computed). */
  pinFingerprint() {
    return this.root.locator(SEL.app).getAttribute('data-pin-fingerprint');
  }

  /** Waits until the pinned run the link asks for is computed and drawn (its fingerprint is set). */
  async waitPinComputed({ timeout = RUN_TIMEOUT_MS } = {}) {
    await this.root.waitForSelector(`${SEL.app}[data-pin-fingerprint]`, { state: 'attached', timeout });
  }

  // --- gallery, tabs, presets, glossary -----------------------------------------------------

  /** The gallery's entries: rank, verdict (open|closed) and what its button says. */
  pipelines() {
    return this.root.$$eval(
      SEL.pipeline,
      (lis, button) =>
        lis.map((li) => ({ rank: li.dataset.pipeline, verdict: li.dataset.verdict, method: li.querySelector('h3')?.innerText.trim() ?? '', button: li.querySelector(button)?.innerText.trim() ?? '' })),
      SEL.showPipeline,
    );
  }

  /** Clicks gallery entry `rank`'s "Show it" button and waits for its run. */
  async showPipeline(rank) {
    await this.root.locator(`${SEL.pipelineRank(rank)} ${SEL.showPipeline}`).click();
    await this.waitDone();
  }

  async activeTab() {
    return (await this.root.locator(SEL.activeTab).innerText()).trim();
  }

  /** The labels of the presets shown pressed. */
  async activePresets() {
    return (await this.root.locator(SEL.activePreset).allInnerTexts()).map((t) => t.trim());
  }

  async openGlossary() {
    await this.root.locator(`${SEL.glossary} > summary`).click();
    await expect(this.root.locator(SEL.glossary), 'glossary opened').toHaveJSProperty('open', true);
  }

  /** Clicks the top bar's link named `name` (e.g. "Where does my pipeline sit?"). */
  async followTopLink(name) {
    await this.root.locator(SEL.topLinks, { hasText: name }).click();
  }

  // --- a run's status: long runs, Cancel ------------------------------------------------------

  runStatus() {
    return this.root.locator(SEL.runStatus);
  }

  async waitLongRun({ timeout = 30_000 } = {}) {
    await this.root.waitForSelector(SEL.longRun, { state: 'visible', timeout });
    return Number(await this.root.locator(SEL.longRun).getAttribute('data-estimate-ms'));
  }

  /**
   * Clicks Cancel and watches the page until it is done: resolves with the milliseconds from the
   * click to the cancelled status, and the share of the work the status says was done.
   */
  cancelRun() {
    return this.root.evaluate(
      (sel) =>
        new Promise((resolve, reject) => {
          const button = document.querySelector(sel.cancel);
          if (!button) return reject(new Error('no Cancel button'));
          const t0 = performance.now();
          const check = () => {
            const status = document.querySelector(sel.cancelled);
            if (!status || document.querySelector(sel.app)?.dataset.status !== 'done') return false;
            observer.disconnect();
            clearTimeout(timer);
            resolve({ ms: performance.now() - t0, share: Number(status.dataset.cancelled) });
            return true;
          };
          const observer = new MutationObserver(check);
          const timer = setTimeout(() => {
            observer.disconnect();
            reject(new Error('not cancelled within 5 s of the click'));
          }, 5_000);
          observer.observe(document.body, { attributes: true, childList: true, subtree: true });
          button.click();
          check();
        }),
      { cancel: SEL.cancel, cancelled: SEL.cancelledRun, app: SEL.app },
    );
  }

  /** Every chart's redraw count and the drawn run's fingerprint, to tell whether the page still works. */
  activity() {
    return this.root.evaluate(
      (sel) => ({
        draws: [...document.querySelectorAll(sel.anyChart)].map((c) => Number(c.dataset.draws)),
        fingerprint: document.querySelector(sel.app)?.dataset.fingerprint ?? '',
        status: document.querySelector(sel.runStatus)?.innerText ?? '',
      }),
      { anyChart: SEL.anyChart, app: SEL.app, runStatus: SEL.runStatus },
    );
  }

  /** The main chart's screen-reader table: its header and rows of cell texts. */
  mainDataTable() {
    return this.root.locator(SEL.heroChart).locator(SEL.dataTable).evaluate((t) => ({
      head: [...t.tHead.rows[0].cells].map((c) => c.innerText.trim()),
      rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.innerText.trim())),
    }));
  }

  // --- the sweep's heatmap ------------------------------------------------------------------

  /** Points at the centre of heatmap cell (col, row) of an nx x ny grid (row 0 at the bottom); resolves with the hover readout. */
  async hoverHeatmapCell(col, row, nx, ny) {
    const canvas = this.root.locator(SEL.heatmap);
    const [left, right, top, bottom] = (await canvas.getAttribute('data-cells')).split(',').map(Number);
    const b = await canvas.boundingBox();
    const x = b.x + left + ((col + 0.5) / nx) * (right - left);
    const y = b.y + bottom - ((row + 0.5) / ny) * (bottom - top);
    await this.root.mouse.move(x, y);
    const readout = this.root.locator(SEL.figure, { has: canvas }).locator(SEL.hoverReadout);
    await expect(readout, `hover readout of cell ${col},${row}`).not.toHaveText(/Point at a cell/);
    return (await readout.innerText()).trim();
  }

  // --- transport fields ---------------------------------------------------------------------

  /** The "stop at" field: its value and whether the value fits (scrollWidth <= clientWidth). */
  stopAtFit() {
    return this.transport('stop').evaluate((el) => ({ value: el.value, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  }

  // --- touch targets ------------------------------------------------------------------------

  /**
   * Every visible control a finger may press (links, buttons, inputs, selects, summaries, tabs)
   * whose box starts above `maxY` (page px) or lies inside `within`, with its size as a finger
   * meets it: a checkbox or radio inside a <label> is pressed through its label (the label's
   * box). Visually hidden parts and controls of zero size (display: none) are left out.
   */
  /** touchTargets() of the All parameters panel (its summary and every control in it). */
  touchTargetsInAllParams() {
    return this.touchTargets({ within: SEL.panel });
  }

  touchTargets({ maxY = Infinity, within = null } = {}) {
    return this.root.evaluate(
      ({ sel, maxY, within }) => {
        const out = [];
        const scope = within ? document.querySelector(within) : null;
        for (const el of document.querySelectorAll(sel.interactive)) {
          if (el.closest(sel.hidden)) continue;
          if (el.disabled || el.getAttribute('tabindex') === '-1') continue;
          if (!el.checkVisibility({ visibilityProperty: true })) continue;
          let target = el;
          if ((el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) target = el.closest('label');
          const r = target.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const top = r.top + scrollY;
          const inScope = scope ? scope.contains(el) : top < maxY;
          if (!inScope) continue;
          const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.dataset.key || '').trim().replace(/\s+/g, ' ').slice(0, 40);
          out.push({ what: `${el.localName}${el.type ? `[${el.type}]` : ''} "${name}"`, width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
        }
        return out;
      },
      { sel: { interactive: SEL.interactive, hidden: '.visually-hidden' }, maxY, within },
    );
  }
}

/**
 * A figure element (`<infoloop-figure link>`) on a host page, found by its index: Playwright's CSS
 * selectors pierce its open shadow root, so the app inside is read through locators.
 */
export class FigureElement {
  constructor(page, index) {
    this.page = page;
    this.index = index;
    this.host = page.locator('infoloop-figure').nth(index);
  }

  /** Scrolls the element into view (it starts near the viewport) and waits until its run is done. */
  async waitDone({ timeout = RUN_TIMEOUT_MS } = {}) {
    await this.host.scrollIntoViewIfNeeded();
    await expect(this.host.locator(SEL.done), `figure ${this.index + 1} done`).toHaveCount(1, { timeout });
  }

  /** Waits until the figure shows a finished run other than the one with fingerprint `before`. */
  async waitNewRun(before, { timeout = RUN_TIMEOUT_MS } = {}) {
    await expect
      .poll(async () => ((await this.host.locator(SEL.done).count()) > 0 ? await this.fingerprint() : before), {
        message: `figure ${this.index + 1} ran the new link`,
        timeout,
      })
      .not.toBe(before);
  }

  fingerprint() {
    return this.host.locator(SEL.app).getAttribute('data-fingerprint');
  }

  pinFingerprint() {
    return this.host.locator(SEL.app).getAttribute('data-pin-fingerprint');
  }

  async waitPinComputed({ timeout = RUN_TIMEOUT_MS } = {}) {
    await expect(this.host.locator(`${SEL.app}[data-pin-fingerprint]`), `figure ${this.index + 1}: its pinned run`).toHaveCount(1, { timeout });
  }

  link() {
    return this.host.getAttribute('link');
  }

  /** Sets the `link` attribute (never as HTML). */
  setLink(link) {
    return this.host.evaluate((el, l) => el.setAttribute('link', l), link);
  }

  /** Each chart canvas of the figure: name, redraw count, ink (pixels unlike its top-left corner). */
  charts() {
    return this.host.locator(SEL.anyChart).evaluateAll((canvases) =>
      canvases.map((c) => {
        let ink = -1;
        if (c.width > 0 && c.height > 0) {
          const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
          ink = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) ink += 1;
          }
        }
        return { name: c.dataset.chart, draws: Number(c.dataset.draws), ink };
      }),
    );
  }

  /** The figure's first chart figure (title, canvas, legend). */
  chart() {
    return this.host.locator(SEL.figure).first();
  }

  slider(key) {
    return this.host.locator(SEL.control(key));
  }

  sliders() {
    return this.host.locator(SEL.rangeControl);
  }

  legendText() {
    return this.host.locator(SEL.legend).first().innerText();
  }

  notes() {
    return this.host.locator(SEL.notes);
  }

  noteItems() {
    return this.host.locator(SEL.noteItem);
  }

  openFullHref() {
    return this.host.locator(SEL.openFull).getAttribute('href');
  }

  /** The element's box in the page. */
  box() {
    return this.host.boundingBox();
  }

  /** Anything live inside the shadow root a link may have smuggled in: elements that load or run things, on* handlers, javascript: values. */
  smuggled() {
    return this.host.evaluate((el) => {
      const found = [];
      for (const node of el.shadowRoot?.querySelectorAll('*') ?? []) {
        const tag = node.localName;
        if (['script', 'img', 'iframe', 'object', 'embed', 'frame', 'svg', 'math', 'form', 'base', 'video', 'audio'].includes(tag)) found.push(node.outerHTML.slice(0, 120));
        for (const { name, value } of node.attributes) {
          if (name.startsWith('on') || /^\s*(javascript|data):/i.test(value)) found.push(`${tag}[${name}=${value.slice(0, 60)}]`);
        }
      }
      return found;
    });
  }
}
