// The wallboard: renders each pushed picture (server-sent events, "state") with textContent only.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('board-data').textContent);
  var texts = data.messages;
  var statusEl = document.getElementById('status');
  var queuesEl = document.getElementById('queues');
  var agentsBody = document.querySelector('#agents tbody');
  // Rendering cost, read by the browser tests and the measurement (performance.now() accounting).
  var stats = window.boardStats = { frames: 0, renderMs: 0, maxRenderMs: 0, lastSeq: -1 };

  function t(key) {
    var v = texts['js.' + key];
    return v === undefined ? key : v;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function clock(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    var s = Math.max(0, Math.round(seconds));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (h ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
  }

  function percent(ratio) {
    return ratio === null || ratio === undefined ? '–' : (ratio * 100).toFixed(1) + ' %';
  }

  function figure(name, key, value) {
    var d = el('div', 'figure');
    d.dataset.figure = name;
    d.appendChild(el('dt', null, t(key)));
    d.appendChild(el('dd', null, value));
    return d;
  }

  function queueCard(q) {
    var card = el('article', 'queue');
    card.dataset.queue = q.name;
    card.appendChild(el('h2', null, q.name));
    var figs = el('dl', 'figures-row');
    figs.appendChild(figure('waiting', 'waiting', q.waitingCount));
    figs.appendChild(figure('longestWait', 'longestWait', clock(q.longestWaitSeconds)));
    figs.appendChild(figure('estimatedWait', 'estimatedWait', clock(q.estimatedWaitSeconds)));
    figs.appendChild(figure('serviceLevel', 'serviceLevelToday', percent(q.serviceLevelToday)));
    figs.appendChild(figure('offered', 'offeredToday', q.offeredToday));
    figs.appendChild(figure('answered', 'answeredToday', q.answeredToday));
    figs.appendChild(figure('abandoned', 'abandonedToday', q.abandonedToday));
    card.appendChild(figs);
    var table = el('table', 'waiting');
    var head = el('tr');
    ['position', 'caller', 'wait', 'ringing'].forEach(function (k) { head.appendChild(el('th', null, t(k))); });
    table.appendChild(el('thead')).appendChild(head);
    var body = table.appendChild(el('tbody'));
    if (q.waiting.length === 0) {
      var none = el('td', 'empty', t('nobodyWaiting'));
      none.colSpan = 4;
      body.appendChild(el('tr')).appendChild(none);
    }
    q.waiting.forEach(function (w) {
      var row = el('tr', w.ringing.length ? 'is-ringing' : null);
      row.dataset.call = w.call;
      row.appendChild(el('td', 'position', w.position));
      row.appendChild(el('td', 'caller', w.callerNumber));
      row.appendChild(el('td', 'wait', clock(w.waitedSeconds)));
      row.appendChild(el('td', 'ringing', w.ringing.join(', ')));
      body.appendChild(row);
    });
    card.appendChild(table);
    card.appendChild(el('h3', null, t('members')));
    var members = el('ul', 'members');
    q.members.forEach(function (mem) {
      var li = el('li', mem.state, mem.agent + ' · ' + t('state.' + mem.state));
      li.dataset.agent = mem.agent;
      li.dataset.state = mem.state;
      members.appendChild(li);
    });
    card.appendChild(members);
    return card;
  }

  function agentRow(a) {
    var row = el('tr');
    row.dataset.agent = a.id;
    row.dataset.state = a.state;
    row.appendChild(el('td', null, a.id));
    row.appendChild(el('td')).appendChild(el('span', 'agent-state ' + a.state, t('state.' + a.state)));
    row.appendChild(el('td', null, clock(a.sinceSeconds)));
    row.appendChild(el('td', 'answered', a.answeredToday));
    row.appendChild(el('td', 'missed', a.missedToday));
    row.appendChild(el('td', 'talk', clock(a.talkSecondsToday)));
    return row;
  }

  function render(state) {
    var started = performance.now();
    var cards = document.createDocumentFragment();
    state.queues.forEach(function (q) { cards.appendChild(queueCard(q)); });
    if (state.queues.length === 0) { cards.appendChild(el('p', 'empty', t('noQueues'))); }
    queuesEl.replaceChildren(cards);
    var rows = document.createDocumentFragment();
    state.agents.forEach(function (a) { rows.appendChild(agentRow(a)); });
    agentsBody.replaceChildren(rows);
    document.body.dataset.seq = state.seq;
    var spent = performance.now() - started;
    stats.frames++;
    stats.renderMs += spent;
    stats.maxRenderMs = Math.max(stats.maxRenderMs, spent);
    stats.lastSeq = state.seq;
  }

  function connect() {
    var source = new EventSource(data.events);
    source.addEventListener('state', function (e) {
      statusEl.textContent = t('connected');
      statusEl.className = 'status live';
      render(JSON.parse(e.data));
    });
    source.addEventListener('refused', function (e) {
      statusEl.textContent = e.data;
      statusEl.className = 'status lost';
      source.close();
    });
    source.onerror = function () {
      statusEl.textContent = t('disconnected');
      statusEl.className = 'status lost';
    };
  }

  connect();
})();
