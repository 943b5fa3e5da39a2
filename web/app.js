// starcoach web page: stories, tailor, critique and practice over the JSON API.
// No framework; the DOM is built with createElement and textContent, never parsed from strings.

const SVG_NS = ['http:', '', 'www.w3.org', '2000', 'svg'].join('/');
const TOKEN_KEY = 'starcoach.token';

// ---------------------------------------------------------------- DOM helpers

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** el('p', {class: 'x', text: 'hi'}, child, 'text', ...) */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

const clear = (node) => { node.replaceChildren(); return node; };
const splitList = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

function fmtClock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const relFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "in 3 days", "tomorrow", "2 hours ago" for an RFC 3339 time. */
function fmtRelative(stamp) {
  if (!stamp) return 'never';
  const diff = (Date.parse(stamp) - Date.now()) / 1000;
  if (Number.isNaN(diff)) return stamp;
  const abs = Math.abs(diff);
  if (abs < 45) return 'now';
  // [seconds per unit, unit, distance below which the unit is used]
  const table = [[60, 'minute', 45 * 60], [3600, 'hour', 22 * 3600], [86400, 'day', 26 * 86400],
    [30.44 * 86400, 'month', 320 * 86400], [365.25 * 86400, 'year', Infinity]];
  const [size, unit] = table.find(([, , bound]) => abs < bound);
  return relFormat.format(Math.round(diff / size), unit);
}

function fmtDate(stamp) {
  const d = new Date(stamp);
  return Number.isNaN(d.getTime()) ? stamp : d.toLocaleString();
}

function band(score) {
  return score >= 75 ? 'good' : score >= 50 ? 'fair' : 'low';
}

/** A horizontal bar: the fill width is set through the CSSOM (allowed under the CSP). */
function bar(fraction, extra = '') {
  const fill = el('span', { class: 'bar-fill' });
  fill.style.width = `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
  return el('span', { class: `bar ${extra}`, 'aria-hidden': 'true' }, fill);
}

// ---------------------------------------------------------------- status

let statusTimer = null;

function showStatus(message, kind = 'info') {
  const box = $('#status');
  clearTimeout(statusTimer);
  box.replaceChildren(el('p', { class: `status-msg status-${kind}`, text: message }));
  if (kind !== 'error') statusTimer = setTimeout(() => box.replaceChildren(), 5000);
}

// A message belongs to the view it came from: leaving the view clears it.
function clearStatus() {
  clearTimeout(statusTimer);
  $('#status').replaceChildren();
}

function showError(err) {
  if (err && err.name === 'AbortError') return;
  showStatus(err && err.message ? err.message : String(err), 'error');
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let tokenPrompt = null;

/** Asks for the token once, however many requests got a 401 meanwhile. */
function askToken(refused) {
  if (tokenPrompt) return tokenPrompt;
  $('#token-error').hidden = !refused;
  const dialog = $('#token-dialog');
  const form = $('#token-form');
  const input = $('#token-input');
  tokenPrompt = new Promise((resolve, reject) => {
    const done = (ok) => {
      form.removeEventListener('submit', onSubmit);
      $('#token-cancel').removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      tokenPrompt = null;
      if (ok) resolve(); else reject(new ApiError(401, 'unauthorized', 'This server needs an access token; none was given.'));
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (!token) { input.focus(); return; }
      sessionStorage.setItem(TOKEN_KEY, token);
      input.value = '';
      done(true);
    };
    const onCancel = (event) => { event.preventDefault(); done(false); };
    form.addEventListener('submit', onSubmit);
    $('#token-cancel').addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
  });
  return tokenPrompt;
}

/**
 * The one way the page talks to the server: JSON in, JSON out, the token when there is one,
 * a token prompt and a retry on 401, and an ApiError with the server's message otherwise.
 * opts: {signal, withStatus} — withStatus resolves to {status, data}.
 */
async function api(method, path, body, opts = {}) {
  for (let attempt = 0; ; attempt += 1) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    // A FormData body (a recording) sets its own multipart content type.
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method, headers, signal: opts.signal,
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', 'The server cannot be reached. Is starcoach serve running?');
    }
    if (response.status === 401 && attempt < 3) {
      sessionStorage.removeItem(TOKEN_KEY);
      await askToken(Boolean(token));
      continue;
    }
    const text = response.status === 204 ? '' : await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) {
      const e = data && data.error;
      if (e && e.message) throw new ApiError(response.status, e.code, e.message, e.field);
      throw new ApiError(response.status, 'http', `The server answered ${response.status} ${response.statusText}`.trim());
    }
    return opts.withStatus ? { status: response.status, data } : data;
  }
}

const storyPath = (id) => `/v1/stories/${encodeURIComponent(id)}`;

// ---------------------------------------------------------------- shared state

const state = {
  entries: [],          // from GET /v1/stories
  progress: null,       // from GET /v1/progress
  selected: null,       // id being edited, null when new
  entryCache: new Map(),
};

const titleOf = (id) => {
  const entry = state.entries.find((e) => e.id.toLowerCase() === String(id).toLowerCase());
  return entry ? entry.title : id;
};

async function loadProgress() {
  try {
    state.progress = await api('GET', '/v1/progress');
  } catch (err) {
    state.progress = null;
    if (err.status !== 401) renderProgressError(err);
    return;
  }
  renderStoryList();
  renderProgress();
}

// ---------------------------------------------------------------- routing

const VIEWS = ['stories', 'tailor', 'critique', 'practice'];
const visited = new Set();

let currentView = null;

function route() {
  const name = location.hash.replace(/^#/, '');
  const view = VIEWS.includes(name) ? name : 'stories';
  if (currentView !== null && currentView !== view) clearStatus();
  currentView = view;
  for (const v of VIEWS) {
    $(`#view-${v}`).hidden = v !== view;
    const link = $(`#nav-${v}`);
    if (v === view) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  document.title = `${view[0].toUpperCase()}${view.slice(1)} · starcoach`;
  if (view === 'practice' && !visited.has('practice')) {
    visited.add('practice');
    if (!practice.pick) loadNext();
  }
}

function initRouting() {
  window.addEventListener('hashchange', route);
  for (const link of $$('.tab')) {
    // links activate on Enter natively; give them Space like buttons
    link.addEventListener('keydown', (event) => {
      if (event.key === ' ') { event.preventDefault(); link.click(); }
    });
  }
  route();
}

// ---------------------------------------------------------------- Stories

const DEFAULT_SECTIONS = ['Situation', 'Task', 'Action', 'Result', 'Learned'];
let sectionSeq = 0;

async function loadStories() {
  try {
    const data = await api('GET', '/v1/stories');
    state.entries = data.entries || [];
  } catch (err) {
    showError(err);
    return;
  }
  renderStoryList();
  renderProgress();
}

function lastScore(id) {
  const stories = state.progress ? state.progress.stories : [];
  const found = stories.find((s) => s.id.toLowerCase() === id.toLowerCase());
  return found ? found.last : null;
}

function renderStoryList() {
  const list = clear($('#story-list'));
  if (!state.entries.length) {
    list.append(el('li', { class: 'muted empty', text: 'The bank is empty. Create a story to begin.' }));
    return;
  }
  for (const entry of state.entries) {
    const score = lastScore(entry.id);
    const meta = [entry.id, entry.kind, ...(entry.categories || [])].join(' · ');
    const button = el('button', {
      type: 'button', class: 'story-item', 'data-id': entry.id,
      'aria-current': state.selected === entry.id ? 'true' : null,
      onclick: () => openStory(entry.id),
    },
    el('span', { class: 'story-title', text: entry.title }),
    el('span', { class: 'story-meta', text: meta }),
    score === null
      ? el('span', { class: 'score-chip muted', text: 'not practised' })
      : el('span', { class: `score-chip ${band(score)}`, text: `last ${score}` }));
    list.append(el('li', {}, button));
  }
}

function sectionEditor(section) {
  const n = (sectionSeq += 1);
  const nameId = `section-name-${n}`;
  const textId = `section-text-${n}`;
  const name = el('input', { id: nameId, class: 'section-name', value: section.name, autocomplete: 'off' });
  const text = el('textarea', { id: textId, class: 'section-text', rows: 4 });
  text.value = section.text;
  const remove = el('button', {
    type: 'button', class: 'btn btn-quiet btn-small',
    'aria-label': `Remove section ${section.name || n}`, text: 'Remove section',
  });
  const wrap = el('div', { class: 'section' },
    el('div', { class: 'section-head' },
      el('label', { for: nameId, class: 'section-label', text: 'Section name' }), name, remove),
    el('label', { for: textId, class: 'visually-hidden', text: `Text of section ${section.name}` }),
    text);
  const textLabel = wrap.querySelector(`label[for="${textId}"]`);
  name.addEventListener('input', () => {
    textLabel.textContent = `Text of section ${name.value}`;
    remove.setAttribute('aria-label', `Remove section ${name.value}`);
  });
  remove.addEventListener('click', () => {
    const next = wrap.nextElementSibling || wrap.previousElementSibling;
    wrap.remove();
    (next ? next.querySelector('.section-name') : $('#add-section')).focus();
  });
  return wrap;
}

function fillForm(entry, isNew) {
  state.selected = isNew ? null : entry.id;
  $('#story-placeholder').hidden = true;
  const form = $('#story-form');
  form.hidden = false;
  clearFieldErrors();
  $('#delete-confirm').hidden = true;
  $('#story-form-heading').textContent = isNew ? 'New story' : 'Edit story';
  const id = $('#story-id');
  id.value = entry.id;
  id.readOnly = !isNew;
  $('#story-kind').value = entry.kind;
  $('#story-title').value = entry.title;
  $('#story-company').value = entry.company || '';
  $('#story-categories').value = (entry.categories || []).join(', ');
  $('#story-tags').value = (entry.tags || []).join(', ');
  const sections = clear($('#sections'));
  for (const section of entry.sections || []) sections.append(sectionEditor(section));
  $('#delete-story').hidden = isNew;
  $('#practise-story').hidden = isNew;
  renderStoryList();
}

async function openStory(id) {
  try {
    const entry = await api('GET', storyPath(id));
    state.entryCache.set(entry.id, entry);
    fillForm(entry, false);
    focusForm();
  } catch (err) {
    showError(err);
  }
}

function focusForm() {
  const heading = $('#story-form-heading');
  heading.focus({ preventScroll: true });
  if (window.matchMedia('(max-width: 799px)').matches) heading.scrollIntoView({ block: 'start' });
}

function newStory() {
  fillForm({
    id: '', kind: 'story', title: '', company: null, categories: [], tags: [],
    sections: DEFAULT_SECTIONS.map((name) => ({ name, text: '' })),
  }, true);
  $('#story-id').focus();
}

function readForm() {
  const company = $('#story-company').value.trim();
  return {
    id: $('#story-id').value.trim(),
    kind: $('#story-kind').value,
    title: $('#story-title').value,
    company: company || null,
    categories: splitList($('#story-categories').value),
    tags: splitList($('#story-tags').value),
    sections: $$('#sections .section').map((s) => ({
      name: $('.section-name', s).value.trim(),
      text: $('.section-text', s).value,
    })),
  };
}

const FIELD_TARGETS = { id: 'story-id', title: 'story-title', sections: 'sections' };

function setFieldError(field, message) {
  const target = FIELD_TARGETS[field];
  const box = $(`#${target}-error`);
  if (!box) return false;
  box.textContent = message;
  box.hidden = false;
  const input = $(`#${target}`);
  if (input && input.matches('input, textarea, select')) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else {
    box.setAttribute('tabindex', '-1');
    box.focus();
  }
  return true;
}

function clearFieldErrors() {
  for (const box of $$('#story-form .field-error')) { box.hidden = true; box.textContent = ''; }
  for (const input of $$('#story-form [aria-invalid]')) input.removeAttribute('aria-invalid');
}

async function saveStory(event) {
  event.preventDefault();
  clearFieldErrors();
  const entry = readForm();
  const isNew = state.selected === null;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(entry.id)) {
    setFieldError('id', 'Give an id of 1 to 64 letters, digits, - or _.');
    return;
  }
  if (isNew && state.entries.some((e) => e.id.toLowerCase() === entry.id.toLowerCase())) {
    setFieldError('id', `An entry with id ${entry.id} already exists; pick another id or open that entry.`);
    return;
  }
  if (!entry.title.trim()) {
    setFieldError('title', 'Give the entry a title.');
    return;
  }
  const button = $('#save-story');
  button.disabled = true;
  try {
    const { status, data } = await api('PUT', storyPath(entry.id), entry, { withStatus: true });
    state.entryCache.set(data.id, data);
    await loadStories();
    fillForm(data, false);
    showStatus(status === 201 ? `Created ${data.id}.` : `Saved ${data.id}.`, 'ok');
  } catch (err) {
    const field = err.field || (['invalid_id', 'id_mismatch'].includes(err.code) ? 'id' : null);
    if (!(field && setFieldError(field, err.message))) showError(err);
    else showStatus(`Not saved: ${err.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

function askDelete() {
  const box = $('#delete-confirm');
  $('#delete-confirm-text').textContent = `Delete “${$('#story-title').value || state.selected}” (${state.selected})? Its file is removed from the bank.`;
  box.hidden = false;
  $('#cancel-delete').focus();
}

async function confirmDelete() {
  const id = state.selected;
  $('#delete-confirm').hidden = true;
  try {
    await api('DELETE', storyPath(id));
    state.entryCache.delete(id);
    state.selected = null;
    $('#story-form').hidden = true;
    $('#story-placeholder').hidden = false;
    await loadStories();
    // Its practice history stays, now marked as not in the bank.
    await loadProgress();
    showStatus(`Deleted ${id}.`, 'ok');
    $('#new-story').focus();
  } catch (err) {
    showError(err);
  }
}

function initStories() {
  $('#new-story').addEventListener('click', newStory);
  $('#story-form').addEventListener('submit', saveStory);
  $('#add-section').addEventListener('click', () => {
    const editor = sectionEditor({ name: '', text: '' });
    $('#sections').append(editor);
    $('.section-name', editor).focus();
  });
  $('#delete-story').addEventListener('click', askDelete);
  $('#cancel-delete').addEventListener('click', () => { $('#delete-confirm').hidden = true; $('#delete-story').focus(); });
  $('#confirm-delete').addEventListener('click', confirmDelete);
  $('#practise-story').addEventListener('click', () => {
    if (state.selected) practiseWith({ story: state.selected });
  });
}

// ---------------------------------------------------------------- Tailor

const tailor = { report: null, choice: [] }; // choice[i]: story id chosen for question i

async function runTailor(event) {
  event.preventDefault();
  const job = $('#job-text').value;
  if (!job.trim()) { showStatus('Paste a job posting first.', 'error'); $('#job-text').focus(); return; }
  const body = { job };
  const count = parseInt($('#tailor-count').value, 10);
  if (count) body.count = count;
  const button = $('#run-tailor');
  button.disabled = true;
  showStatus('Planning…');
  try {
    tailor.report = await api('POST', '/v1/tailor', body);
    tailor.choice = tailor.report.questions.map((q) => (q.story ? q.story.id : null));
    renderTailor();
    $('#copy-markdown').disabled = false;
    showStatus(`Planned ${tailor.report.questions.length} questions.`, 'ok');
  } catch (err) {
    showError(err);
  } finally {
    button.disabled = false;
  }
}

function renderTailor() {
  const report = tailor.report;
  const root = clear($('#tailor-result'));
  root.append(el('p', { class: 'muted', text: `Engine: ${report.engine}` }));
  report.questions.forEach((q, i) => root.append(planQuestion(q, i)));
  if (report.failures && report.failures.length) {
    root.append(el('div', { class: 'panel notice' }, el('h2', { text: 'Could not plan' }),
      el('ul', {}, report.failures.map((f) => el('li', { text: `${f.item}: ${f.error}` })))));
  }
  const towrite = el('section', { class: 'panel towrite', 'aria-labelledby': 'towrite-heading' },
    el('h2', { id: 'towrite-heading', text: 'To write' }));
  if (!report.uncovered.length) towrite.append(el('p', { class: 'muted', text: 'Every requirement is covered by a story.' }));
  else {
    towrite.append(el('p', { class: 'muted', text: 'Requirements no entry covers yet:' }),
      el('ul', { class: 'plain' }, report.uncovered.map((u) => el('li', {},
        el('strong', { text: u.requirement }), ' ', el('q', { text: u.evidence })))));
    if (report.uncovered_left_off) towrite.append(el('p', { class: 'muted', text: `… and ${report.uncovered_left_off} more not listed.` }));
  }
  root.append(towrite);
}

function storyLabel(ref) {
  return `${ref.title} (${ref.id}, fit ${Math.round(ref.score * 100)}%)`;
}

function planQuestion(q, i) {
  const article = el('article', { class: 'panel plan-question', 'aria-labelledby': `plan-q-${i}` });
  article.append(
    el('h2', { id: `plan-q-${i}`, class: 'question' }, el('span', { class: 'q-num', text: `${i + 1}.` }), ' ', q.question),
    el('p', { class: 'meta' }, el('span', { class: 'badge', text: q.competency }),
      q.story ? ` talk track about ${fmtClock(q.speaking_seconds)} spoken` : ''),
  );
  if (q.evidence.length) {
    article.append(el('div', { class: 'evidence' }, el('h3', { text: 'Why it is likely' }),
      q.evidence.map((line) => el('blockquote', { text: line }))));
  }
  if (q.fallback) article.append(el('p', { class: 'muted', text: `Answered offline: ${q.fallback}` }));
  const track = el('div', { class: 'track' });
  if (!q.story) {
    article.append(el('p', { class: 'notice', text: 'Nothing in the bank fits this question: a story to write.' }));
  } else {
    const refs = [q.story, ...q.alternates];
    const selectId = `plan-story-${i}`;
    const select = el('select', { id: selectId, class: 'story-switch' },
      refs.map((ref) => el('option', { value: ref.id, text: storyLabel(ref) })));
    select.value = tailor.choice[i];
    const chosen = el('p', { class: 'chosen' });
    select.addEventListener('change', () => switchStory(q, i, select.value, chosen, track));
    article.append(el('div', { class: 'field' },
      el('label', { for: selectId, text: refs.length > 1 ? 'Story (switch to an alternate)' : 'Story' }), select), chosen);
    showTrack(q, i, tailor.choice[i], chosen, track);
  }
  article.append(track);
  if (q.weave_in.length) {
    article.append(el('h3', { text: 'Weave in' }), el('ul', { class: 'chips' }, q.weave_in.map((t) => el('li', { text: t }))));
  }
  if (q.gaps.length) {
    article.append(el('h3', { text: 'Gaps' }), el('ul', { class: 'gaps' }, q.gaps.map((g) => el('li', { text: g }))));
  }
  if (q.unsupported && q.unsupported.length) {
    article.append(el('p', { class: 'notice', text: `Check these, found nowhere in the bank or posting: ${q.unsupported.join(', ')}` }));
  }
  article.append(el('div', { class: 'actions' }, el('button', {
    type: 'button', class: 'btn btn-small', text: 'Practise this',
    onclick: () => practiseWith({ question: q.question, story: tailor.choice[i] }),
  })));
  return article;
}

async function switchStory(q, i, id, chosen, track) {
  tailor.choice[i] = id;
  await showTrack(q, i, id, chosen, track);
}

async function showTrack(q, i, id, chosen, track) {
  const ref = [q.story, ...q.alternates].find((r) => r.id === id);
  chosen.replaceChildren('Telling: ', el('strong', { text: ref.title }));
  if (id !== q.story.id) chosen.append(el('span', { class: 'muted', text: ' (weave-in terms, gaps and timing below are for the suggested story)' }));
  clear(track).append(el('h3', { text: 'Talk track' }));
  if (id === q.story.id) {
    track.append(el('ol', { class: 'talk-track' }, q.talk_track.map((line, k) => el('li', {},
      el('span', { class: 'from', text: q.talk_track_from[k] || '' }), ' ', line))));
    return;
  }
  const list = el('div', { class: 'track-entry', text: 'Loading…' });
  track.append(list);
  try {
    const entry = await fetchEntry(id);
    if (tailor.choice[i] !== id) return;
    list.replaceChildren(...entry.sections.map((s) => el('div', { class: 'track-section' },
      el('h4', { text: s.name }), markdownBlock(s.text))));
  } catch (err) {
    list.textContent = '';
    showError(err);
  }
}

/** Section text as the bank writes it: "- " lines become a list, other lines paragraphs. */
function markdownBlock(text) {
  const box = el('div', { class: 'md' });
  let list = null;
  for (const line of text.split('\n')) {
    const bullet = line.match(/^\s*[-*]\s+(.*)$/);
    if (bullet) {
      if (!list) box.append((list = el('ul')));
      list.append(el('li', { text: bullet[1] }));
    } else if (line.trim()) {
      list = null;
      box.append(el('p', { text: line.trim() }));
    }
  }
  return box;
}

async function fetchEntry(id) {
  if (!state.entryCache.has(id)) state.entryCache.set(id, await api('GET', storyPath(id)));
  return state.entryCache.get(id);
}

function planMarkdown() {
  const report = tailor.report;
  const out = ['# Interview plan', ''];
  report.questions.forEach((q, i) => {
    out.push(`## ${i + 1}. ${q.question}`, '', q.story ? `*${q.competency}*, about ${fmtClock(q.speaking_seconds)} spoken` : `*${q.competency}*`, '');
    if (q.evidence.length) out.push(q.evidence.map((line) => `> ${line}`).join('\n>\n'), '');
    const id = tailor.choice[i];
    if (!q.story) out.push('**Story:** none fits: write one', '');
    else if (id === q.story.id) {
      out.push(`**Story:** ${q.story.title} (${id})`, '');
      q.talk_track.forEach((line, k) => out.push(`- ${q.talk_track_from[k] ? `(${q.talk_track_from[k]}) ` : ''}${line}`));
      out.push('');
    } else {
      const entry = state.entryCache.get(id);
      const ref = q.alternates.find((r) => r.id === id);
      out.push(`**Story:** ${ref ? ref.title : id} (${id})`, '');
      if (entry) for (const s of entry.sections) out.push(`### ${s.name}`, '', s.text.trim(), '');
    }
    if (q.story && id !== q.story.id && (q.weave_in.length || q.gaps.length)) out.push(`*Weave-in terms and gaps are for ${q.story.title}.*`, '');
    if (q.weave_in.length) out.push(`**Weave in:** ${q.weave_in.join(', ')}`, '');
    if (q.gaps.length) { out.push('**Gaps:**'); for (const g of q.gaps) out.push(`- ${g}`); out.push(''); }
  });
  out.push('## To write', '');
  if (!report.uncovered.length) out.push('Nothing: every requirement is covered.');
  for (const u of report.uncovered) out.push(`- **${u.requirement}**: ${u.evidence}`);
  if (report.uncovered_left_off) out.push(`- … and ${report.uncovered_left_off} more not listed`);
  return `${out.join('\n').trim()}\n`;
}

async function copyMarkdown() {
  if (!tailor.report) return;
  const text = planMarkdown();
  const note = $('#copy-state');
  const fallback = $('#copy-fallback');
  fallback.hidden = true;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    // no clipboard API (plain http off loopback) or refused: copy from a selected textarea
    fallback.value = text;
    fallback.hidden = false;
    fallback.select();
    try { copied = document.execCommand('copy'); } catch { copied = false; }
    if (copied) fallback.hidden = true; else fallback.focus();
  }
  note.textContent = copied ? 'copied' : 'The browser refused the clipboard: the plan is selected below, copy it with Ctrl+C.';
  if (copied) setTimeout(() => { note.textContent = ''; }, 3000);
}

function initTailor() {
  $('#tailor-form').addEventListener('submit', runTailor);
  $('#copy-markdown').addEventListener('click', copyMarkdown);
}

// ---------------------------------------------------------------- Critique

const critique = { timer: null, controller: null };
const RUBRIC = ['structure', 'ownership', 'impact', 'specificity', 'relevance', 'vision', 'delivery'];
const STAR = ['situation', 'task', 'action', 'result', 'learned'];
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };

function scheduleCritique() {
  clearTimeout(critique.timer);
  critique.timer = setTimeout(runCritique, 400);
}

async function runCritique() {
  if (critique.controller) critique.controller.abort();
  const draft = $('#critique-draft').value;
  if (!draft.trim()) {
    critique.controller = null;
    clear($('#critique-result')).append(el('p', { class: 'muted', text: 'Start typing a draft to see its critique.' }));
    clear($('#critique-mirror')).append(el('span', { class: 'muted', text: 'Findings are highlighted here.' }));
    return;
  }
  const body = { draft };
  const question = $('#critique-question').value.trim();
  const job = $('#critique-job').value;
  if (question) body.question = question;
  if (job.trim()) body.job = job;
  const controller = new AbortController();
  critique.controller = controller;
  $('#critique-result').setAttribute('aria-busy', 'true');
  try {
    const report = await api('POST', '/v1/critique', body, { signal: controller.signal });
    if (critique.controller !== controller) return;
    renderCritique(report, draft);
  } catch (err) {
    if (err.name !== 'AbortError') showError(err);
  } finally {
    if (critique.controller === controller) {
      critique.controller = null;
      $('#critique-result').removeAttribute('aria-busy');
    }
  }
}

function renderCritique(report, draft) {
  const root = clear($('#critique-result'));
  root.append(
    el('div', { class: 'overall-row' },
      el('div', { id: 'critique-overall', class: `overall ${band(report.overall)}`, 'aria-label': `Overall ${report.overall} out of 100` },
        el('span', { class: 'overall-num', text: String(report.overall) }), el('span', { class: 'overall-max', text: '/100' })),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Answer kind' }), el('dd', { text: report.answer_kind }),
        el('dt', { text: 'Speaking time' }), el('dd', { text: fmtClock(report.speaking_seconds) }),
        el('dt', { text: 'Words' }), el('dd', { text: String(report.words) }),
        el('dt', { text: 'Engine' }), el('dd', { text: report.engine }))),
    el('h2', { class: 'small-heading', text: 'Rubric' }),
    scoreTable(RUBRIC.filter((k) => report.rubric[k] !== undefined && report.rubric[k] !== null)
      .map((k) => [k, report.rubric[k], 4])),
    el('h2', { class: 'small-heading', text: 'STAR parts' }),
    scoreTable(STAR.filter((k) => report.scores[k] !== undefined && report.scores[k] !== null)
      .map((k) => [k, report.scores[k], 100])),
    el('h2', { class: 'small-heading', text: `Findings (${report.findings.length})` }),
    findingList(report.findings, true),
  );
  if (report.unsupported && report.unsupported.length) {
    root.append(el('p', { class: 'notice', text: `Check these, found nowhere in the bank, draft or posting: ${report.unsupported.join(', ')}` }));
  }
  renderMirror(draft, report.findings);
}

function scoreTable(rows) {
  return el('ul', { class: 'scores' }, rows.map(([name, value, max]) => el('li', { class: 'score-row' },
    el('span', { class: 'score-name', text: name }),
    bar(value / max, band((value / max) * 100)),
    el('span', { class: 'score-value', text: max === 4 ? `${value}/4` : String(value) }))));
}

function findingList(findings, linked) {
  if (!findings.length) return el('p', { class: 'muted', text: 'No findings: this reads well.' });
  return el('ul', { class: 'findings' }, findings.map((f, i) => {
    const item = el('li', { class: `finding sev-${f.severity}`, 'data-finding': String(i) },
      el('p', { class: 'finding-head' },
        el('span', { class: `sev sev-${f.severity}`, text: f.severity }), ' ',
        el('span', { class: 'finding-message', text: f.message })),
      el('p', { class: 'finding-suggestion', text: f.suggestion }),
      el('p', { class: 'finding-code', text: f.code }));
    if (linked && f.spans.length) {
      item.tabIndex = 0;
      item.setAttribute('aria-label', `${f.severity}: ${f.message}. ${f.suggestion}. Highlighted in the draft.`);
      const on = () => highlightFinding(i, true);
      const off = () => highlightFinding(i, false);
      item.addEventListener('mouseenter', on);
      item.addEventListener('mouseleave', off);
      item.addEventListener('focus', on);
      item.addEventListener('blur', off);
    }
    return item;
  }));
}

function highlightFinding(index, on) {
  for (const mark of $$('#critique-mirror mark.finding-mark')) {
    if (mark.dataset.findings.split(' ').includes(String(index))) mark.classList.toggle('is-active', on);
  }
}

/** The draft as text nodes and <mark>s; offsets are code points, so slice Array.from(draft). */
function renderMirror(draft, findings) {
  const chars = Array.from(draft);
  const cuts = new Set([0, chars.length]);
  const spans = [];
  findings.forEach((f, i) => {
    for (const span of f.spans) {
      const start = Math.max(0, Math.min(chars.length, span.start));
      const end = Math.max(start, Math.min(chars.length, span.end));
      if (end > start) { spans.push({ start, end, i, severity: f.severity }); cuts.add(start); cuts.add(end); }
    }
  });
  const points = [...cuts].sort((a, b) => a - b);
  const mirror = clear($('#critique-mirror'));
  for (let k = 0; k + 1 < points.length; k += 1) {
    const [from, to] = [points[k], points[k + 1]];
    const text = chars.slice(from, to).join('');
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    if (!covering.length) { mirror.append(document.createTextNode(text)); continue; }
    const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const ids = [...new Set(covering.map((s) => s.i))];
    mirror.append(el('mark', {
      class: `finding-mark sev-${worst.severity}`, 'data-findings': ids.join(' '),
      title: ids.map((i) => findings[i].message).join('; '), text,
    }));
  }
}

function initCritique() {
  for (const id of ['#critique-draft', '#critique-question', '#critique-job']) {
    $(id).addEventListener('input', scheduleCritique);
  }
}

// ---------------------------------------------------------------- Practice

const practice = { pick: null, start: null, timer: null, elapsed: 0, loading: null };
const REASONS = {
  asked: 'Asked for', due: 'Due for review', new: 'New story', ahead: 'Ahead of schedule', job: 'From the posting',
};

/** Loads the next question; a newer request replaces an older one, and the old card goes at once. */
async function loadNext(params = {}) {
  const query = new URLSearchParams();
  if (params.question) query.set('question', params.question);
  if (params.story) query.set('story', params.story);
  query.set('seconds', $('#practice-seconds').value);
  if (practice.loading) practice.loading.abort();
  const controller = new AbortController();
  practice.loading = controller;
  stopClock();
  practice.pick = null;
  $('#practice-card').hidden = true;
  $('#practice-question').textContent = '';
  clear($('#practice-result'));
  try {
    const pick = await api('GET', `/v1/practice/next?${query}`, undefined, { signal: controller.signal });
    if (practice.loading !== controller) return;
    practice.pick = pick;
    renderPick();
  } catch (err) {
    showError(err);
  } finally {
    if (practice.loading === controller) practice.loading = null;
  }
}

function practiseWith(params) {
  visited.add('practice');
  location.hash = '#practice';
  loadNext(params);
  if (!state.progress) loadProgress();
}

function renderPick() {
  const pick = practice.pick;
  stopClock();
  practice.start = null;
  practice.elapsed = 0;
  $('#practice-card').hidden = false;
  $('#practice-reason').textContent = REASONS[pick.reason] || pick.reason;
  const meta = [];
  if (pick.last !== null && pick.last !== undefined) meta.push(`last score ${pick.last}`);
  if (pick.due) meta.push(`due ${fmtRelative(pick.due)}`);
  meta.push(`target ${fmtClock(pick.target_seconds)}`);
  $('#practice-meta').textContent = meta.join(' · ');
  $('#practice-question').textContent = pick.question;
  $('#practice-story').textContent = pick.story ? `Story: ${pick.story.title} (${pick.story.id})` : 'No story fits: answer from experience.';
  const points = clear($('#practice-keypoints'));
  if (pick.key_points.length) for (const p of pick.key_points) points.append(el('li', { text: p }));
  else points.append(el('li', { class: 'muted', text: 'No key points: no story goes with this question.' }));
  points.hidden = true;
  const reveal = $('#practice-reveal');
  reveal.setAttribute('aria-expanded', 'false');
  reveal.textContent = 'Reveal key points';
  $('#practice-answer').value = '';
  clear($('#practice-result'));
  $('#practice-start').textContent = 'Start';
  renderClock(0);
}

function toggleKeypoints() {
  const points = $('#practice-keypoints');
  points.hidden = !points.hidden;
  const reveal = $('#practice-reveal');
  reveal.setAttribute('aria-expanded', String(!points.hidden));
  reveal.textContent = points.hidden ? 'Reveal key points' : 'Hide key points';
}

function startClock() {
  if (!practice.pick) return;
  stopClock();
  practice.start = performance.now();
  practice.timer = setInterval(() => renderClock((performance.now() - practice.start) / 1000), 250);
  renderClock(0);
  $('#practice-start').textContent = 'Restart';
  $('#practice-answer').focus();
}

/** Stops the clock; returns the whole seconds it ran, or null when it never started. */
function stopClock() {
  if (practice.timer) clearInterval(practice.timer);
  practice.timer = null;
  if (practice.start === null) return null;
  return Math.max(1, Math.round((performance.now() - practice.start) / 1000));
}

function renderClock(elapsed) {
  const target = practice.pick ? practice.pick.target_seconds : 90;
  const remaining = target - elapsed;
  const box = $('#practice-countdown');
  box.classList.toggle('warn', remaining > 0 && remaining <= target / 4);
  box.classList.toggle('over', remaining < 0);
  $('#countdown-text').textContent = remaining >= 0 ? fmtClock(Math.ceil(remaining)) : `+${fmtClock(Math.floor(-remaining))} over`;
  $('#countdown-fill').style.width = `${Math.min(100, (elapsed / target) * 100)}%`;
}

async function submitAttempt() {
  const pick = practice.pick;
  const answer = $('#practice-answer').value;
  if (!pick) return;
  if (!answer.trim()) { showStatus('Type your answer before submitting.', 'error'); $('#practice-answer').focus(); return; }
  if (practice.timer) practice.elapsed = stopClock();
  const body = { question: pick.question, answer };
  if (pick.story) body.story = pick.story.id;
  if (practice.elapsed) body.timed_seconds = practice.elapsed;
  const button = $('#practice-submit');
  button.disabled = true;
  await sendAttempt(body, 'Scoring your answer…');
  button.disabled = false;
}

// Stores an attempt (a JSON body, or a recording as FormData) and shows how it went.
async function sendAttempt(body, pending) {
  clear($('#practice-result')).append(el('p', { class: 'muted', text: pending }));
  try {
    const report = await api('POST', '/v1/attempts', body);
    renderAttempt(report);
    showStatus(`Attempt saved: ${report.attempt.overall}/100.`, 'ok');
    loadProgress();
  } catch (err) {
    clear($('#practice-result'));
    showError(err);
  }
}

// ---- recording: the answer said out loud, sent to the daemon's [speech] endpoint

const recording = { recorder: null, chunks: [], started: 0 };

function recordSupported() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
}

async function toggleRecording() {
  const button = $('#practice-record');
  if (recording.recorder) {
    recording.recorder.stop();
    return;
  }
  if (!practice.pick) return;
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (err) {
    showStatus(`The microphone is not available: ${err.message}. Type your answer instead.`, 'error');
    return;
  }
  recording.chunks = [];
  recording.started = Date.now();
  const recorder = new MediaRecorder(stream);
  recorder.addEventListener('dataavailable', (event) => { if (event.data.size) recording.chunks.push(event.data); });
  recorder.addEventListener('stop', () => {
    stream.getTracks().forEach((t) => t.stop());
    recording.recorder = null;
    button.textContent = 'Record';
    button.setAttribute('aria-pressed', 'false');
    const blob = new Blob(recording.chunks, { type: recorder.mimeType || 'audio/webm' });
    submitRecording(blob, Math.round((Date.now() - recording.started) / 1000));
  });
  recording.recorder = recorder;
  recorder.start();
  if (!practice.timer) startClock();
  button.textContent = 'Stop and send';
  button.setAttribute('aria-pressed', 'true');
  showStatus('Recording: answer out loud, then press Stop and send.', 'info');
}

async function submitRecording(blob, seconds) {
  const pick = practice.pick;
  if (!pick) return;
  if (practice.timer) practice.elapsed = stopClock();
  const form = new FormData();
  form.append('question', pick.question);
  if (pick.story) form.append('story', pick.story.id);
  form.append('timed_seconds', String(practice.elapsed || seconds));
  const ext = (blob.type.split('/')[1] || 'webm').split(';')[0];
  form.append('audio', blob, `answer.${ext}`);
  await sendAttempt(form, 'Transcribing and scoring your answer…');
}

// The transcript with the findings' spans marked, as the critique view marks a draft.
function transcriptView(report) {
  const text = report.transcript;
  const chars = Array.from(text);
  const marks = report.critique.findings.flatMap((f) => f.spans.map((sp) => ({ ...sp, severity: f.severity })))
    .filter((m) => m.start < m.end && m.end <= chars.length)
    .sort((a, b) => a.start - b.start);
  const box = el('p', { class: 'mirror transcript', id: 'practice-transcript' });
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    box.append(document.createTextNode(chars.slice(at, m.start).join('')));
    box.append(el('mark', { class: `finding-mark sev-${m.severity}`, text: chars.slice(m.start, m.end).join('') }));
    at = m.end;
  }
  box.append(document.createTextNode(chars.slice(at).join('')));
  return box;
}

function deliveryView(d) {
  return el('p', { class: 'delivery' },
    el('strong', { text: 'Delivery: ' }),
    `${Math.round(d.words_per_minute)} words a minute (spread ${Math.round(d.words_per_minute_spread)}), `
      + `${d.long_pauses} long pause${d.long_pauses === 1 ? '' : 's'} (longest ${d.longest_pause.toFixed(1)} s), `
      + `${d.fillers_per_100.toFixed(1)} fillers per 100 words.`);
}

function renderAttempt(report) {
  const score = report.critique.overall;
  let compare = 'First try.';
  if (report.previous) {
    const delta = score - report.previous.overall;
    compare = delta > 0 ? `Up ${delta} from your last try.` : delta < 0 ? `Down ${-delta} from your last try.` : 'Same as your last try.';
  }
  const root = clear($('#practice-result'));
  // The helper, not the DOM's append: it skips the parts a typed answer has none of.
  append(root, [el('div', { class: 'overall-row' },
    el('div', { class: `overall ${band(score)}`, 'aria-label': `Overall ${score} out of 100` },
      el('span', { class: 'overall-num', text: String(score) }), el('span', { class: 'overall-max', text: '/100' })),
    el('div', {},
      el('p', { class: 'compare', text: compare }),
      el('p', { class: 'muted', text: report.next_due ? `Comes back ${fmtRelative(report.next_due)}.` : 'Not scheduled again.' }),
      el('p', { class: 'muted', text: `${report.critique.words} words, about ${fmtClock(report.critique.speaking_seconds)} spoken${practice.elapsed ? `, ${fmtClock(practice.elapsed)} on the clock` : ''}.` }))),
  report.delivery ? deliveryView(report.delivery) : null,
  report.transcript ? el('h3', { class: 'small-heading', text: 'What was heard' }) : null,
  report.transcript ? transcriptView(report) : null,
  findingList(report.critique.findings, false)]);
}

function renderProgressError(err) {
  clear($('#progress')).append(el('p', { class: 'muted', text: `Progress is unavailable: ${err.message}` }));
}

function sparkline(trend) {
  const w = 120; const h = 32; const pad = 3;
  const node = svg('svg', { class: 'sparkline', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img',
    'aria-label': `Trend: ${trend.join(', ')}` });
  node.append(svg('line', { class: 'spark-base', x1: 0, x2: w, y1: h / 2, y2: h / 2 }));
  const x = (k) => (trend.length === 1 ? w / 2 : pad + (k * (w - 2 * pad)) / (trend.length - 1));
  const y = (v) => h - pad - (v / 100) * (h - 2 * pad);
  if (trend.length > 1) {
    node.append(svg('polyline', { class: 'spark-line', points: trend.map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ') }));
  }
  if (trend.length) {
    const last = trend.length - 1;
    node.append(svg('circle', { class: 'spark-dot', cx: x(last).toFixed(1), cy: y(trend[last]).toFixed(1), r: 2.5 }));
  }
  return node;
}

function renderProgress() {
  const p = state.progress;
  if (!p) return;
  const root = clear($('#progress'));
  root.append(el('p', { class: 'muted', text: `${p.attempts} attempt${p.attempts === 1 ? '' : 's'} in the history.` }));
  if (!p.stories.length) root.append(el('p', { class: 'muted', text: 'No story practised yet.' }));
  else {
    root.append(el('h3', { text: 'Stories' }), el('ul', { class: 'progress-list' }, p.stories.map((s) => el('li', { class: 'progress-story' },
      el('div', { class: 'ps-title' }, el('strong', { text: titleOf(s.id) }), el('span', { class: 'muted', text: ` ${s.id}` })),
      el('span', { class: 'ps-stat', text: `${s.attempts} tr${s.attempts === 1 ? 'y' : 'ies'}` }),
      el('span', { class: 'ps-stat', text: `last ${s.last}` }),
      el('span', { class: 'ps-stat', text: `best ${s.best}` }),
      sparkline(s.trend),
      el('span', { class: 'ps-stat muted', text: s.removed ? 'not in the bank any more' : s.due ? `due ${fmtRelative(s.due)}` : '' }),
      s.removed ? null : el('button', { type: 'button', class: 'btn btn-small', text: 'Practise', 'aria-label': `Practise ${titleOf(s.id)}`,
        onclick: () => practiseWith({ story: s.id }) })))));
  }
  if (p.competencies && p.competencies.length) {
    root.append(el('h3', { text: 'Competencies' }), el('ul', { class: 'progress-list' }, p.competencies.map((c) => el('li', { class: 'progress-competency' },
      el('div', { class: 'ps-title' }, el('strong', { text: c.competency })),
      el('span', { class: 'ps-stat', text: `${c.attempts} tr${c.attempts === 1 ? 'y' : 'ies'}` }),
      el('span', { class: 'ps-stat', text: `last ${c.last}` }),
      el('span', { class: 'ps-stat', text: `best ${c.best}` }),
      sparkline(c.trend)))));
  }
  if (p.findings.length) {
    root.append(el('h3', { text: 'Recurring findings' }), el('ul', { class: 'plain findings-trend' }, p.findings.map((f) => el('li', {},
      el('code', { text: f.code }), ` raised ${f.count}×, ${f.recent} of the last 10, last ${fmtRelative(f.last_seen)}`,
      f.fading ? el('span', { class: 'badge good', text: 'fading' }) : null))));
  }
  if (p.due.length) {
    root.append(el('h3', { text: 'Due next' }), el('ul', { class: 'plain due-list' }, p.due.slice(0, 10).map((d) => el('li', {},
      el('span', { class: 'due-when', text: fmtRelative(d.due), title: fmtDate(d.due) }), ' ',
      d.story ? el('strong', { text: titleOf(d.story) }) : null, d.story ? ': ' : '',
      el('span', { text: d.question })))));
  }
}

function initPractice() {
  $('#practice-next').addEventListener('click', () => loadNext());
  $('#practice-reveal').addEventListener('click', toggleKeypoints);
  $('#practice-start').addEventListener('click', startClock);
  $('#practice-submit').addEventListener('click', submitAttempt);
  const record = $('#practice-record');
  if (recordSupported()) record.addEventListener('click', toggleRecording);
  else {
    record.disabled = true;
    record.title = 'This browser cannot record here (recording needs localhost or HTTPS).';
  }
}

// ---------------------------------------------------------------- start

function init() {
  initStories();
  initTailor();
  initCritique();
  initPractice();
  initRouting();
  loadStories();
  loadProgress();
}

init();
