(() => {
  'use strict';
  // When the page's HTML up to this script has been read (only the scenario details follow it): read by the page benchmark.
  document.documentElement.dataset.parsed = String(Math.round(performance.now()));
  const $ = (s, r = document) => r.querySelector(s);
  const $$ = (s, r = document) => Array.from(r.querySelectorAll(s));
  // The views the page has: Proof only when the document was made with a detection matrix.
  const VIEWS = ['spec', 'triage', 'summary', 'proof'].filter(v => document.getElementById('view-' + v));
  const STATUS = {
    passed: ['✓', 'Passed'], failed: ['✗', 'Failed'], broken: ['↯', 'Broken'], ambiguous: ['⁇', 'Ambiguous'], undefined: ['?', 'Undefined'], pending: ['…', 'Pending'],
    skipped: ['↷', 'Skipped'], ignored: ['⊘', 'Ignored'], notrun: ['○', 'Not run']
  };
  const state = { view: 'spec', q: '', status: new Set(), tag: '', s: '', at: '' };

  // ---- content kept as text until needed: features past the first screens, long triage lists.
  // A block is turned into HTML when it comes near the screen, when a link points into it, or before printing;
  // so the DOM holds what has been on screen, not the whole specification.
  const lazyObserver = 'IntersectionObserver' in window
    ? new IntersectionObserver(entries => { for (const e of entries) if (e.isIntersecting) materialise(e.target); }, { rootMargin: '1500px 0px' })
    : null;
  async function materialise(block) {
    if (!block.isConnected || !block.hasAttribute('data-lazy') || block.dataset.busy) return;
    block.dataset.busy = '1';
    if (lazyObserver) lazyObserver.unobserve(block);
    const source = block.querySelector('script[type="text/x-livingdoc"]');
    const html = source ? await inflate(source.textContent) : '';
    if (!block.isConnected) return;
    const feature = block.closest('[data-feature]');
    const ids = block.dataset.ids ? block.dataset.ids.split(' ') : [];
    block.insertAdjacentHTML('beforebegin', html);
    block.remove();
    if (feature) {
      rendered.add(feature);
      packedSource.set(feature, { text: source ? source.textContent : '', ids: block.dataset.ids || '', height: parseInt(block.style.height, 10) || 0 });
      if (farObserver) farObserver.observe(feature);
    }
    // What just appeared follows the filters in force.
    if (items && wasFiltering) {
      if (feature) filterFeature(feature);
      for (const id of ids) { const el = document.getElementById(id); if (el && id.startsWith('t-')) el.hidden = !matches(byId.get(id.slice(2))); }
    }
  }
  // A feature made from its block is packed again when it is far from the screen (or filtered out) and nothing in it
  // is focused or open: the DOM, and memory, follow what is near the screen, not how far a reader has scrolled.
  const packedSource = new Map();
  const farObserver = lazyObserver
    ? new IntersectionObserver(entries => { for (const e of entries) if (!e.isIntersecting) repack(e.target); }, { rootMargin: '6000px 0px' })
    : null;
  let printing = false;
  function repack(feature) {
    const source = packedSource.get(feature);
    const header = feature.querySelector('.feature-head');
    if (!source || printing || !feature.isConnected || !header || feature.contains(document.activeElement) || feature.querySelector('details[open]')) return;
    const height = feature.hidden ? source.height
      : Math.max(0, Math.round(feature.getBoundingClientRect().height - header.getBoundingClientRect().height));
    const block = document.createElement('div');
    block.className = 'lazy';
    block.setAttribute('data-lazy', '');
    block.dataset.ids = source.ids;
    block.style.height = height + 'px';
    const script = document.createElement('script');
    script.type = 'text/x-livingdoc';
    script.dataset.encoding = 'gzip+base64';
    script.textContent = source.text;
    block.append(script);
    while (header.nextSibling) header.nextSibling.remove();
    header.after(block);
    rendered.delete(feature);
    packedSource.delete(feature);
    farObserver.unobserve(feature);
    lazyObserver.observe(block);
  }
  // The element with this id, made from its packed block first when need be.
  async function reveal(id) {
    const el = document.getElementById(id);
    if (el || !id) return el;
    const block = $$('[data-lazy]').find(b => (b.dataset.ids || '').split(' ').includes(id));
    if (block) await materialise(block);
    return document.getElementById(id);
  }
  if (lazyObserver) for (const block of document.querySelectorAll('[data-lazy]')) lazyObserver.observe(block);
  // Printing shows everything: what is still packed is made first (unpacking is quick, though not instant).
  window.addEventListener('beforeprint', () => { printing = true; for (const block of document.querySelectorAll('[data-lazy]')) materialise(block); });
  window.addEventListener('afterprint', () => { printing = false; });

  // ---- the search index: per scenario or examples row its id, feature, status, tags and text, written by the
  // generator (gzip + base64) so that searching needs no DOM. Unpacked in idle time or at the first filter.
  let items = null, byId = null, indexing = null;
  const features = $$('#view-spec [data-feature]');
  const rendered = new Set(features.filter(f => !f.querySelector('[data-lazy]')));
  const itemCount = Number($('#shown').dataset.total || 0);
  function loadIndex() {
    if (!indexing) indexing = unpack('ld-index').then(data => {
      items = (data.i || []).map(([id, f, status, tags, text, d]) => ({ id, f, status, tags: tags.split(' ').filter(Boolean), text, d, ok: true }));
      byId = new Map(items.map(i => [i.id, i]));
    });
    return indexing;
  }
  // Triage groups: the ids in each (entries made or still text), to count what a filter leaves.
  const groups = $$('#view-triage [data-group]').map(el => ({
    el, count: el.querySelector('[data-count]'),
    ids: $$('.titem, [data-lazy]', el).flatMap(x => x.dataset.ids ? x.dataset.ids.split(' ') : [x.id]).map(id => id.slice(2))
  }));

  // ---- state <-> URL fragment
  function read(hash) {
    const next = { view: 'spec', q: '', status: new Set(), tag: '', s: '', at: '' };
    for (const part of hash.replace(/^#/, '').split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq), value = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
      if (key === 'view' && VIEWS.includes(value)) next.view = value;
      else if (key === 'q') next.q = value;
      else if (key === 'status') value.split(',').filter(v => v in STATUS).forEach(v => next.status.add(v));
      else if (key === 'tag') next.tag = value.toLowerCase();
      else if (key === 's') next.s = value;
      else if (key === 'at') next.at = value;
    }
    return next;
  }
  function write(s) {
    const parts = ['view=' + s.view];
    if (s.q) parts.push('q=' + encodeURIComponent(s.q));
    if (s.status.size) parts.push('status=' + Array.from(s.status).join(','));
    if (s.tag) parts.push('tag=' + encodeURIComponent(s.tag));
    if (s.s) parts.push('s=' + s.s);
    if (s.at) parts.push('at=' + s.at);
    return '#' + parts.join('&');
  }
  function commit(push) {
    const hash = write(state);
    if (hash !== location.hash) history[push ? 'pushState' : 'replaceState'](null, '', hash);
  }

  // ---- filtering
  function matches(item) {
    if (!item) return true;
    if (state.status.size && !state.status.has(item.status)) return false;
    if (state.tag && !item.tags.includes(state.tag)) return false;
    if (state.q) {
      for (const term of state.q.toLowerCase().split(/\s+/)) if (term && !item.text.includes(term)) return false;
    }
    return true;
  }
  const show = (el, visible) => { if (el.hidden === visible) el.hidden = !visible; };
  // One made feature: its items, then examples, outlines and rules with nothing left in them.
  function filterFeature(feature) {
    for (const el of feature.querySelectorAll('.item')) show(el, matches(byId.get(el.id.slice(2))));
    for (const sel of ['.examples', '[data-outline]', '[data-rule]'])
      for (const el of feature.querySelectorAll(sel)) show(el, !!el.querySelector('.item:not([hidden])'));
  }
  let wasFiltering = false;
  function filter() {
    const filtering = !!(state.q || state.status.size || state.tag);
    // Nothing filtered before or now: every item is already shown; skip touching a thousand elements.
    if (!filtering && !wasFiltering) { $('#shown').textContent = `${itemCount} scenarios`; return; }
    if (!items) { loadIndex().then(filter); return; }
    wasFiltering = filtering;
    let shown = 0;
    const featureShown = new Array(features.length).fill(false);
    for (const item of items) { item.ok = matches(item); if (item.ok) { shown++; featureShown[item.f] = true; } }
    features.forEach((feature, n) => show(feature, !filtering || featureShown[n]));
    for (const feature of rendered) if (!feature.hidden) filterFeature(feature);
    for (const li of $$('.toc [data-feature-ref]')) show(li, !document.getElementById(li.dataset.featureRef).hidden);
    for (const folder of $$('.toc [data-folder]')) show(folder, !!folder.querySelector('li:not([hidden])'));
    for (const el of $$('#view-triage .titem')) show(el, matches(byId.get(el.id.slice(2))));
    for (const block of $$('#view-triage [data-lazy]')) show(block, block.dataset.ids.split(' ').some(id => (byId.get(id.slice(2)) || {}).ok !== false));
    for (const group of groups) {
      const visible = group.ids.filter(id => (byId.get(id) || { ok: true }).ok).length;
      show(group.el, visible > 0);
      if (group.count) group.count.textContent = visible + (visible === 1 ? ' scenario' : ' scenarios');
    }
    $('#shown').textContent = filtering ? `Showing ${shown} of ${items.length} scenarios` : `${items.length} scenarios`;
  }

  function apply(focusTarget) {
    for (const v of VIEWS) $('#view-' + v).hidden = v !== state.view;
    for (const a of $$('.tabs a')) {
      if (a.dataset.view === state.view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    $('#q').value = state.q;
    for (const box of $$('.status-filter input')) box.checked = state.status.has(box.value);
    $('#tag').value = state.tag;
    filter();
    if (state.view === 'triage' && state.s) {
      const wanted = state.s;
      reveal('t-' + wanted).then(entry => {
        if (!entry || state.s !== wanted) return;
        const details = entry.querySelector('details');
        details.open = true;
        render(details);
        entry.scrollIntoView({ block: 'start' });
        if (focusTarget) details.querySelector('summary').focus({ preventScroll: true });
      });
    } else if (state.view === 'spec' && (state.at || state.s)) {
      const wanted = state.at || 's-' + state.s;
      reveal(wanted).then(target => {
        if (!target || (state.at || 's-' + state.s) !== wanted) return;
        target.scrollIntoView({ block: 'start' });
        if (focusTarget) { target.tabIndex = -1; target.focus({ preventScroll: true }); }
      });
    } else if (state.at && document.getElementById(state.at)) {
      const target = document.getElementById(state.at);
      target.scrollIntoView({ block: 'start' });
      if (focusTarget) target.focus({ preventScroll: true });
    } else if (focusTarget) {
      window.scrollTo(0, 0);
    }
  }

  // ---- navigation: every in-page link is a state change, filters kept unless they would hide the target
  document.addEventListener('click', event => {
    const a = event.target.closest('a[href^="#view="]');
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const next = read(a.getAttribute('href'));
    state.view = next.view; state.s = next.s; state.at = next.at;
    const target = next.s && byId && byId.get(next.s);
    if (target && !matches(target)) { state.q = ''; state.status.clear(); state.tag = ''; }
    commit(true);
    apply(true);
  });
  window.addEventListener('popstate', () => { Object.assign(state, read(location.hash)); apply(false); });
  window.addEventListener('hashchange', () => { Object.assign(state, read(location.hash)); apply(false); });

  let pending = 0;
  $('#q').addEventListener('input', event => {
    state.q = event.target.value.trim(); state.s = ''; state.at = '';
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => { filter(); commit(false); });
  });
  $('#q').addEventListener('keydown', event => {
    if (event.key === 'Escape') { event.target.value = ''; state.q = ''; filter(); commit(false); }
  });
  for (const box of $$('.status-filter input')) box.addEventListener('change', () => {
    if (box.checked) state.status.add(box.value); else state.status.delete(box.value);
    state.s = ''; filter(); commit(false);
  });
  $('#tag').addEventListener('change', event => { state.tag = event.target.value; state.s = ''; filter(); commit(false); });
  $('#clear').addEventListener('click', () => { state.q = ''; state.status.clear(); state.tag = ''; state.s = ''; apply(false); commit(false); $('#q').focus(); });
  document.addEventListener('keydown', event => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '/') { event.preventDefault(); $('#q').focus(); }
    const view = { 1: 'spec', 2: 'triage', 3: 'summary', 4: 'proof' }[event.key];
    if (view && VIEWS.includes(view)) { state.view = view; state.s = ''; state.at = ''; commit(true); apply(true); }
  });

  // ---- details of a scenario, unpacked once and rendered when opened
  // gzip + base64 text of the page, unpacked by the browser's DecompressionStream.
  async function inflate(base64) {
    if (!base64.trim()) return '';
    if (!('DecompressionStream' in window)) throw new Error('This browser cannot unpack this page (no DecompressionStream); use a current Chrome, Edge, Firefox or Safari.');
    let blob;
    if (base64.length > 65536) {
      // Large blocks: the browser decodes a data: URL faster than a loop over atob's characters.
      try { blob = await (await fetch('data:application/octet-stream;base64,' + base64.trim())).blob(); } catch (e) { blob = null; }
    }
    if (!blob) blob = new Blob([Uint8Array.from(atob(base64.trim()), c => c.charCodeAt(0))]);
    return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }
  // A gzip + base64 JSON block of the page, by its element's id.
  async function unpack(id) {
    const text = await inflate(document.getElementById(id).textContent);
    return text ? JSON.parse(text) : {};
  }
  // A scenario's details: its block (a hundred scenarios) unpacked when the first of them is opened.
  const blocks = new Map();
  async function detailsOf(id) {
    let key = 'runs';
    if (!id.startsWith('run-')) {
      await loadIndex();
      const item = byId.get(id);
      if (!item || item.d < 0) return undefined;
      key = String(item.d);
    }
    // The details blocks follow the script (so the page answers before the browser has read them): wait for them.
    if (document.readyState === 'loading') await new Promise(resolve => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    if (!document.getElementById('ld-details-' + key)) return undefined;
    if (!blocks.has(key)) blocks.set(key, unpack('ld-details-' + key));
    return (await blocks.get(key))[id];
  }
  document.addEventListener('toggle', event => { if (event.target.matches('.titem > details') && event.target.open) render(event.target); }, true);

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v; else el.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }
  const ms = v => v < 1 ? '<1 ms' : v < 1000 ? Math.round(v) + ' ms' : v < 60000 ? (v / 1000).toFixed(2).replace(/0$/, '') + ' s' : Math.floor(v / 60000) + ' min ' + Math.round(v % 60000 / 1000) + ' s';
  const off = v => v === null || v === undefined ? '' : '+' + (v / 1000).toFixed(3) + ' s';
  const badge = st => { const [icon, label] = STATUS[st] || ['•', st]; return h('span', { class: 'badge st-' + st }, h('span', { 'aria-hidden': 'true' }, icon), ' ' + label); };
  const pretty = text => {
    const t = (text || '').trim();
    if (t.startsWith('{') || t.startsWith('[')) { try { return JSON.stringify(JSON.parse(t), null, 2); } catch (e) { /* not JSON */ } }
    return text;
  };
  const size = n => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(0) + ' KB' : (n / 1048576).toFixed(1) + ' MB';

  async function render(detailsEl) {
    let box = detailsEl.querySelector('.detail');
    if (!box) { box = h('div', { class: 'detail' }, h('p', { class: 'loading' }, 'Loading details…')); detailsEl.append(box); }
    if (box.dataset.rendered) return;
    box.dataset.rendered = '1';
    const id = detailsEl.closest('.titem').id.slice(2);
    let executions;
    try { executions = await detailsOf(id); } catch (e) { box.replaceChildren(h('p', { class: 'problem' }, String(e.message || e))); return; }
    if (!executions || !executions.length) { box.replaceChildren(h('p', null, 'No execution to show.')); return; }
    const parts = [];
    const many = executions.length > 1;
    executions.forEach((ex, index) => {
      const section = h('section', { class: 'execution', 'aria-label': `Execution ${index + 1} of ${executions.length}` });
      section.append(h('div', { class: 'exec-meta' }, badge(ex.st), h('span', null, 'Run: ', h('strong', null, ex.run)),
        many || ex.att ? h('span', null, 'Attempt ' + (ex.att + 1)) : null, ex.at ? h('span', null, 'Started ' + ex.at) : null,
        h('span', null, 'Duration ', h('strong', null, ms(ex.ms))),
        ex.retried ? h('span', { class: 'mark flaky' }, 'Earlier attempt: retried') : many && index === executions.length - 1 ? h('span', null, h('strong', null, 'Last attempt: its status is the scenario\'s')) : null));
      if (ex.notrun) section.append(h('p', { class: 'reason' }, 'Not run: ' + ex.notrun));
      if (ex.brk) section.append(h('p', { class: 'reason broken' }, h('span', { 'aria-hidden': 'true' }, '↯ '), 'Broken, the environment failed (not the product): ' + ex.brk + '.'));
      const failing = ex.notrun ? null : ex.steps.find(s => s.err || s.st === 'failed' || s.st === 'ambiguous' || s.st === 'undefined' || s.st === 'pending');
      if (failing) {
        section.append(h('div', { class: 'error-panel', role: 'group', 'aria-label': 'Error' },
          h('div', null, h('strong', null, (STATUS[failing.st] || ['', ''])[1] + ' at: '), failing.t),
          failing.err ? h('pre', null, (failing.type ? failing.type + ': ' : '') + failing.err) : null,
          failing.snippet ? h('details', { class: 'snippet' }, h('summary', null, 'Suggested step definition'), h('pre', null, failing.snippet)) : null,
          failing.stack ? h('details', { class: 'stack' }, h('summary', null, 'Stack trace'), h('pre', null, failing.stack)) : null));
      }
      const longest = Math.max(1, ...ex.steps.map(s => s.ms));
      section.append(h('h5', null, 'Steps'), h('table', { class: 'steps-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Step and its output'), h('th', { scope: 'col', class: 'num' }, 'Duration'))),
        h('tbody', null, ex.steps.map((s, i) => [
          s.bg && !(ex.steps[i - 1] || {}).bg ? h('tr', { class: 'group' }, h('th', { colspan: 3, scope: 'rowgroup' }, 'Background')) : null,
          !s.bg && !s.hook && (ex.steps[i - 1] || {}).bg ? h('tr', { class: 'group' }, h('th', { colspan: 3, scope: 'rowgroup' }, 'Scenario')) : null,
          h('tr', { class: s.hook ? 'hook' : s.bg ? 'bg' : null },
          h('td', null, badge(s.st)),
          h('td', { class: 'txt' }, s.t, s.out ? h('ul', { class: 'out' }, s.out.map(([o, line]) => h('li', null, h('span', { class: 'off' }, off(o)), line))) : null),
          h('td', { class: 'num' }, ms(s.ms), h('span', { class: 'durbar', style: `width:${Math.max(2, Math.round(60 * s.ms / longest))}px`, 'aria-hidden': 'true' })))]))));
      if (ex.load) {
        const tpl = document.createElement('template');
        tpl.innerHTML = ex.load; // generated by LivingDoc from numbers, every text escaped
        section.append(h('h5', null, 'Load latency'), tpl.content);
      }
      const arrowOf = { request: '→ request', response: '← response', sent: '→ sent', received: '← received', opened: '⇢ opened', closed: '⇠ closed' };
      if (ex.tl) {
        section.append(h('h5', null, `Timeline (${ex.tl.length} entries), from the scenario's first`), h('div', { class: 'table-wrap' }, h('table', { class: 'timeline' },
          h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, 'Time'), h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'Actor / channel'),
            h('th', { scope: 'col' }, 'Direction'), h('th', { scope: 'col' }, 'Summary'))),
          h('tbody', null, ex.tl.map(([o, source, actor, channel, dir, summary]) => h('tr', { class: 'src-' + source },
            h('td', { class: 'num' }, off(o)), h('td', null, source === 'ws' ? 'WebSocket' : source === 'http' ? 'HTTP' : source),
            h('td', null, channel ? actor + ' · ' + channel : actor), h('td', { class: 'dir' }, arrowOf[dir] || dir), h('td', { class: 'p' }, summary)))))));
      }
      const sub = ex.tl ? h('details', { class: 'separate' }, h('summary', null, 'HTTP exchanges and WebSocket frames in full')) : null;
      const into = sub || section;
      if (sub && (ex.http || ex.ws)) section.append(sub);
      if (ex.http) {
        into.append(h('h5', null, `HTTP exchanges (${ex.http.length}), in time order`), ...ex.http.map(x => {
          const code = x.s ? String(x.s) : 'no response';
          return h('details', { class: 'exchange' },
            h('summary', null, h('span', { class: 'off' }, off(x.off) + ' '), x.m + ' ' + x.u + ' → ', h('span', { class: 'code c' + (x.s ? code[0] : 'x') }, code),
              ' · ' + ms(x.ms) + ' ', h('span', { class: 'who' }, '· ' + x.who + (x.why ? ': ' + x.why : ''))),
            x.err ? h('p', { class: 'problem' }, 'Transport error: ' + x.err) : null,
            h('p', null, h('strong', null, 'Request')), kv(x.qh), x.qb ? h('pre', { class: 'body' }, pretty(x.qb)) : null,
            h('p', null, h('strong', null, 'Response')), kv(x.rh), x.rb ? h('pre', { class: 'body' }, pretty(x.rb)) : null);
        }));
      }
      if (ex.ws) {
        const arrows = { sent: '→ sent', received: '← received', opened: '⇢ opened', closed: '⇠ closed', refused: '✗ refused' };
        into.append(h('h5', null, `WebSocket transcript (${ex.ws.length} frames)`), h('div', { class: 'table-wrap' }, h('table', { class: 'ws' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Direction'), h('th', { scope: 'col' }, 'Payload'))),
          h('tbody', null, ex.ws.map(([channel, dir, o, payload]) => h('tr', null, h('td', null, channel), h('td', { class: 'num' }, off(o)),
            h('td', { class: 'dir' }, arrows[dir] || dir), h('td', { class: 'p' }, payload)))))));
      }
      if (ex.files) {
        const images = ex.files.filter(f => f.k === 'image'), others = ex.files.filter(f => f.k !== 'image');
        if (images.length) section.append(h('h5', null, 'Screenshots'), h('div', { class: 'shots' }, images.map(f =>
          h('figure', null, h('a', { href: f.href, target: '_blank', rel: 'noopener' }, h('img', { src: f.href, alt: 'Screenshot ' + f.n + ' of ' +  'the scenario', loading: 'lazy' })),
            h('figcaption', null, f.n + (f.off !== undefined ? ' · ' + off(f.off) : '') + ' · ' + size(f.size))))));
        if (others.length) section.append(h('h5', null, 'Files'), h('ul', { class: 'files' }, others.map(f => h('li', null,
          f.k === 'text' ? h('details', { class: 'textfile' }, h('summary', null, f.n + ' (' + size(f.size) + ')'), h('pre', { class: 'body' }, f.text))
            : f.href ? [h('a', { href: f.href, download: f.n }, f.n), ' (' + size(f.size) + ')', f.k === 'trace' ? ' – a Playwright trace: open it with “npx playwright show-trace” or drop it on trace.playwright.dev' : '']
              : f.n))));
      }
      parts.push(section);
    });
    box.replaceChildren(...parts);
  }
  function kv(pairs) {
    if (!pairs || !pairs.length) return null;
    return h('table', { class: 'kv' }, h('tbody', null, pairs.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v)))));
  }

  Object.assign(state, read(location.hash));
  apply(false);
  // When the page answers: read by the page benchmark (src/LivingDoc.Bench).
  document.documentElement.dataset.ready = String(Math.round(performance.now()));
  // The search index in idle time, so the first search answers at once; the details wait until a scenario is opened.
  (window.requestIdleCallback || setTimeout)(() => { loadIndex(); });
})();
