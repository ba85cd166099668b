/* page_lesson.js — what sim/lesson adds to the page, from the data that
 * render_html_lesson.c derived (nothing is derived again here):
 *
 * - the observer (key e, #event=N&observer=2-3): in place of the world pane,
 *   what a passive eavesdropper on link 2-3, 3-4, 4-5 or 3-dns captured up to
 *   the current event, and the secrets it read in clear; a lock on each link
 *   of the path while its conversation is inside TLS;
 * - the graded questions at the end: answer, check, see the answer and why;
 *   #answers shows every answer (the teacher's key);
 * - predict (key a, &predict=on), as `play --quiz`: stepping onto a
 *   prediction point of `mailpath quiz` first asks, then shows.
 *
 * Uses what page.js shares as window.mailpath, and starts the page. */
(function () {
  'use strict';

  var mp = window.mailpath, D = mp.D, E = mp.E, F = mp.F, N = mp.N, $ = mp.$, esc = mp.esc;

  /* The entries of a list [[event, ...], ...] at or before event i. */
  function upto(list, i) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid][0] <= i) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* ---- the observer ---- */
  var LINKS = ['2-3', '3-4', '4-5', '3-dns'];
  var LINK_EL = { '2-3': 'link-2', '3-4': 'link-3', '4-5': 'link-4', '3-dns': 'link-dns' };
  var LINK_ENDS = {
    '2-3': ['smith-pc.isp.example', 'smtp.isp.example'], '3-4': ['smtp.isp.example', 'mail.corp.example'],
    '4-5': ['mail.corp.example', 'boss-pc.corp.example'], '3-dns': ['smtp.isp.example', 'ns.isp.example']
  };
  var OBS_ROWS_MAX = 200;   /* the newest segments; a long capture scrolls */
  var SEG = { EVENT: 0, LTR: 1, FLAGS: 2, TEXT: 3 }, READABLE = 1, SECRET = 2, LOCKED = 4;
  var obs = D.obs || {}, observer = '';
  var LOCK = '<span class="lock" aria-hidden="true"></span>';   /* drawn by the style sheet: no emoji font needed */

  /* Each link's mark on the path: a lock, the observer's eye. */
  LINKS.forEach(function (l) {
    var el = $(LINK_EL[l]);
    if (el) el.insertAdjacentHTML('beforeend', '<span class="mark" aria-hidden="true"></span>');
  });
  function setObserver(l) {
    observer = LINKS.indexOf(l) >= 0 && obs[l] ? l : '';
    $('observer').value = observer;
    $('world').hidden = !!observer;
    $('observer-pane').hidden = !observer;
    if (mp.cur() >= 0) { mp.show(0); mp.saveHash(); }
  }
  var marks = {}, drawn = '';   /* what is on the page: drawn again only when it changes */
  mp.SECTIONS.push({
    update: function (i) {
      LINKS.forEach(function (l) {
        var el = $(LINK_EL[l]), segs = obs[l] ? obs[l].s : [], n = upto(segs, i);
        if (!el) return;
        var locked = n > 0 && (segs[n - 1][SEG.FLAGS] & LOCKED) !== 0;
        if (marks[l] === locked + observer) return;
        marks[l] = locked + observer;
        el.classList.toggle('locked', locked);
        el.classList.toggle('observed', l === observer);
        el.lastChild.innerHTML = (locked ? LOCK + 'TLS' : '') + (l === observer ? ' \u25c9' : '');
        el.title = (locked ? 'inside TLS' : '') + (l === observer ? (locked ? '; ' : '') + 'observed' : '');
      });
      if (!observer) { drawn = ''; return; }
      var o = obs[observer], ends = LINK_ENDS[observer], n = upto(o.s, i), html = '';
      var key = observer + ' ' + n + ' ' + (n > 0 && o.s[n - 1][SEG.EVENT] === i);
      if (key === drawn) return;
      drawn = key;
      $('obs-link').textContent = observer;
      var sealed = n > 0 && (o.s[n - 1][SEG.FLAGS] & LOCKED) !== 0;
      $('obs-ends').innerHTML = esc(ends[0] + ' \u2194 ' + ends[1] + ': ' + n + ' segment' + (n === 1 ? '' : 's') +
        ' captured so far') + (sealed ? '; ' + LOCK + 'the conversation is inside TLS now' : '');
      for (var k = Math.max(0, n - OBS_ROWS_MAX); k < n; k++) {
        var g = o.s[k], f = g[SEG.FLAGS], cls = f & SECRET ? 'secret' : f & READABLE ? '' : 'sealed';
        html += '<li data-event="' + (g[SEG.EVENT] + 1) + '" class="' + cls + (g[SEG.EVENT] === i ? ' new' : '') + '">' +
          '<span class="t">' + esc(mp.simTime(E[g[SEG.EVENT]][F.T])) + '</span>' +
          '<span class="dir" title="' + esc(g[SEG.LTR] ? ends[0] + ' to ' + ends[1] : ends[1] + ' to ' + ends[0]) + '">' +
          (g[SEG.LTR] ? '\u2192' : '\u2190') + '</span><span class="seg">' +
          (f & SECRET ? '<span class="fail">\u26a0</span> ' : f & READABLE ? '' : LOCK) +
          esc(g[SEG.TEXT]) + '</span></li>';
      }
      var list = $('obs-segs');
      list.innerHTML = html || '<li class="none">nothing has crossed this link yet</li>';
      list.scrollTop = list.scrollHeight;
      var ns = upto(o.x, i), sec = '';
      for (k = 0; k < ns; k++)
        sec += '<li data-event="' + (o.x[k][0] + 1) + '"><span class="fail">\u26a0</span> ' + esc(o.x[k][1]) + '</li>';
      $('obs-secrets').innerHTML = sec || '<li class="none"><span class="ok">\u2713</span> none so far</li>';
    }
  });
  $('observer').addEventListener('change', function () { setObserver(this.value); });
  mp.ACTIONS.observer = function () {   /* as the terminal's e: 2-3, 3-4, 4-5, 3-dns, off */
    setObserver(LINKS[LINKS.indexOf(observer) + 1] || '');
  };
  mp.KEYS.e = 'observer';
  mp.hashParts.push(function () { return observer ? '&observer=' + observer : ''; });
  mp.onHash.push(function (h) {
    var m = /observer=([0-9a-z-]+)/.exec(h);
    if (m) setObserver(m[1] === 'off' ? '' : m[1]);
  });

  /* ---- questions: asking, grading, revealing ---- */
  var Q = D.quiz ? D.quiz.q : [];
  var QF = { ID: 0, KIND: 1, ASK: 2, EVENT: 3, FORM: 4, PROMPT: 5, CHOICES: 6, EXPECTED: 7, WHY: 8 };
  var HINT = {
    code: 'a reply code, like 250 (or +OK, -ERR)', host: 'a host name, like mail.corp.example',
    number: 'a number', state: 'a state', choice: 'one of the choices', '': 'your answer'
  };
  var answers = {};   /* id: { given, right } once checked or shown */
  function byId(id) {
    for (var k = 0; k < Q.length; k++) if (Q[k][QF.ID] === id) return Q[k];
    return null;
  }
  function tidy(s) { return String(s).replace(/[ \t]+/g, ' ').replace(/^ | $/g, ''); }
  function same(a, b) { return a.toLowerCase() === b.toLowerCase(); }

  /* As quiz_grade (lesson/quiz_grade.c): [verdict, message]. */
  function grade(q, given) {
    var g = tidy(given), x = q[QF.EXPECTED], ch = q[QF.CHOICES], form = q[QF.FORM];
    if (!g) return ['bad', 'no answer'];
    if (form === 'code') {
      if (/^[+-]/.test(x)) {
        if (!same(g, '+OK') && !same(g, '-ERR')) return ['bad', '\u2018' + g + '\u2019 is not +OK or -ERR'];
        return [same(g, x) ? 'right' : 'wrong'];
      }
      if (!/^[2-5][0-9][0-9]( |$)/.test(g)) return ['bad', '\u2018' + g + '\u2019 is not a reply code like 250'];
      return [g.slice(0, 3) === x.slice(0, 3) ? 'right' : 'wrong'];
    }
    if (ch.length) {
      var k = /^[0-9]+$/.test(g) && +g >= 1 && +g <= ch.length ? +g - 1 : -1;
      for (var c = 0; k < 0 && c < ch.length; c++) if (same(tidy(ch[c]), g)) k = c;
      if (k < 0) return ['bad', '\u2018' + g + '\u2019 is not one of the choices (' + ch.join(', ') + ')'];
      return [same(ch[k], x) ? 'right' : 'wrong'];
    }
    if (form === 'host') {
      if (!/^[A-Za-z0-9.-]+$/.test(g)) return ['bad', '\u2018' + g + '\u2019 is not a host name like mail.corp.example'];
      return [same(g.replace(/\.$/, ''), x.replace(/\.$/, '')) ? 'right' : 'wrong'];
    }
    if (form === 'number') {
      if (!/^[+-]?[0-9]+$/.test(g)) return ['bad', '\u2018' + g + '\u2019 is not a number'];
      return [parseInt(g, 10) === parseInt(x, 10) ? 'right' : 'wrong'];
    }
    return [same(g, x) ? 'right' : 'wrong'];
  }

  /* The answer part of a question: choices or a text field, two buttons, the
     verdict and the (hidden) answer. where: "gq" at the end, "pq" in predict. */
  function widget(q, where) {
    var id = where + '-' + q[QF.ID], ch = q[QF.CHOICES], html = '', about = ' aria-describedby="' + id + '-p"';
    if (ch.length) {
      html += '<fieldset class="choices"' + about + '><legend class="vh">Your answer</legend>';
      ch.forEach(function (c, k) {
        html += '<label><input type="radio" name="' + id + '" value="' + (k + 1) + '"> ' + esc(c) + '</label> ';
      });
      html += '</fieldset>';
    } else {
      html += '<label class="typed"><span class="vh">Your answer</span><input type="text" class="given" id="' + id +
        '-in"' + about + ' autocomplete="off" spellcheck="false" placeholder="' + esc(HINT[q[QF.FORM]] || HINT['']) + '"></label> ';
    }
    return html + '<button type="button" class="check">Check</button> ' +
      '<button type="button" class="show">Show the answer</button>' +
      '<p class="verdict" role="status"></p><p class="answer" hidden></p>';
  }
  function givenIn(box) {
    var r = box.querySelector('input[type=radio]:checked'), t = box.querySelector('input.given');
    return r ? r.value : t ? t.value : '';
  }
  function revealHtml(q) {
    var ev = q[QF.EVENT], a = answers[q[QF.ID]], html = '';
    if (a && a.given !== null)
      html += a.right ? '<span class="ok">\u2713</span> Right. ' : '<span class="fail">\u2717</span> Not quite. ';
    html += 'The answer: <strong>' + esc(q[QF.EXPECTED]) + '</strong>.';
    if (q[QF.WHY]) html += ' ' + esc(q[QF.WHY]);
    if (ev >= 0 && ev < N) html += ' <a href="#event=' + (ev + 1) + '">See event ' + (ev + 1) + '.</a>';
    return html;
  }
  /* Show q's answer wherever q is on the page. */
  function reveal(q) {
    var boxes = document.querySelectorAll('[data-q="' + q[QF.ID] + '"]');
    for (var b = 0; b < boxes.length; b++) {
      var ans = boxes[b].querySelector('.answer');
      if (!ans) continue;
      ans.innerHTML = revealHtml(q);
      ans.hidden = false;
      boxes[b].querySelector('.verdict').textContent = '';
      boxes[b].classList.add('revealed');
    }
    score();
  }
  function score() {
    var asked = 0, right = 0, graded = 0, gright = 0;
    Q.forEach(function (q) {
      var a = answers[q[QF.ID]];
      if (!a) return;
      asked++; right += a.right ? 1 : 0;
      if (q[QF.KIND] === 'scenario') { graded++; gright += a.right ? 1 : 0; }
    });
    if ($('quiz-score')) $('quiz-score').textContent = graded ? gright + ' of ' + graded + ' right' : '';
    $('predict-score').textContent = asked ? right + ' of ' + asked + ' right' : '';
  }
  function answer(q, box, show) {
    if (!show) {
      var v = grade(q, givenIn(box));
      if (v[0] === 'bad') {   /* not counted: say why, ask again */
        box.querySelector('.verdict').innerHTML = '<span class="temp">\u26a0</span> ' + esc(v[1]);
        return;
      }
      answers[q[QF.ID]] = { given: givenIn(box), right: v[0] === 'right' };
    } else if (!answers[q[QF.ID]]) {
      answers[q[QF.ID]] = { given: null, right: false };
    }
    reveal(q);
    if (box.id === 'predict-q') revealed(q);
  }
  /* One listener for every question box: Check, Show, Enter in the field. */
  function wire(root) {
    root.addEventListener('click', function (e) {
      var box = e.target.closest('[data-q]'), q = box && byId(box.getAttribute('data-q'));
      if (!q) return;
      if (e.target.classList.contains('check')) answer(q, box, false);
      else if (e.target.classList.contains('show')) answer(q, box, true);
      else if (e.target.classList.contains('continue')) carryOn(q);
    });
    root.addEventListener('keydown', function (e) {
      var box = e.target.closest('[data-q]'), q = box && byId(box.getAttribute('data-q'));
      if (q && e.key === 'Enter' && e.target.classList.contains('given')) { e.preventDefault(); answer(q, box, false); }
    });
  }
  var graded = document.querySelectorAll('#quiz li.gq');
  for (var g = 0; g < graded.length; g++) {
    var q0 = byId(graded[g].getAttribute('data-q'));
    if (q0) graded[g].insertAdjacentHTML('beforeend', widget(q0, 'gq'));
  }
  if ($('quiz')) wire($('quiz'));
  wire($('predict'));
  mp.onHash.push(function (h) {   /* the teacher's key */
    if (/(^#|&)answers\b/.test(h)) Q.forEach(function (q) { if (q[QF.KIND] === 'scenario') reveal(q); });
  });

  /* ---- predict: ask before showing (ui_model_quiz.c) ---- */
  var predicting = false, shown = null;   /* shown: { q, at } a revealed question and where */
  function askAt(q) { return Math.min(q[QF.ASK], N); }
  /* The question due at event i: asked before event i + 1 is shown, or at
     the last event for a question at the end. */
  function due(i) {
    for (var k = 0; k < Q.length; k++) {
      var q = Q[k];
      if (!answers[q[QF.ID]] && (askAt(q) === i + 1 || (askAt(q) >= N && i === N - 1))) return q;
    }
    return null;
  }
  mp.guard = function (from, to) {   /* a move forward stops before an unasked question */
    if (!predicting) return to;
    for (var k = 0; k < Q.length; k++) {
      var a = askAt(Q[k]);
      if (!answers[Q[k][QF.ID]] && a > from && a <= to && a < N) to = Math.min(to, a - 1);
    }
    return to;
  };
  function ask(q) {
    mp.play(false);
    shown = null;
    $('predict-body').innerHTML = '<div id="predict-q" data-q="' + esc(q[QF.ID]) + '"><p class="prompt" id="pq-' + esc(q[QF.ID]) + '-p">' +
      '<span class="qid">' + esc(q[QF.ID]) + '</span> ' + esc(q[QF.PROMPT]) + '</p>' + widget(q, 'pq') + '</div>';
    $('predict').hidden = false;
    var f = $('predict').querySelector('input');
    if (f && f.focus) f.focus();
  }
  function revealed(q) {
    shown = { q: q, at: mp.cur() };
    $('predict-q').querySelector('.answer').insertAdjacentHTML('beforeend',
      ' <button type="button" class="continue">Continue</button>');
    var c = $('predict').querySelector('.continue');
    if (c) c.focus();
  }
  function carryOn(q) {   /* next question at this moment, else show its event */
    var next = due(mp.cur());
    if (next) { ask(next); return; }
    if (askAt(q) < N) { shown.at = askAt(q); mp.go(askAt(q), 300); }
    else { shown = null; $('predict').hidden = true; }
  }
  mp.SECTIONS.push({
    update: function (i) {
      if (!predicting) { $('predict').hidden = true; return; }
      var q = due(i);
      if (q) { if (!$('predict-q') || $('predict-q').getAttribute('data-q') !== q[QF.ID] || shown) ask(q); return; }
      if (!shown || shown.at !== i) { shown = null; $('predict').hidden = true; }
    }
  });
  function setPredict(on) {
    predicting = on;
    $('b-predict').setAttribute('aria-pressed', on ? 'true' : 'false');
    $('predict').hidden = true;
    $('predict-body').innerHTML = '';
    shown = null;
    if (mp.cur() >= 0) { mp.show(0); mp.saveHash(); }
  }
  mp.ACTIONS.predict = function () { setPredict(!predicting); };
  mp.KEYS.a = 'predict';
  mp.hashParts.push(function () { return predicting ? '&predict=on' : ''; });
  mp.onHash.push(function (h) {
    var m = /predict=(on|off)/.exec(h);
    if (m && (m[1] === 'on') !== predicting) setPredict(m[1] === 'on');
  });

  mp.start();
})();
