/**
 * The first dashboard page: archived sources and a message search over the REST API. Message text is
 * inserted with `textContent`, never as HTML. The full React dashboard replaces this page later.
 */

/** HTML of the dashboard page served at `/`. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tgscope</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
  header { background: #1d2733; color: #fff; padding: 10px 20px; font-size: 18px; }
  main { display: grid; grid-template-columns: 320px 1fr; gap: 20px; padding: 20px; }
  section { background: #fff; border-radius: 8px; padding: 14px; box-shadow: 0 1px 2px #0002; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e7eb; }
  form { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 12px; } input, select, button { font: inherit; padding: 5px 8px; }
  input[name=q] { flex: 1 1 260px; } .msg { border-bottom: 1px solid #e3e7eb; padding: 8px 0; } .meta { color: #5b6b7b; font-size: 12px; }
  .text { white-space: pre-wrap; margin-top: 4px; } .error { color: #b00020; } .hint { color: #5b6b7b; font-size: 12px; }
</style>
</head>
<body>
<header>tgscope</header>
<main>
  <section><h3>Sources</h3><table><thead><tr><th>source</th><th>messages</th></tr></thead><tbody id="sources"></tbody></table></section>
  <section>
    <form id="search">
      <input name="q" placeholder="search: words, &quot;exact phrase&quot;, -exclude, a OR b, prefix*">
      <select name="source" id="source-filter"><option value="">all sources</option></select>
      <input name="from" type="date" title="from"><input name="to" type="date" title="to">
      <button>Search</button>
    </form>
    <div id="error" class="error"></div>
    <div id="results"></div>
    <button id="more" hidden>More</button>
  </section>
</main>
<script>
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
let next = null;
async function api(path) {
  const r = await fetch(path); const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}
async function loadSources() {
  const { sources } = await api('/api/sources');
  const tbody = document.getElementById('sources'); const select = document.getElementById('source-filter');
  for (const s of sources) {
    const name = s.username ? '@' + s.username : (s.title || String(s.id));
    const tr = el('tr'); tr.append(el('td', name), el('td', String(s.message_count))); tbody.append(tr);
    const o = el('option', name); o.value = String(s.id); select.append(o);
  }
}
function render(m) {
  const d = el('div', undefined, 'msg');
  const meta = el('div', undefined, 'meta');
  meta.append(el('span', m.date.replace('T', ' ').slice(0, 16) + ' · ' + m.source + ' · ' + (m.views ?? '–') + ' views' + (m.forwarded_from ? ' · forwarded from ' + m.forwarded_from : '') + ' · '));
  if (m.url) { const a = el('a', 'open post'); a.href = m.url; a.rel = 'noopener noreferrer'; a.target = '_blank'; meta.append(a); }
  d.append(meta, el('div', m.text || '(no text)', 'text'));
  return d;
}
async function search(append) {
  const f = new FormData(document.getElementById('search')); const p = new URLSearchParams();
  for (const [k, v] of f) if (v) p.set(k, v);
  if (append && next) p.set('cursor', next);
  document.getElementById('error').textContent = '';
  try {
    const body = await api('/api/messages?' + p);
    const results = document.getElementById('results');
    if (!append) results.replaceChildren();
    for (const m of body.messages) results.append(render(m));
    if (!append && body.messages.length === 0) results.append(el('p', 'No messages match.', 'hint'));
    next = body.next_cursor; document.getElementById('more').hidden = !next;
  } catch (e) { document.getElementById('error').textContent = e.message; }
}
document.getElementById('search').addEventListener('submit', (e) => { e.preventDefault(); search(false); });
document.getElementById('more').addEventListener('click', () => search(true));
loadSources().then(() => search(false)).catch((e) => { document.getElementById('error').textContent = e.message; });
</script>
</body>
</html>
`;
