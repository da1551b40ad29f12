/// The web chat at `/`: a person talks to the bot as a Telegram user. Plain HTML, CSS and vanilla JS with no
/// external assets; everything goes through the control API (`/sandbox/…`), and the conversation updates live
/// by long-polling `GET /sandbox/chats/{id}?since_revision=…`. Text is rendered from Telegram entities with DOM
/// nodes (never innerHTML), so bot output cannot inject markup.
enum ChatPage {
    static let html = #"""
<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ЖильеGO · Telegram sandbox</title>
<style>
  :root { --bg:#e7ebf0; --panel:#fff; --accent:#2a9df4; --accent-dark:#1c7ed6; --bot:#fff; --me:#dcf8c6;
          --muted:#7b8794; --border:#d6dde5; --danger:#d9534f; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.4 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
         background:var(--bg); color:#1f2933; height:100vh; display:flex; }
  aside { width:290px; background:var(--panel); border-right:1px solid var(--border); display:flex;
          flex-direction:column; }
  aside header { padding:14px 16px; background:var(--accent); color:#fff; }
  aside header h1 { margin:0; font-size:17px; }
  aside header small { opacity:.85; }
  .section { padding:12px 16px; border-bottom:1px solid var(--border); }
  .section h2 { margin:0 0 8px; font-size:12px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); }
  label { display:block; font-size:12px; color:var(--muted); margin-top:6px; }
  input[type=text], input[type=number], select { width:100%; padding:7px 9px; border:1px solid var(--border);
          border-radius:8px; font:inherit; background:#fbfcfd; }
  button { font:inherit; cursor:pointer; border:none; border-radius:8px; padding:8px 12px; background:var(--accent);
           color:#fff; }
  button:hover { background:var(--accent-dark); }
  button.secondary { background:#eef2f6; color:#1f2933; }
  button.secondary:hover { background:#e1e7ee; }
  button.danger { background:#fbeaea; color:var(--danger); }
  .row { display:flex; gap:8px; }
  .row > * { flex:1; }
  #chats { overflow-y:auto; flex:1; }
  .chat-item { padding:10px 16px; cursor:pointer; border-bottom:1px solid #f0f3f6; }
  .chat-item:hover { background:#f4f8fb; }
  .chat-item.active { background:#e3f1fd; }
  .chat-item b { display:block; }
  .chat-item span { font-size:12px; color:var(--muted); }
  main { flex:1; display:flex; flex-direction:column; min-width:0; }
  #topbar { background:var(--panel); border-bottom:1px solid var(--border); padding:10px 18px; display:flex;
            align-items:center; gap:12px; }
  #topbar .title { flex:1; }
  #topbar .title b { display:block; }
  #status { font-size:12px; color:var(--muted); }
  #log { flex:1; overflow-y:auto; padding:18px 8%; display:flex; flex-direction:column; gap:6px; }
  .empty { margin:auto; color:var(--muted); text-align:center; }
  .msg { max-width:min(520px, 80%); padding:8px 12px 6px; border-radius:14px; background:var(--bot);
         box-shadow:0 1px 1px rgba(0,0,0,.08); white-space:pre-wrap; word-wrap:break-word; align-self:flex-start; }
  .msg.user { background:var(--me); align-self:flex-end; }
  .msg.deleted { opacity:.45; }
  .msg .meta { font-size:11px; color:var(--muted); text-align:right; margin-top:3px; }
  .msg .caption { margin-top:6px; }
  .msg img { display:block; max-width:100%; border-radius:10px; cursor:zoom-in; }
  .album { display:grid; grid-template-columns:repeat(3, 1fr); gap:3px; }
  .album img { width:100%; height:110px; object-fit:cover; border-radius:6px; }
  .doc { display:flex; align-items:center; gap:8px; text-decoration:none; color:inherit; }
  .doc .icon { width:38px; height:38px; border-radius:50%; background:var(--accent); color:#fff; display:flex;
               align-items:center; justify-content:center; font-weight:bold; }
  .contact { display:flex; gap:8px; align-items:center; }
  .contact .icon { font-size:24px; }
  .spoiler { background:#c8ced6; color:transparent; border-radius:3px; cursor:pointer; }
  .spoiler.shown { background:#eef1f4; color:inherit; }
  code { background:#f1f3f5; padding:1px 4px; border-radius:4px; font-family:Menlo, Consolas, monospace; font-size:13px; }
  pre { background:#f1f3f5; padding:8px; border-radius:8px; overflow-x:auto; margin:4px 0; white-space:pre-wrap; }
  blockquote { margin:4px 0; padding:2px 10px; border-left:3px solid var(--accent); background:#f3f8fd; }
  .cmd { color:var(--accent-dark); }
  .inline-kb { display:flex; flex-direction:column; gap:4px; margin-top:4px; align-self:flex-start;
               max-width:min(520px, 80%); width:100%; }
  .inline-kb .kb-row { display:flex; gap:4px; }
  .inline-kb button { flex:1; background:rgba(255,255,255,.92); color:var(--accent-dark); border:1px solid var(--border);
                      padding:7px 8px; font-size:14px; }
  .inline-kb button:hover { background:#fff; border-color:var(--accent); }
  .inline-kb button.url::after { content:" ↗"; }
  .edits { font-size:11px; color:var(--muted); cursor:pointer; }
  .history { font-size:12px; color:var(--muted); border-top:1px dashed var(--border); margin-top:4px; padding-top:4px; }
  #typing { height:18px; padding:0 8%; font-size:12px; color:var(--muted); font-style:italic; }
  #reply-kb { background:#f4f6f8; border-top:1px solid var(--border); padding:8px 8%; display:none;
              flex-direction:column; gap:6px; }
  #reply-kb .kb-row { display:flex; gap:6px; }
  #reply-kb button { flex:1; background:#fff; color:#1f2933; border:1px solid var(--border); }
  #reply-kb button:hover { border-color:var(--accent); }
  #composer { background:var(--panel); border-top:1px solid var(--border); padding:10px 8%; display:flex; gap:8px;
              align-items:center; }
  #composer input[type=text] { flex:1; padding:10px 12px; border-radius:20px; }
  #photo-label { cursor:pointer; padding:8px 10px; border-radius:50%; background:#eef2f6; font-size:18px; }
  #toast { position:fixed; top:18px; left:50%; transform:translateX(-50%); background:rgba(30,40,50,.9); color:#fff;
           padding:10px 16px; border-radius:10px; display:none; max-width:70%; z-index:10; }
</style>
</head>
<body>
<aside>
  <header><h1>ЖильеGO · песочница</h1><small>Telegram Bot API sandbox</small></header>
  <div class="section">
    <h2>Бот</h2>
    <select id="bot"></select>
  </div>
  <div class="section">
    <h2>Пользователь</h2>
    <div class="row">
      <div><label for="user-id">ID</label><input id="user-id" type="number" min="1" value="1001"></div>
      <div><label for="user-lang">Язык</label><input id="user-lang" type="text" value="ru"></div>
    </div>
    <label for="user-name">Имя</label><input id="user-name" type="text" value="Айгерим">
    <label for="user-username">Username</label><input id="user-username" type="text" placeholder="без @">
    <label for="user-phone">Телефон (для «Поделиться контактом»)</label>
    <input id="user-phone" type="text" value="+77011234567">
    <div class="row" style="margin-top:10px">
      <button id="open-chat">Открыть чат</button>
      <button id="start" class="secondary">/start</button>
    </div>
  </div>
  <div class="section"><h2>Чаты</h2></div>
  <div id="chats"></div>
</aside>
<main>
  <div id="topbar">
    <div class="title"><b id="chat-title">Чат не выбран</b><span id="status">Выберите пользователя слева</span></div>
    <button id="block" class="danger" title="Пользователь блокирует бота">Заблокировать бота</button>
  </div>
  <div id="log"><div class="empty">Введите пользователя и нажмите «Открыть чат» или «/start».</div></div>
  <div id="typing"></div>
  <div id="reply-kb"></div>
  <form id="composer" autocomplete="off">
    <label id="photo-label" title="Отправить фото (можно несколько — альбом)">📎
      <input id="photo" type="file" accept="image/png,image/jpeg" multiple hidden></label>
    <input id="text" type="text" placeholder="Сообщение" maxlength="4096">
    <button type="submit">Отправить</button>
  </form>
</main>
<div id="toast"></div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let botId = null;
let chatId = null;
let revision = -1;
let view = null;
let pollGeneration = 0;
const fields = ["user-id", "user-name", "user-username", "user-lang", "user-phone"];

function saveProfile() {
  for (const f of fields) localStorage.setItem("sandbox." + f, $(f).value);
}
function loadProfile() {
  for (const f of fields) { const v = localStorage.getItem("sandbox." + f); if (v !== null) $(f).value = v; }
}
function currentUser() {
  const user = { id: Number($("user-id").value), first_name: $("user-name").value.trim() || "Гость" };
  const username = $("user-username").value.trim().replace(/^@/, "");
  if (username) user.username = username;
  const lang = $("user-lang").value.trim();
  if (lang) user.language_code = lang;
  return user;
}
function toast(text, ms) {
  const t = $("toast"); t.textContent = text; t.style.display = "block";
  clearTimeout(toast.timer); toast.timer = setTimeout(() => t.style.display = "none", ms || 3000);
}
async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) { options.body = JSON.stringify(body); options.headers["Content-Type"] = "application/json"; }
  const sep = path.includes("?") ? "&" : "?";
  const response = await fetch("/sandbox/" + path + (botId !== null ? sep + "bot_id=" + botId : ""), options);
  const json = await response.json().catch(() => ({ ok: false, error: "HTTP " + response.status }));
  if (!json.ok) { const e = new Error(json.error || ("HTTP " + response.status)); e.status = response.status; throw e; }
  return json.result;
}

// --- rendering Telegram entities safely (UTF-16 offsets, nested) ---
function renderEntities(text, entities) {
  const sorted = (entities || []).slice().sort((a, b) => a.offset - b.offset || b.length - a.length);
  const fragment = document.createDocumentFragment();
  build(fragment, text, sorted, 0, text.length);
  return fragment;
}
function build(parent, text, entities, start, end) {
  let pos = start, i = 0;
  while (i < entities.length) {
    const e = entities[i];
    const eEnd = e.offset + e.length;
    if (e.offset < pos || eEnd > end) { i++; continue; }
    if (e.offset > pos) parent.appendChild(document.createTextNode(text.slice(pos, e.offset)));
    const inner = [];
    let j = i + 1;
    while (j < entities.length && entities[j].offset < eEnd) { inner.push(entities[j]); j++; }
    const node = elementFor(e);
    build(node, text, inner, e.offset, eEnd);
    parent.appendChild(node);
    pos = eEnd; i = j;
  }
  if (pos < end) parent.appendChild(document.createTextNode(text.slice(pos, end)));
}
function elementFor(e) {
  const tags = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
                 blockquote: "blockquote", expandable_blockquote: "blockquote" };
  if (tags[e.type]) return document.createElement(tags[e.type]);
  if (e.type === "spoiler") {
    const s = document.createElement("span"); s.className = "spoiler";
    s.onclick = () => s.classList.toggle("shown"); return s;
  }
  if (e.type === "text_link" && /^(https?:|tg:)/i.test(e.url || "")) {
    const a = document.createElement("a"); a.href = e.url; a.target = "_blank"; a.rel = "noopener noreferrer"; return a;
  }
  if (e.type === "bot_command") { const s = document.createElement("span"); s.className = "cmd"; return s; }
  return document.createElement("span");
}

function fileURL(fileId) { return "/sandbox/files/" + encodeURIComponent(fileId); }
function largest(photo) { return photo[photo.length - 1]; }
function time(unix) { return new Date(unix * 1000).toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" }); }

function renderChat() {
  const log = $("log");
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  log.textContent = "";
  if (!view || view.messages.length === 0) {
    const empty = document.createElement("div"); empty.className = "empty";
    empty.textContent = "Сообщений пока нет. Напишите боту, например /start."; log.appendChild(empty);
  }
  const messages = view ? view.messages : [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.media_group_id && m.photo) {
      const group = [m];
      while (i + 1 < messages.length && messages[i + 1].media_group_id === m.media_group_id) group.push(messages[++i]);
      log.appendChild(bubble(group));
    } else {
      log.appendChild(bubble([m]));
    }
    const last = messages[i];
    if (last.reply_markup && last.reply_markup.inline_keyboard && !last.deleted) log.appendChild(inlineKeyboard(last));
  }
  renderReplyKeyboard();
  $("typing").textContent = view && view.chat_action ? "бот " + actionText(view.chat_action.action) + "…" : "";
  const blocked = view && view.blocked;
  $("block").textContent = blocked ? "Разблокировать бота" : "Заблокировать бота";
  $("status").textContent = view ? (blocked ? "бот заблокирован пользователем" : "id " + view.chat_id + " · " +
    messages.length + " сообщ.") : "";
  if (nearBottom || renderChat.first) { log.scrollTop = log.scrollHeight; renderChat.first = false; }
}
renderChat.first = true;

function actionText(action) {
  return { typing: "печатает", upload_photo: "отправляет фото", upload_document: "отправляет файл" }[action] || action;
}

function bubble(group) {
  const m = group[0];
  const div = document.createElement("div");
  div.className = "msg " + m.from + (m.deleted ? " deleted" : "");
  if (group.length > 1 || m.photo) {
    const box = document.createElement("div");
    if (group.length > 1) box.className = "album";
    for (const item of group) {
      const img = document.createElement("img");
      img.src = fileURL(largest(item.photo).file_id); img.alt = "фото"; img.loading = "lazy";
      img.onclick = () => window.open(img.src, "_blank");
      box.appendChild(img);
    }
    div.appendChild(box);
  }
  if (m.document) {
    const a = document.createElement("a"); a.className = "doc"; a.href = fileURL(m.document.file_id);
    a.download = m.document.file_name || "file";
    const icon = document.createElement("span"); icon.className = "icon"; icon.textContent = "⬇";
    const name = document.createElement("span");
    name.textContent = (m.document.file_name || "документ") + " · " + Math.ceil((m.document.file_size || 0) / 1024) + " КБ";
    a.append(icon, name); div.appendChild(a);
  }
  if (m.contact) {
    const c = document.createElement("div"); c.className = "contact";
    const icon = document.createElement("span"); icon.className = "icon"; icon.textContent = "📱";
    const t = document.createElement("span"); t.textContent = m.contact.first_name + " · " + m.contact.phone_number;
    c.append(icon, t); div.appendChild(c);
  }
  if (m.text !== undefined) div.appendChild(renderEntities(m.text, m.entities));
  const captioned = group.find((x) => x.caption);
  if (captioned) {
    const cap = document.createElement("div"); cap.className = "caption";
    cap.appendChild(renderEntities(captioned.caption, captioned.caption_entities)); div.appendChild(cap);
  }
  const meta = document.createElement("div"); meta.className = "meta";
  let metaText = time(m.date);
  if (m.edit_date) metaText = "изменено · " + metaText;
  if (m.deleted) metaText = "удалено · " + metaText;
  meta.textContent = metaText;
  div.appendChild(meta);
  if (m.edits && m.edits.length) {
    const toggle = document.createElement("div"); toggle.className = "edits";
    toggle.textContent = "история правок (" + m.edits.length + ")";
    toggle.onclick = () => {
      if (toggle.nextSibling && toggle.nextSibling.className === "history") { toggle.nextSibling.remove(); return; }
      const h = document.createElement("div"); h.className = "history";
      for (const v of m.edits) {
        const line = document.createElement("div");
        line.textContent = time(v.date) + ": " + (v.text !== undefined ? v.text : (v.caption || "—"));
        h.appendChild(line);
      }
      toggle.after(h);
    };
    div.appendChild(toggle);
  }
  return div;
}

function inlineKeyboard(m) {
  const kb = document.createElement("div"); kb.className = "inline-kb";
  for (const row of m.reply_markup.inline_keyboard) {
    const r = document.createElement("div"); r.className = "kb-row";
    for (const b of row) {
      const button = document.createElement("button"); button.type = "button"; button.textContent = b.text;
      if (b.url) { button.className = "url"; button.onclick = () => window.open(b.url, "_blank", "noopener"); }
      else if (b.callback_data !== undefined) button.onclick = () => press(m.message_id, b.callback_data);
      else button.disabled = true;
      r.appendChild(button);
    }
    kb.appendChild(r);
  }
  return kb;
}

function renderReplyKeyboard() {
  const box = $("reply-kb"); box.textContent = "";
  const markup = view && view.reply_keyboard;
  if (!markup || !markup.keyboard) { box.style.display = "none"; return; }
  box.style.display = "flex";
  for (const row of markup.keyboard) {
    const r = document.createElement("div"); r.className = "kb-row";
    for (const b of row) {
      const button = document.createElement("button"); button.type = "button";
      button.textContent = b.text;
      if (b.request_contact) button.title = "Отправит боту ваш номер телефона (кнопка request_contact)";
      button.onclick = () => b.request_contact ? shareContact() : sendText(b.text, true);
      r.appendChild(button);
    }
    box.appendChild(r);
  }
}

// --- actions ---
async function sendText(text, viaKeyboard) {
  try {
    saveProfile();
    await api("POST", "messages", { user: currentUser(), text, via_keyboard: !!viaKeyboard });
    openChat();
  } catch (e) { toast("Не отправлено: " + e.message); }
}
async function shareContact() {
  const phone = prompt("Номер телефона, которым вы делитесь с ботом:", $("user-phone").value);
  if (!phone) return;
  $("user-phone").value = phone; saveProfile();
  try { await api("POST", "contacts", { user: currentUser(), phone_number: phone }); openChat(); }
  catch (e) { toast("Контакт не отправлен: " + e.message); }
}
async function sendPhotos(files, caption) {
  const form = new FormData();
  form.append("user", JSON.stringify(currentUser()));
  if (caption) form.append("caption", caption);
  for (const f of files) form.append("photo", f, f.name);
  try { await api("POST", "photos", form); openChat(); }
  catch (e) { toast("Фото не отправлено: " + e.message); }
}
async function press(messageId, data) {
  try {
    const result = await api("POST", "callbacks", { user_id: Number($("user-id").value), chat_id: chatId,
                                                    message_id: messageId, callback_data: data });
    const answer = await api("GET", "callbacks/" + encodeURIComponent(result.callback_query_id) + "?timeout=15");
    if (!answer.answered) toast("Бот не ответил на нажатие (answerCallbackQuery) за 15 с", 4000);
    else if (answer.answer.text) {
      if (answer.answer.show_alert) alert(answer.answer.text); else toast(answer.answer.text);
    }
  } catch (e) { toast("Кнопка: " + e.message, 4000); }
}
async function toggleBlock() {
  if (!view) return;
  try { await api("POST", "users/" + view.chat_id + (view.blocked ? "/unblock" : "/block")); }
  catch (e) { toast(e.message); }
}

// --- live updates: long-poll the chat's revision ---
let pollRunning = false;
function openChat() {
  saveProfile();
  const id = Number($("user-id").value);
  if (!id) { toast("Укажите ID пользователя"); return; }
  if (chatId !== id) {
    chatId = id; revision = -1; view = null; renderChat.first = true; renderChat(); poll();
  } else if (!pollRunning) {
    poll();
  }
  $("chat-title").textContent = $("user-name").value + ($("user-username").value ? " (@" + $("user-username").value.replace(/^@/, "") + ")" : "");
  refreshChats();
}
async function poll() {
  const generation = ++pollGeneration;
  pollRunning = true;
  try {
    while (generation === pollGeneration && chatId !== null) {
      try {
        const result = await api("GET", "chats/" + chatId + "?since_revision=" + revision + "&timeout=25");
        if (generation !== pollGeneration) return;
        if (result.revision !== revision) { view = result; revision = result.revision; renderChat(); refreshChats(); }
      } catch (e) {
        if (e.status === 404) { if (view !== null) { view = null; renderChat(); } await sleep(1000); }
        else { $("status").textContent = "нет связи с песочницей…"; await sleep(2000); }
      }
    }
  } finally {
    if (generation === pollGeneration) pollRunning = false;
  }
}
function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function refreshChats() {
  try {
    const chats = await api("GET", "chats");
    const list = $("chats"); list.textContent = "";
    for (const c of chats) {
      const item = document.createElement("div");
      item.className = "chat-item" + (c.chat_id === chatId ? " active" : "");
      const name = document.createElement("b"); name.textContent = c.user.first_name + (c.blocked ? " 🚫" : "");
      const info = document.createElement("span");
      info.textContent = "id " + c.chat_id + (c.user.username ? " · @" + c.user.username : "") + " · " + c.message_count + " сообщ.";
      item.append(name, info);
      item.onclick = () => {
        $("user-id").value = c.chat_id; $("user-name").value = c.user.first_name;
        $("user-username").value = c.user.username || ""; $("user-lang").value = c.user.language_code || "";
        openChat();
      };
      list.appendChild(item);
    }
  } catch (e) { /* the list is a convenience */ }
}
async function loadBots() {
  const response = await fetch("/sandbox/bots");
  const bots = (await response.json()).result || [];
  const select = $("bot"); select.textContent = "";
  for (const b of bots) {
    const o = document.createElement("option"); o.value = b.id; o.textContent = "@" + b.username + " (" + b.first_name + ")";
    select.appendChild(o);
  }
  botId = bots.length ? bots[0].id : null;
  select.onchange = () => { botId = Number(select.value); chatId = null; openChat(); };
}

$("composer").onsubmit = (event) => {
  event.preventDefault();
  const text = $("text").value;
  const files = $("photo").files;
  if (files.length) { sendPhotos(files, text.trim()); $("photo").value = ""; $("text").value = ""; return; }
  if (!text.trim()) return;
  $("text").value = "";
  sendText(text, false);
};
$("photo").onchange = () => { if ($("photo").files.length) toast("Фото выбрано: " + $("photo").files.length + ". Добавьте подпись и нажмите «Отправить»."); };
$("open-chat").onclick = () => openChat();
$("start").onclick = () => { openChat(); sendText("/start", false); };
$("block").onclick = toggleBlock;
loadProfile();
loadBots().then(() => { refreshChats(); if (localStorage.getItem("sandbox.user-id")) openChat(); });
</script>
</body>
</html>
"""#
}
