/* page.js — the script of `mailpath run --format html` (bundled by
 * .ci/bundle-html; its SHA-256 is in the page's Content Security Policy).
 *
 * It reads the run from the JSON block #mp-data (render_html_data.c says
 * its shape) and shows event k as the terminal UI does (ui/tui/ui_model*.c):
 * the token on the path, the transcript up to k, the world as it was, the
 * explanation and the message inspector. Everything shown is a function of
 * (data, k), so stepping back restores the earlier page exactly.
 *
 * Built for big runs: events stay the compact arrays of the JSON, the
 * transcript draws only the lines that fit, and what needs a scan (the last
 * message before k) is indexed once at load.
 *
 * Parts of the page are "sections": objects with an update(k) function in
 * SECTIONS; a new part of the page adds one entry there. */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('mp-data').textContent);
  var E = D.ev, N = E.length;
  var F = { T: 0, HOP: 1, KIND: 2, FROM: 3, TO: 4, TEXT: 5, PROTO: 6, SESSION: 7, EX: 8, VIEW: 9 };
  var K = {};
  D.kinds.forEach(function (k, i) { K[k] = i; });
  var HOP = { NONE: 0, H1: 1, H2: 2, H3: 3, H4: 4, H5A: 5, H5B: 6 };

  function $(id) { return document.getElementById(id); }
  function kind(i) { return D.kinds[E[i][F.KIND]]; }
  function from(i) { return D.hosts[E[i][F.FROM]]; }
  function to(i) { return D.hosts[E[i][F.TO]]; }
  function text(i) { return E[i][F.TEXT]; }
  function proto(i) { return D.protos[E[i][F.PROTO]]; }
  function hop(i) { return E[i][F.HOP]; }
  function exKey(i) { var x = E[i][F.EX]; return x < 0 ? '' : D.ex[x][0]; }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;';
    });
  }
  /* As str_visible in C: control characters shown, not obeyed. */
  function visible(s) {
    return String(s).replace(/[\x00-\x1f\x7f]/g, function (c) {
      return c === '\r' ? '\\r' : c === '\n' ? '\\n' : c === '\t' ? '\\t'
        : '^' + (c === '\x7f' ? '?' : String.fromCharCode(c.charCodeAt(0) + 64));
    });
  }
  function simTime(us) {
    var ms = Math.floor(us / 1000);
    function p2(n) { return (n < 10 ? '0' : '') + n; }
    function p3(n) { return (n < 10 ? '00' : n < 100 ? '0' : '') + n; }
    if (us < 60e6) return '+' + Math.floor(ms / 1000) + '.' + p3(ms % 1000) + 's';
    if (us < 3600e6) return '+' + Math.floor(ms / 60000) + 'm' + p2(Math.floor(ms / 1000) % 60) + '.' + p3(ms % 1000) + 's';
    return '+' + Math.floor(ms / 3600000) + 'h' + p2(Math.floor(ms / 60000) % 60) + 'm' + p2(Math.floor(ms / 1000) % 60) + 's';
  }

  /* ---- the places of the path (ui_model.c) ---- */
  var NODE = { NONE: 0, SMITH: 1, CLIENT: 2, ISP: 3, CORP: 4, BOSS: 5, DNS: 6 };
  var NODE_EL = [null, 'node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-ns'];
  var NODE_LABEL = ['', '1', '2', '3', '4', '5', 'ns'];
  var HOSTS = {
    'smith-pc.isp.example': NODE.CLIENT, '198.51.100.23': NODE.CLIENT,
    'smtp.isp.example': NODE.ISP, '203.0.113.25': NODE.ISP,
    'ns.isp.example': NODE.DNS, '203.0.113.53': NODE.DNS,
    'mail.corp.example': NODE.CORP, '192.0.2.25': NODE.CORP,
    'boss-pc.corp.example': NODE.BOSS, '192.0.2.77': NODE.BOSS
  };
  var HOP_NODES = [[0, 0], [NODE.SMITH, NODE.CLIENT], [NODE.CLIENT, NODE.ISP], [NODE.ISP, NODE.CORP],
    [NODE.CORP, NODE.CORP], [NODE.BOSS, NODE.CORP], [NODE.BOSS, NODE.CORP]];
  var UP = 1, DOWN = 2, LOCAL = 3;
  var KIND_DIR = {
    action: UP, connect: UP, accept: DOWN, refused: DOWN, close: UP, abort: UP, cmd: UP, reply: DOWN,
    data: UP, state: LOCAL, 'dns-query': UP, 'dns-answer': DOWN, queue: LOCAL, deliver: LOCAL,
    bounce: LOCAL, fault: LOCAL
  };
  function hostNode(name) { return name ? HOSTS[name.toLowerCase()] || NODE.NONE : NODE.NONE; }
  function nodeLabel(n, h) { return n === NODE.BOSS && (h === HOP.H5A || h === HOP.H5B) ? D.hops[h] : NODE_LABEL[n]; }
  function isPop3(i) { return proto(i) === 'POP3' || hop(i) === HOP.H5A || hop(i) === HOP.H5B; }
  function direction(i) {
    var k = kind(i);
    if (k === 'data' && isPop3(i)) return DOWN;   /* RFC 1939 7: RETR sends the message */
    if (k === 'action' && hop(i) !== HOP.H1) return LOCAL;
    if (k === 'note') return from(i) || to(i) ? LOCAL : 0;
    return KIND_DIR[k] || 0;
  }
  function endpoints(i) {
    var dir = direction(i), k = kind(i), h = hop(i);
    var f = hostNode(from(i)), t = hostNode(to(i)), client = 0, server = 0;
    if (k === 'dns-query' || k === 'dns-answer') {
      client = f && f !== NODE.DNS ? f : t && t !== NODE.DNS ? t : NODE.ISP;
      server = NODE.DNS;
    } else if (HOP_NODES[h]) {
      client = HOP_NODES[h][0]; server = HOP_NODES[h][1];
    }
    if (!dir || (dir === LOCAL && !f && !t && !server)) return [0, 0];
    if (dir === LOCAL) { var at = f || t || server; return [at, at]; }
    var ff = dir === UP ? client : server, ft = dir === UP ? server : client;
    if (!f) f = ff;
    if (!t) t = ft;
    if (f === t) { f = ff; t = ft; }
    return [f, t];
  }
  var TAG = {
    note: 'note', action: 'do', connect: 'tcp', accept: 'tcp', refused: 'tcp', close: 'tcp', abort: 'tcp',
    cmd: 'C:', reply: 'S:', data: 'C:', state: 'state', 'dns-query': 'dns', 'dns-answer': 'dns',
    queue: 'queue', deliver: 'store', bounce: 'bounce', fault: 'FAULT', teach: 'teach', question: 'ask',
    expect: 'check', tls: 'tls'
  };
  function hopsText(i) {
    var k = kind(i), h = hop(i), e = endpoints(i), hn = HOP_NODES[h];
    if (k === 'state' && hn && hn[0] !== hn[1]) return nodeLabel(hn[0], h) + '-' + nodeLabel(hn[1], h);
    if (e[0] && e[0] !== e[1]) return nodeLabel(e[0], h) + '\u2192' + nodeLabel(e[1], h);
    if (e[0]) return nodeLabel(e[0], h);
    return D.hops[h] || '';
  }
  function tag(i) { return kind(i) === 'data' && direction(i) === DOWN ? 'S:' : TAG[kind(i)] || ''; }
  function lineText(i) { return (kind(i) === 'state' && proto(i) ? proto(i) + ' ' : '') + visible(text(i)); }

  /* ---- reply classes: colour and symbol (ui_model.c) ---- */
  var CLS = ['', 'ok', 'more', 'temp', 'fail'];
  var SYM = ['', '\u2713', '\u2026', '\u26a0', '\u2717'];
  var CLS_WORD = ['', 'OK', 'continue', 'try again later', 'refused'];
  function replyClass(s) {
    if (/^\+OK/.test(s)) return 1;
    if (/^-ERR/.test(s)) return 4;
    if (/^\+( |$)/.test(s)) return 2;
    var m = /^([1-5])[0-9][0-9]/.exec(s);
    return m ? ({ 2: 1, 3: 2, 4: 3, 5: 4 })[m[1]] || 0 : 0;
  }
  function eventClass(i) {
    var k = kind(i), key = exKey(i);
    switch (k) {
      case 'reply': return replyClass(text(i));
      case 'refused': case 'abort': case 'bounce': return 4;
      case 'deliver': return 1;
      case 'expect': return text(i).indexOf('FAIL') >= 0 ? 4 : 1;
      case 'dns-answer':
        if (key === 'dns:NXDOMAIN' || key === 'dns:NODATA') return 4;
        if (key === 'dns:SERVFAIL' || key === 'dns:timeout') return 3;
        return 1;
      case 'queue':
        return /deferred|retry/.test(key) ? 3 : /expired|bounced/.test(key) ? 4 : 0;
      default: return 0;
    }
  }

  /* ---- the cursor ---- */
  var cur = -1, playing = false, timer = 0, speed = 2, hashTimer = 0;
  var SPEEDS = [['1/4x', 0.25], ['1/2x', 0.5], ['1x', 1], ['2x', 2], ['4x', 4], ['8x', 8], ['16x', 16]];
  var TIMING = {   /* frames of 40 ms: travel, hold (ui_model.c) */
    note: [0, 30], action: [10, 24], connect: [8, 6], accept: [8, 6], refused: [8, 20], close: [8, 4],
    abort: [8, 24], cmd: [10, 10], reply: [10, 10], data: [4, 2], state: [0, 10], 'dns-query': [10, 10],
    'dns-answer': [10, 14], queue: [0, 20], deliver: [0, 30], bounce: [0, 30], fault: [0, 30],
    teach: [0, 80], question: [0, 80], expect: [0, 20]
  };
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)');

  function narrationOnly(i) { var k = kind(i); return k === 'note' || k === 'teach' || k === 'question' || k === 'expect'; }
  function blockStart(i) {
    if (narrationOnly(i)) return false;
    for (var j = i - 1; j >= 0; j--)
      if (!narrationOnly(j)) return E[j][F.SESSION] !== E[i][F.SESSION] || hop(j) !== hop(i);
    return true;
  }
  function session(dir) {
    var i = cur;
    if (dir > 0) {
      for (i++; i < N && !blockStart(i); i++);
      return go(Math.min(i, N - 1));
    }
    if (i <= 0) return;
    for (i--; i > 0 && !blockStart(i); i--);
    go(i);
  }

  /* ---- sections: each shows event k ---- */
  var SECTIONS = [];

  /* Where the places are: measured once, again after a resize. */
  var geom = null;
  function centre(n) {
    if (!geom) {
      var box = $('path').getBoundingClientRect();
      geom = NODE_EL.map(function (id) {
        if (!id) return null;
        var r = $(id).getBoundingClientRect();
        return [r.left - box.left + r.width / 2, r.top - box.top + r.height / 2, r];
      });
    }
    return geom[n];
  }

  /* The path: the token travels from one place to the other. */
  SECTIONS.push({
    update: function (i, travel) {
      var e = endpoints(i), tok = $('token');
      for (var n = 1; n < NODE_EL.length; n++) $(NODE_EL[n]).classList.toggle('active', n === e[0] || n === e[1]);
      var c = eventClass(i);
      $('token-label').innerHTML = esc(hopsText(i)) + ' ' + (c ? '<span class="' + CLS[c] + '">' + SYM[c] + '</span> ' : '') +
        esc((kind(i) === 'state' && proto(i) ? proto(i) + ' state ' : '') + visible(text(i)));
      if (!e[0]) { tok.classList.remove('on'); return; }
      var a = centre(e[0]), b = centre(e[1]), x, y;
      tok.classList.toggle('local', e[0] === e[1]);
      if (e[0] === e[1]) {
        x = a[0] + a[2].width / 2 - 6; y = a[1] - a[2].height / 2 + 6;   /* on the node's corner */
      } else {
        x = a[0] + (b[0] - a[0]) * 0.5; y = a[1] + (b[1] - a[1]) * 0.5;   /* on the link */
      }
      $('token-glyph').textContent = e[0] === e[1] ? '\u2709' : (b[0] > a[0] + 1 ? '\u2709\u25b8' : b[0] < a[0] - 1 ? '\u25c2\u2709' : b[1] > a[1] ? '\u2709\u25be' : '\u25b4\u2709');
      var animate = travel && !(reduceMotion && reduceMotion.matches) && e[0] !== e[1];
      if (tok.getAnimations) tok.getAnimations().forEach(function (an) { an.cancel(); });
      tok.style.left = x + 'px';
      tok.style.top = y + 'px';
      tok.classList.add('on');
      if (animate && tok.animate)   /* set off from the sender, then travel */
        tok.animate([{ left: (a[0] + (b[0] - a[0]) * 0.12) + 'px', top: (a[1] + (b[1] - a[1]) * 0.12) + 'px' },
          { left: x + 'px', top: y + 'px' }], { duration: travel, easing: 'ease-in-out' });
    }
  });

  /* The transcript: the lines up to k that fit, the current one marked. */
  var fit = 0;
  function rowsThatFit() {
    if (fit) return fit;
    var ol = $('lines'), h = ol.clientHeight, li = ol.firstElementChild;
    var lh = li ? li.getBoundingClientRect().height : 0;
    if (!(h > 0 && lh > 0)) return 12;   /* measured once a line is there */
    return (fit = Math.max(3, Math.floor(h / lh)));
  }
  SECTIONS.push({
    update: function (i) {
      var n = rowsThatFit(), first = Math.max(0, i - n + 1), html = '';
      for (var j = first; j <= i; j++) {
        var c = eventClass(j);
        html += '<li data-event="' + (j + 1) + '" class="k-' + kind(j) + (j === i ? ' cur" aria-current="step' : '') + '">' +
          '<span class="hops">' + esc(hopsText(j)) + '</span><span class="tag">' + esc(tag(j)) + '</span>' +
          '<span class="text">' + esc(lineText(j)) + '</span><span class="' + CLS[c] + '">' + SYM[c] + '</span></li>';
      }
      $('lines').innerHTML = html;
    }
  });

  /* The world as it was (ui_model_pane.c). */
  function view(i) { return D.views[E[i][F.VIEW]] || D.views[0]; }
  /* What each end of each session believes after event i: D.bel names the
     first event of each run of events that share D.beliefs[b]. */
  var belOf = new Int32Array(N);
  (function () {
    var runs = D.bel || [];
    for (var r = 0; r < runs.length; r++) {
      var end = r + 1 < runs.length ? runs[r + 1][0] : N;
      for (var i = runs[r][0]; i < end; i++) belOf[i] = runs[r][1];
    }
  })();
  var SESSION_NAME = ['SMTP 2\u21923', 'SMTP 3\u21924', 'POP3'];
  function viewSession(i) {
    if (proto(i) === 'POP3') return 2;
    return proto(i) === 'SMTP' ? (hop(i) === HOP.H2 ? 0 : 1) : -1;
  }
  /* The session at hand: the cursor's, else the latest before it. */
  function sessionAtHand(i) {
    for (var j = i, steps = 0; j >= 0 && steps < 4096; j--, steps++)
      if (E[j][F.SESSION] && viewSession(j) >= 0) return viewSession(j);
    return -1;
  }
  function beliefs(i, vs) {
    var b = D.beliefs && D.beliefs[belOf[i]];
    return b ? [b[2 * vs], b[2 * vs + 1]] : ['', ''];
  }
  SECTIONS.push({
    update: function (i) {
      var v = view(i), pv = i > 0 ? view(i - 1) : v, rows = '';
      function row(cls, label, value, active, changed) {
        rows += '<tr class="' + cls + (active ? ' active' : '') + (changed ? ' changed' : '') + '"><th scope="row">' +
          esc(label) + '</th><td>' + esc(value) + '</td></tr>';
      }
      row('smtp', 'SMTP 2\u21923', v[0] || '-', v[0] && v[0] !== 'QUIT', v[0] !== pv[0]);
      row('smtp', 'SMTP 3\u21924', v[1] || '-', v[1] && v[1] !== 'QUIT', v[1] !== pv[1]);
      var states = ['AUTHORIZATION', 'TRANSACTION', 'UPDATE'].map(function (s) {
        return (v[2] === s ? '\u25cf' : '\u25cb') + s;
      }).join(' ') + (v[2] === 'CLOSED' ? '  (closed)' : '');
      row('pop3', 'POP3', states, ['AUTHORIZATION', 'TRANSACTION', 'UPDATE'].indexOf(v[2]) >= 0, v[2] !== pv[2]);
      var vs = sessionAtHand(i);
      if (vs >= 0) {
        var b = beliefs(i, vs), pb = i > 0 ? beliefs(i - 1, vs) : b;
        if (b[0] || b[1]) row('head', 'Beliefs', SESSION_NAME[vs], false, false);
        ['client', 'server'].forEach(function (side, k) {
          if (b[k]) row('item belief', side + ' believes', b[k], true, b[k] !== pb[k]);
        });
      }
      row('head', 'ISP queue', v[3] ? v[3] + ' message' + (v[3] === 1 ? '' : 's') : 'empty', v[3] > 0, v[3] !== pv[3]);
      v[4].forEach(function (q, k) {
        row('item', q[1], q[2], true, k >= pv[4].length || q[2] !== pv[4][k][2]);
      });
      if (v[5].length) row('head', 'Mailboxes', '', false, false);
      v[5].forEach(function (b, k) {
        row('item', b[0], b[1] + ' message' + (b[1] === 1 ? '' : 's') + ', ' + b[2] + ' octets', b[1] > 0,
          k >= pv[5].length || b[1] !== pv[5][k][1]);
      });
      $('world-rows').tBodies[0].innerHTML = rows;
      var corp = 0;
      v[5].forEach(function (b) { if (/corp\.example$/i.test(b[0])) corp += b[1]; });
      $('badge-4').textContent = '\u2709 ' + corp;
      $('badge-3').textContent = v[3] ? 'queue ' + v[3] : '';
    }
  });

  /* The explanation, with its RFC section (ui_model_pane.c). */
  var NOTE_TITLE = { note: 'What happens now', teach: 'Teaching note', question: 'Question for the class' };
  function explanation(i) {
    var k = kind(i), x = E[i][F.EX], e = x >= 0 ? D.ex[x] : null;
    if (NOTE_TITLE[k]) return { cls: k === 'question' ? 'ask' : k === 'teach' ? 'teach' : '', title: NOTE_TITLE[k], text: visible(text(i)), rfc: '' };
    if (e && e[1]) return { cls: '', title: e[1], text: e[2], rfc: e[3] };
    return { cls: '', title: e ? e[0] : k, text: '', rfc: '' };
  }
  SECTIONS.push({
    update: function (i) {
      var x = explanation(i);
      $('explain').className = x.cls;
      $('ex-title').textContent = x.title;
      $('ex-text').textContent = x.text;
      $('ex-rfc').textContent = x.rfc;
    }
  });

  /* The controls and the narration for screen readers. */
  SECTIONS.push({
    update: function (i) {
      var c = eventClass(i);
      $('slider').value = i + 1;
      $('counter').textContent = (i + 1) + ' / ' + N;
      $('narration').textContent = 'Event ' + (i + 1) + ' of ' + N + ', ' + simTime(E[i][F.T]) +
        (D.hops[hop(i)] ? ', hop ' + D.hops[hop(i)] : '') + ': ' + hopsText(i) + ' ' + tag(i) + ' ' + lineText(i) +
        (c ? ' ' + SYM[c] + ' ' + CLS_WORD[c] : '') + '. ' + explanation(i).title + '.';
    }
  });

  function show(travel) {
    for (var s = 0; s < SECTIONS.length; s++) SECTIONS[s].update(cur, travel);
  }
  /* Move to event i. A move forward may be held back (mp.guard: the quiz
     asks first); following a link (#event=N) is free. */
  function go(i, travel, free) {
    if (!N) return;
    i = Math.max(0, Math.min(N - 1, i | 0));
    if (!free && mp.guard && i > cur && cur >= 0) i = mp.guard(cur, i);
    if (i === cur) return;
    cur = i;
    show(travel || 0);
    saveHash();
  }
  /* The address says where the page is: #event=N and what the parts of
     the page add (mp.hashParts: "&observer=2-3"). */
  function saveHash() {
    clearTimeout(hashTimer);   /* browsers limit how often the address may change */
    hashTimer = setTimeout(function () {
      var h = '#event=' + (cur + 1);
      mp.hashParts.forEach(function (f) { h += f(); });
      if (history.replaceState) history.replaceState(null, '', h);
    }, 400);
  }

  /* ---- playing ---- */
  function frames(i) { return TIMING[kind(i)] || [0, 10]; }
  function tick() {
    if (!playing) return;
    if (cur + 1 >= N) { play(false); return; }
    var tm = frames(cur + 1), sp = SPEEDS[speed][1];
    var was = cur;
    go(cur + 1, tm[0] * 40 / sp);
    if (cur === was || kind(cur) === 'question') { play(false); return; }   /* time for the class to answer */
    timer = setTimeout(tick, (tm[0] + tm[1]) * 40 / sp);
  }
  function play(on) {
    playing = on;
    clearTimeout(timer);
    var b = $('b-play');
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.firstChild.textContent = on ? '\u275a\u275a' : '\u25b6';
    if (on) {
      if (cur + 1 >= N) go(0);
      timer = setTimeout(tick, frames(cur)[1] * 40 / SPEEDS[speed][1]);
    }
  }
  function setSpeed(d) {
    speed = Math.max(0, Math.min(SPEEDS.length - 1, speed + d));
    $('speed').textContent = SPEEDS[speed][0];
  }

  /* ---- the whole annotated transcript: on request and for printing ---- */
  var handoutBuilt = false;
  function buildHandout() {
    if (handoutBuilt) return;
    handoutBuilt = true;
    var html = '', seen = {}, section = -1, explained = {};
    for (var i = 0; i < N; i++) {
      var k = kind(i), h = hop(i);
      if (k === 'question' || k === 'expect') continue;
      if (k === 'note' && !from(i) && !to(i)) {
        if (!(exKey(i) === 'note:scenario' && i < 2 && E[i][F.T] === 0)) html += '<blockquote>' + esc(visible(text(i))) + '</blockquote>';
        continue;
      }
      if (h && !seen[h]) { seen[h] = 1; section = h; html += '<h3>Hop ' + esc(D.hops[h]) + '</h3>'; }
      if (k === 'teach' || k === 'fault') {
        html += '<blockquote><strong>' + (k === 'teach' ? 'Note.' : 'Fault.') + '</strong> ' + esc(visible(text(i))) + '</blockquote>';
        continue;
      }
      var c = eventClass(i), who = from(i) && to(i) && from(i) !== to(i) ? from(i) + ' \u2192 ' + to(i) : from(i) || to(i);
      html += '<p class="line" data-event="' + (i + 1) + '">' + esc(simTime(E[i][F.T])) + '  ' +
        (h && h !== section ? '(hop ' + esc(D.hops[h]) + ') ' : '') + esc(who) + ': ' + esc(tag(i)) + ' ' +
        esc(lineText(i)) + (c ? ' ' + SYM[c] : '') + '</p>';
      var x = E[i][F.EX];
      if (x >= 0 && D.ex[x][1] && !explained[x]) {
        explained[x] = 1;
        html += '<blockquote><strong>' + esc(D.ex[x][1]) + '</strong> \u2014 ' + esc(D.ex[x][2]) +
          (D.ex[x][3] ? ' <em>(' + esc(D.ex[x][3]) + ')</em>' : '') + '</blockquote>';
      }
    }
    $('handout-body').innerHTML = html;
  }
  function showHandout() {
    buildHandout();
    $('handout').hidden = false;
    $('handout').scrollIntoView();
  }
  window.addEventListener('beforeprint', buildHandout);
  if (window.matchMedia) {
    var pm = window.matchMedia('print');
    if (pm.addEventListener) pm.addEventListener('change', function (e) { if (e.matches) buildHandout(); });
  }

  /* ---- keys and buttons, as in the terminal ---- */
  function toggleHelp() {
    var d = $('help');
    if (d.open) d.close();
    else if (d.showModal) d.showModal();
    else d.setAttribute('open', '');
  }
  var ACTIONS = {
    play: function () { play(!playing); },
    next: function () { play(false); go(cur + 1, 300); },
    prev: function () { play(false); go(cur - 1); },
    nexthop: function () { play(false); session(1); },
    prevhop: function () { play(false); session(-1); },
    home: function () { play(false); go(0); },
    end: function () { play(false); go(N - 1); },
    faster: function () { setSpeed(1); },
    slower: function () { setSpeed(-1); },
    handout: showHandout,
    help: toggleHelp
  };
  var KEYS = {
    ' ': 'play', n: 'next', ArrowRight: 'next', PageDown: 'next', p: 'prev', ArrowLeft: 'prev', PageUp: 'prev',
    ']': 'nexthop', '[': 'prevhop', Home: 'home', End: 'end', '+': 'faster', '=': 'faster', '-': 'slower',
    m: 'msg', t: 'handout', '?': 'help'
  };
  $('help-close').addEventListener('click', toggleHelp);
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || $('help').open && e.key !== '?') return;
    var t = e.target.tagName, a = KEYS[e.key];
    if (!a) return;
    /* A focused control keeps its own keys: Space presses a button, the
       slider moves with the arrows, Home and End. */
    if ((t === 'BUTTON' || t === 'SUMMARY') && (e.key === ' ' || e.key === 'Enter')) return;
    if ((t === 'INPUT' || t === 'SELECT') && /^(Arrow|Home|End|Page)/.test(e.key)) return;
    if (t === 'TEXTAREA' || (t === 'INPUT' && !/^(range|radio|checkbox)$/.test(e.target.type))) return;   /* typing */
    e.preventDefault();
    ACTIONS[a]();
  });
  $('slider').addEventListener('input', function () { play(false); go(this.value - 1); });
  $('lines').addEventListener('click', function (e) {
    var li = e.target.closest('li[data-event]');
    if (li) { play(false); go(li.getAttribute('data-event') - 1); }
  });
  window.addEventListener('resize', function () { var i = cur; geom = null; fit = 0; cur = -1; go(i); });

  /* #event=N opens event N (1-based: line N of `mailpath run --format json`);
     #handout opens the annotated transcript; the parts of the page read
     their own parameters (mp.onHash). */
  function fromHash() {
    var m = /event=(\d+)/.exec(location.hash);
    if (/handout/.test(location.hash)) showHandout();
    mp.onHash.forEach(function (f) { f(location.hash); });
    var i = m ? parseInt(m[1], 10) - 1 : cur < 0 ? 0 : cur;
    if (i !== cur) { play(false); go(i, 0, true); }
  }

  /* What the other files of the page (page_*.js) use; the last one calls
     mp.start() once it has added its sections, actions and keys. */
  var mp = window.mailpath = {
    D: D, E: E, F: F, N: N, K: K, HOP: HOP, $: $, esc: esc, visible: visible, simTime: simTime,
    kind: kind, from: from, to: to, text: text, proto: proto, hop: hop, exKey: exKey,
    hostNode: hostNode, nodeLabel: nodeLabel, endpoints: endpoints, NODE_LABEL: NODE_LABEL,
    tag: tag, lineText: lineText, eventClass: eventClass, CLS: CLS, SYM: SYM,
    SECTIONS: SECTIONS, ACTIONS: ACTIONS, KEYS: KEYS, guard: null, hashParts: [], onHash: [],
    cur: function () { return cur; }, go: go, play: play, show: show, saveHash: saveHash,
    start: function () {
      Object.keys(ACTIONS).forEach(function (a) {
        var b = $('b-' + a);
        if (b) b.addEventListener('click', ACTIONS[a]);
      });
      window.addEventListener('hashchange', fromHash);
      $('slider').max = Math.max(1, N);
      document.body.classList.add('js');
      if (N) fromHash();
    }
  };
})();
