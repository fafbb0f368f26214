// Keel's dashboard: plain DOM, no build step. Every value from the server goes in with textContent, never as HTML:
// prompts, reasons and model outputs are untrusted text.
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="keel-csrf"]').content;
  const $ = (id) => document.getElementById(id);
  const status = (text) => { $('status').textContent = text; };
  const REFRESH_MS = 5000;
  let charts = {};
  let callsCursor = [];   // cursors of the pages seen, for Newest
  let callsNext = '';

  async function api(path) {
    const r = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (r.status === 401) { location.href = '/login'; throw new Error('session ended'); }
    const body = await r.json();
    if (!r.ok) { throw new Error(body.error ? body.error.message : r.status); }
    return body;
  }

  async function post(path) {
    const r = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'X-Keel-CSRF': csrf } });
    if (r.status === 401) { location.href = '/login'; return; }
    const body = await r.json();
    status(r.ok ? body.done : 'refused: ' + (body.error ? body.error.message : r.status));
    return r.ok;
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function table(id, head, rows, onRow) {
    const t = $(id);
    t.replaceChildren();
    if (head) {
      const tr = el('tr');
      head.forEach((h) => tr.appendChild(el('th', h)));
      t.appendChild(tr);
    }
    rows.forEach((cells, i) => {
      const tr = el('tr');
      cells.forEach((c) => tr.appendChild(c instanceof Node ? wrap(c) : el('td', c)));
      if (onRow) { tr.className = 'row'; tr.addEventListener('click', () => onRow(i)); }
      t.appendChild(tr);
    });
    if (rows.length === 0) { const tr = el('tr'); tr.appendChild(el('td', 'none')); t.appendChild(tr); }
  }

  function wrap(node) { const td = el('td'); td.appendChild(node); return td; }

  function button(text, id, action) {
    const b = el('button', text);
    b.type = 'button';
    if (id) { b.id = id; }
    b.addEventListener('click', (e) => { e.stopPropagation(); action(); });
    return b;
  }

  function link(text, href) { const a = el('a', text); a.href = href; return a; }

  function unavailable(part) { return part && part.unavailable ? 'unavailable: ' + part.unavailable : null; }

  function chart(id, series, data) {
    if (typeof uPlot === 'undefined' || !data[0].length) { return; }
    const box = $(id);
    const opts = { width: Math.max(300, box.clientWidth - 10), height: 170, series: [{}].concat(series.map((s, i) =>
      ({ label: s, stroke: ['#3b6fd8', '#c2185b', '#2e7d32', '#ef6c00'][i], width: 1.5 }))) };
    if (charts[id]) { charts[id].setData(data); } else { charts[id] = new uPlot(opts, data, box); }
  }

  function eta(seconds) {
    if (seconds === null || seconds === undefined) { return 'unknown'; }
    const m = Math.floor(seconds / 60);
    return m > 0 ? m + ' min ' + (seconds % 60) + ' s' : seconds + ' s';
  }

  // --- overview: one request per refresh ---
  async function overview() {
    const o = await api('/api/dashboard/overview');
    const g = o.guard;
    if (unavailable(g)) { $('guard-level').textContent = unavailable(g); } else {
      $('guard-level').textContent = g.level;
      $('guard-level').className = 'big ' + g.level;
      $('guard-detail').textContent = g.mode.toLowerCase() + ' mode · CPU ' + g.cpu + '% · memory ' + g.memory + '% · ' + g.reason;
      table('disks', ['work folder', 'disk used'], Object.entries(g.disks || {}).map(([f, p]) => [f, p + '%']));
      chart('host-chart', ['CPU %', 'memory %', 'disk %'], [g.trend.at, g.trend.cpu, g.trend.memory, g.trend.disk]);
    }
    table('spend', ['provider', 'spent', 'budget', '%'], list(o.spend).map((s) => [s.provider, s.spent, s.budget,
      s.percent === null ? '' : s.percent + '%']));
    table('mix', ['tier', 'recent', 'target'], list(o.mix).map((m) => [m.tier, m.share + '%', m.target + '%']));
    table('queue', ['priority', 'tasks'], list(o.queue).map((q) => [q.priority, Object.entries(q.states)
      .map(([s, n]) => n + ' ' + s).join(', ')]));
    table('providers', ['provider', 'tier', 'circuit', 'cool-down', 'calls 1 h', 'errors 1 h', 'p50 / p95 1 h', 'calls 30 d',
      'errors 30 d', 'p50 / p95 30 d', 'cost 30 d'], list(o.providers).map((p) => [p.provider, p.tier, p.circuit,
      p.coolingDownSeconds > 0 ? p.coolingDownSeconds + ' s' : '', p.lastHour.calls, p.lastHour.errors,
      (p.lastHour.p50 || '—') + ' / ' + (p.lastHour.p95 || '—'), p.last30Days.calls, p.last30Days.errors,
      (p.last30Days.p50 || '—') + ' / ' + (p.last30Days.p95 || '—'), p.last30Days.cost || '$0.00']));
    if (o.hourly && o.hourly.at) { chart('calls-chart', ['calls', 'errors'], [o.hourly.at, o.hourly.calls, o.hourly.errors]); }
    table('running', ['batch', 'done / total', 'rejected', 'rate', 'ETA'], list(o.batches).map((b) => [b.batch,
      b.done + ' / ' + b.total, b.rejected, b.rate + '/s', eta(b.etaSeconds)]));
    const night = list(o.night)[0];
    table('last-night', null, [['night run', night ? night.outcome + ' at ' + night.finished + ' (' + night.trigger + ')' : 'none yet'],
      ['backup', o.backup && o.backup.file ? o.backup.file + ' (' + o.backup.bytes + ' bytes)' : (o.backup && o.backup.message) || '']]);
    table('legal', ['document', 'record', 'fields'], o.legal && o.legal.documents ? o.legal.documents.map((d) =>
      [d.document + ' ' + d.title, d.record, d.fields]) : []);
    alertRows('open-alerts', o.alerts);
    $('operator').dataset.refreshed = o.at;
  }

  function list(part) { return Array.isArray(part) ? part : []; }

  function alertRows(id, part) {
    if (!part || part.configured === false) { table(id, null, [[part ? part.message : 'alerts not configured']]); return; }
    if (unavailable(part)) { table(id, null, [[unavailable(part)]]); return; }
    table(id, ['severity', 'rule', 'subject', 'summary', 'since', 'acknowledged', ''], part.alerts.map((a) => [a.severity, a.rule,
      a.subject, a.summary, a.firedAt, a.acknowledgedBy ? a.acknowledgedBy + ' ' + a.acknowledgedAt : '',
      a.open && !a.acknowledgedAt ? button('Acknowledge', id + '-ack-' + a.id, async () => {
        if (await post('/api/dashboard/alerts/' + encodeURIComponent(a.id) + '/ack')) { refresh(); }
      }) : el('span', a.open ? '' : 'resolved')]));
  }

  // --- calls ---
  function filters() {
    const q = new URLSearchParams(new FormData($('call-filters')));
    for (const [k, v] of [...q.entries()]) { if (!v) { q.delete(k); } }
    return q;
  }

  async function calls(before) {
    const q = filters();
    $('calls-csv').href = '/api/dashboard/calls.csv?' + q;
    $('spend-csv').href = '/api/dashboard/spend.csv?' + q;
    if (before) { q.set('before', before); }
    const page = await api('/api/dashboard/calls?' + q);
    callsNext = page.next;
    $('calls-older').disabled = !page.next;
    table('call-list', ['id', 'at', 'agent', 'provider', 'model', 'tier', 'outcome', 'tokens', 'cost', 'latency'],
      page.calls.map((c) => [c.id, c.at, c.agent, c.provider, c.model, c.tier, c.outcome, c.tokens, c.cost, c.latencyMs + ' ms']),
      (i) => detail(page.calls[i].id));
    const spend = await api('/api/dashboard/spend?' + filters());
    table('spend-agents', ['agent', 'calls', 'cost'], spend.agents.map((a) => [a.agent, a.calls, a.cost]));
    table('spend-days', ['day', 'calls', 'cost'], spend.days.map((d) => [d.day, d.calls, d.cost]));
  }

  async function detail(id) {
    const c = await api('/api/dashboard/calls/' + id);
    const box = $('call-detail');
    box.hidden = false;
    box.textContent = 'call ' + c.id + ' (' + c.callId + ') at ' + c.at + '\n' + c.agent + ' → ' + c.provider + ' / ' + c.model
      + ' (' + c.tier + '), ' + c.outcome + '\nreason: ' + c.reason + '\ntokens: ' + c.inputTokens + ' in (' + c.cachedInputTokens
      + ' cached, ' + c.cacheWriteTokens + ' cache writes), ' + c.outputTokens + ' out; tool calls: ' + c.toolCalls
      + '\ncost: ' + c.cost + '; latency: ' + c.latencyMs + ' ms';
  }

  // --- batches, exports, night, alerts, intakes ---
  async function batches() {
    const b = await api('/api/dashboard/batches');
    failures('content', 'batch-failures');
    table('batch-list', ['batch', 'file', 'tasks', 'states', 'received', 'report'], b.batches.map((x) => [x.batch, x.file, x.tasks,
      Object.entries(x.states).map(([s, n]) => n + ' ' + s).join(', '), x.received,
      link('REPORT.md', '/files/outbox/content/' + encodeURIComponent(x.batch) + '/REPORT.md')]), (i) => rejected(b.batches[i].batch));
  }

  async function outputs(batch) {
    let names = [];
    try { names = (await api('/api/dashboard/files?root=outbox&dir=content/' + encodeURIComponent(batch))).entries; } catch (e) { names = []; }
    table('output-list', ['outputs of ' + batch], names.filter((n) => !n.endsWith('/')).map((n) =>
      [link(n, '/files/outbox/content/' + encodeURIComponent(batch) + '/' + encodeURIComponent(n))]));
  }

  async function failures(workflow, id) {
    const f = await api('/api/dashboard/failures?workflow=' + workflow);
    table(id, ['input', 'reason', 'at'], f.failures.map((x) => [x.file, x.reason, x.at]));
  }

  async function rejected(batch) {
    const r = await api('/api/dashboard/rejected?batch=' + encodeURIComponent(batch));
    $('rejected-title').hidden = false;
    $('rejected-title').textContent = 'Rejected tasks of ' + batch;
    outputs(batch);
    table('rejected-list', ['task', 'attempts', 'reason', 'file', ''], r.tasks.map((t) => [t.task, t.attempts, t.reason,
      link('rejected/' + t.task + '.md', '/files/outbox/content/' + encodeURIComponent(batch) + '/rejected/' + encodeURIComponent(t.task) + '.md'),
      button('Retry', 'retry-' + t.id, async () => { if (await post('/api/dashboard/tasks/' + t.id + '/retry')) { rejected(batch); } })]));
  }

  async function exportsTab() {
    let names = [];
    try { names = (await api('/api/dashboard/files?root=outbox&dir=export')).entries; } catch (e) { names = []; }
    failures('export', 'export-failures');
    table('export-list', ['file'], names.map((n) => [n.endsWith('/') ? el('span', n) : link(n, '/files/outbox/export/' + encodeURIComponent(n))]));
  }

  async function night() {
    const n = await api('/api/dashboard/night');
    table('night-list', ['started', 'finished', 'trigger', 'outcome', 'steps'], n.runs.map((r) => [r.started, r.finished, r.trigger,
      r.outcome, r.steps]));
    $('backup').replaceChildren(el('span', (n.backup.file ? 'last backup: ' + n.backup.file + ' at ' + n.backup.at : n.backup.message)
      + ' · '), link('NIGHT_RUN.md', '/files/ops/logs/NIGHT_RUN.md'));
  }

  async function alerts() { alertRows('alert-list', (await api('/api/dashboard/alerts')).alerts); }

  async function intakes() {
    const i = await api('/api/dashboard/intakes');
    table('intake-list', ['route', 'status', ''], i.intakes.map((r) => [r.route, r.status, r.status === 'Suspended'
      ? button('Resume', 'resume-' + r.route, async () => { if (await post('/api/dashboard/intakes/' + r.route + '/resume')) { intakes(); } })
      : button('Pause', 'pause-' + r.route, async () => { if (await post('/api/dashboard/intakes/' + r.route + '/pause')) { intakes(); } })]));
    table('action-list', ['at', 'operator', 'action', 'subject', 'detail'], i.actions.map((a) => [a.at, a.operator, a.action,
      a.subject, a.detail]));
  }

  const TABS = { overview: overview, calls: () => calls(), batches: batches, exports: exportsTab, night: night, alerts: alerts,
    intakes: intakes };

  function current() { const t = location.hash.slice(1); return TABS[t] ? t : 'overview'; }

  async function refresh() {
    try { await TABS[current()](); status('updated ' + new Date().toLocaleTimeString()); } catch (e) { status('refresh failed: ' + e.message); }
  }

  function show() {
    const tab = current();
    document.querySelectorAll('section.tab').forEach((s) => { s.hidden = s.id !== tab; });
    document.querySelectorAll('#tabs a').forEach((a) => { a.className = a.dataset.tab === tab ? 'on' : ''; });
    refresh();
  }

  window.addEventListener('hashchange', show);
  $('call-filters').addEventListener('submit', (e) => { e.preventDefault(); callsCursor = []; calls(); });
  $('calls-older').addEventListener('click', () => { if (callsNext) { callsCursor.push(callsNext); calls(callsNext); } });
  $('calls-newest').addEventListener('click', () => { callsCursor = []; calls(); });
  $('logout').addEventListener('click', async () => {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-Keel-CSRF': csrf } });
    location.href = '/login';
  });
  // only the overview refreshes by itself: a page an operator is reading or paging stays put
  setInterval(() => { if (current() === 'overview') { refresh(); } }, REFRESH_MS);
  show();
}());
