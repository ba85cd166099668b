/* page_inspect.js — the message inspector of `mailpath run --format html`
 * (key m): the message as it was last written, delivered or on the wire at
 * the current event, its envelope (RFC 5321) against its headers (RFC 5322),
 * each Received: line with the hop that added it, as ui_model_pane.c shows
 * it. Uses what page.js shares as window.mailpath. */
(function () {
  'use strict';

  var mp = window.mailpath, D = mp.D, E = mp.E, F = mp.F, N = mp.N, K = mp.K, $ = mp.$, esc = mp.esc;
  var visible = mp.visible, simTime = mp.simTime, kind = mp.kind, from = mp.from, to = mp.to, text = mp.text;
  var proto = mp.proto, hop = mp.hop, hostNode = mp.hostNode, nodeLabel = mp.nodeLabel, endpoints = mp.endpoints;
  var NODE_LABEL = mp.NODE_LABEL, SECTIONS = mp.SECTIONS;

  /* The last message (a delivery with its text, or content on the wire) at
   * or before each event, for the inspector: one pass at load. */
  var lastMsg = new Int32Array(N);
  (function () {
    var last = -1, deliver = K.deliver, data = K.data;
    for (var i = 0; i < N; i++) {
      var k = E[i][F.KIND];
      if ((k === deliver && D.detail[i] !== undefined) || k === data) last = i;
      lastMsg[i] = last;
    }
  })();

  /* The message inspector: envelope versus headers (ui_model_pane.c). */
  function receivedHost(field, word) {
    var m = new RegExp('(?:^|[ \\t:])' + word + '[ \\t]+([^ \\t;()\\r\\n]+)', 'i').exec(field);
    return m ? m[1] : '';
  }
  var MSG_LINES_MAX = 400;   /* a huge attachment: the head of it is enough */
  function messageLines(msg, deliverer, out) {
    var lines = msg.split('\n', MSG_LINES_MAX + 1), inBody = false, inTrace = false;
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    if (lines.length > MSG_LINES_MAX) lines.length = MSG_LINES_MAX;
    for (var j = 0; j < lines.length; j++) {
      var l = lines[j].replace(/\r$/, ''), shown = visible(l.replace(/\t/g, '    '));
      if (!inBody && l === '') { inBody = true; out.push(['body', '']); }
      else if (inBody) out.push(['body', shown]);
      else if (/^[ \t]/.test(l)) out.push([inTrace ? 'trace' : 'header', shown]);
      else if (/^received:/i.test(l)) {
        var field = l;
        for (var q = j + 1; q < lines.length && /^[ \t]/.test(lines[q]); q++) field += ' ' + lines[q].replace(/\r$/, '');
        var by = receivedHost(field, 'by'), fr = receivedHost(field, 'from'), nb = hostNode(by), nf = hostNode(fr);
        inTrace = true;
        out.push(['trace', shown, 'added by ' + (nb ? NODE_LABEL[nb] + ' ' : '') + (by || '?') +
          (fr ? ' on receipt from ' + (nf ? NODE_LABEL[nf] + '\u00a0' : '') + fr : '')]);
      } else if (/^return-path:/i.test(l)) {
        var nd = hostNode(deliverer);
        inTrace = true;
        out.push(['trace', shown, 'added at final delivery by ' + (nd ? NODE_LABEL[nd] + ' ' : '') + (deliverer || 'the last host')]);
      } else { inTrace = false; out.push(['header', shown]); }
    }
    if (lines.length === MSG_LINES_MAX) out.push(['section', '(the rest of the message is not shown here)']);
  }
  function envelope(session, server, upto, out) {
    var first = -1, j;
    for (j = upto; j >= 0; j--) {
      if (kind(j) !== 'cmd' || !/^MAIL FROM:/i.test(text(j))) continue;
      if (session ? E[j][F.SESSION] === session : (!server || to(j).toLowerCase() === server.toLowerCase())) {
        first = j; session = E[j][F.SESSION]; break;
      }
    }
    out.push(['section', 'Envelope (RFC 5321: what the servers act on)']);
    if (first < 0) { out.push(['envelope', '(not in the trace)']); return; }
    for (j = first; j <= upto; j++) {
      if (kind(j) !== 'cmd' || E[j][F.SESSION] !== session) continue;
      if (/^(MAIL FROM|RCPT TO):/i.test(text(j))) out.push(['envelope', visible(text(j))]);
      if (/^DATA$/i.test(text(j))) break;
    }
  }
  function inspect(i) {
    var at = lastMsg[i], out = [], title = '';
    if (at < 0) return { title: 'No message has been written yet.', lines: out };
    if (kind(at) === 'deliver') {
      title = 'Delivered by ' + from(at) + ' at ' + simTime(E[at][F.T]) + ' (event ' + (at + 1) + ')';
      envelope(0, from(at), at, out);
      out.push(['section', 'Message (RFC 5322: what the reader sees)']);
      messageLines(D.detail[at], from(at), out);
      return { title: title, lines: out };
    }
    var s = E[at][F.SESSION], h = hop(at), firstData = at, body = '', done = false, pop3 = proto(at) === 'POP3';
    for (var j = at - 1; j >= 0; j--) {
      if (E[j][F.SESSION] !== s || hop(j) !== h) continue;
      if (kind(j) !== 'data') break;
      firstData = j;
    }
    for (j = firstData; j <= at && j < firstData + MSG_LINES_MAX + 1; j++) {
      if (kind(j) !== 'data' || E[j][F.SESSION] !== s) continue;
      if (text(j) === '.') { done = true; break; }
      body += (text(j).charAt(0) === '.' ? text(j).slice(1) : text(j)) + '\r\n';   /* RFC 5321 4.5.2 */
    }
    var e = endpoints(at);
    title = (pop3 ? 'Retrieved over ' : 'Sent over ') + nodeLabel(e[0], h) + '\u2192' + nodeLabel(e[1], h) + ' ' +
      (done ? 'complete' : 'so far') + (pop3 ? ' (POP3 RETR)' : ' (SMTP DATA)');
    if (!pop3) envelope(s, '', at, out);
    else out.push(['section', 'Envelope'], ['envelope', '(POP3 carries no envelope: Return-Path: keeps its sender)']);
    out.push(['section', 'Message (RFC 5322: what the reader sees)']);
    messageLines(body, pop3 ? from(at) : '', out);
    return { title: title, lines: out };
  }
  var shownMsg = -2;
  SECTIONS.push({
    update: function (i) {
      var msg = $('message');
      if (!msg.open) return;
      var at = lastMsg[i], key = at;
      if (at >= 0 && kind(at) === 'data') {   /* content on the wire: its first lines */
        for (var j = at; j > 0 && at - j <= MSG_LINES_MAX && kind(j - 1) === 'data'; j--);
        key = at - j > MSG_LINES_MAX ? 'long' + j : at;
      }
      if (key === shownMsg) return;
      shownMsg = key;
      var m = inspect(i), html = '';
      m.lines.forEach(function (l) {
        html += '<div class="m ' + l[0] + '">' + (esc(l[1]) || '&nbsp;') + (l[2] ? ' <span class="note">' + esc(l[2]) + '</span>' : '') + '</div>';
      });
      $('msg-title').textContent = m.title;
      $('msg-lines').innerHTML = html;
    }
  });

  function toggleMessage() {
    var m = $('message');
    m.open = !m.open;
    shownMsg = -2;
    mp.show(0);
    if (m.open) m.querySelector('summary').focus();
  }
  mp.ACTIONS.msg = toggleMessage;
})();
