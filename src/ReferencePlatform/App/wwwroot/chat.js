// Chat page: thread list and history over REST, the agent run over the WebSocket.
(function () {
  'use strict';
  var P = window.Platform;
  // Hooks of an alternative markup (App/wwwroot/prerendered): pre-rendered, hidden progress and answer elements.
  var markup = window.PLATFORM_MARKUP || null;
  var faults = P.faults;

  // No session: leave before anything renders (fault signOutStaysOnChat: stay).
  if (!P.session.accessToken() && !faults.signOutStaysOnChat) {
    window.location.replace('/login');
    return;
  }

  var RUN_EVENTS = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed', 'agent_error'];
  // Error frames that answer the message we just sent (so its run will not start).
  var MESSAGE_ERRORS = ['JSON_PARSE_ERROR', 'MESSAGE_TOO_LARGE', 'UNKNOWN_TYPE', 'THREAD_NOT_FOUND', 'VALIDATION_ERROR'];

  var el = {};
  var socket = null;
  var connected = false;
  var leaving = false;
  var reconnectDelay = 1000;
  var reconnectTimer = null;
  var outbox = [];            // messages typed before the connection was ready
  var pending = null;         // {threadId} sent, run not started yet
  var run = null;             // {runId, threadId} the run this page is showing
  var currentThreadId = null;
  var creating = false;       // a new conversation's thread is being created
  var viewSeq = 0;            // bumped when the user switches conversation
  var threads = [];

  // Event fields may sit at the top level or under `data` (or `payload`).
  function field(event, name) {
    if (event[name] !== undefined && event[name] !== null) return event[name];
    if (event.data && event.data[name] !== undefined) return event.data[name];
    if (event.payload && event.payload[name] !== undefined) return event.payload[name];
    return undefined;
  }

  function token() { return P.session.accessToken(); }

  // --- REST -----------------------------------------------------------------------------------

  function unauthorized() {
    leaving = true;
    if (socket) socket.close(1000);
    // Fault signOutStaysOnChat: the page stays where it is.
    if (faults.signOutStaysOnChat) { showError('You are not signed in.'); return; }
    P.session.end('Your session has ended. Please sign in again.');
  }

  // Resolves with the result; a 401 ends the session (and the promise never settles).
  function authed(url, options) {
    options = options || {};
    options.token = token();
    return P.request(url, options).then(function (result) {
      if (result.status === 401) { unauthorized(); return new Promise(function () {}); }
      return result;
    });
  }

  function loadUser() {
    if (faults.chatPageWithoutUser) return; // Fault: nobody is shown as signed in.
    var stored = P.session.user();
    if (stored && stored.email) el.userEmail.textContent = stored.email;
    authed(P.config.authUrl + '/auth/me').then(function (result) {
      if (result.ok && result.body && result.body.email) el.userEmail.textContent = result.body.email;
    }).catch(function () { /* keep the stored email */ });
  }

  function loadThreads() {
    el.threadList.setAttribute('aria-busy', 'true');
    return authed(P.config.apiUrl + '/api/threads').then(function (result) {
      if (!result.ok) { showError('Could not load your conversations (HTTP ' + result.status + ').'); return; }
      threads = (result.body && result.body.threads) || [];
      threads.sort(function (a, b) { return String(b.updated_at || '').localeCompare(String(a.updated_at || '')); });
      renderThreads();
    }).catch(function () {
      showError('Could not load your conversations: the service is not reachable.');
    }).then(function () {
      el.threadList.setAttribute('aria-busy', 'false');
    });
  }

  function loadMessages(threadId) {
    el.messages.setAttribute('aria-busy', 'true');
    return authed(P.config.apiUrl + '/api/threads/' + encodeURIComponent(threadId) + '/messages').then(function (result) {
      if (threadId !== currentThreadId) return;
      if (!result.ok) { showError('Could not load this conversation (HTTP ' + result.status + ').'); return; }
      clearMessages();
      ((result.body && result.body.messages) || []).forEach(function (message) {
        if (message.role === 'assistant') addResponseCard(message.content, null, message.created_at);
        else addUserMessage(message.content, message.created_at);
      });
      if (!el.messages.querySelector('.message, [data-testid="response-card"]:not([data-slot])')) showEmptyState(true);
    }).catch(function () {
      showError('Could not load this conversation: the service is not reachable.');
    }).then(function () {
      el.messages.setAttribute('aria-busy', 'false');
    });
  }

  // --- Rendering ------------------------------------------------------------------------------

  function threadTitle(thread) { return thread.title || 'Untitled conversation'; }

  function formatTime(iso) {
    if (!iso) return '';
    var date = new Date(iso);
    if (isNaN(date.getTime())) return '';
    var today = new Date();
    return date.toDateString() === today.toDateString()
      ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      : date.toLocaleDateString([], { day: 'numeric', month: 'short' });
  }

  function renderThreads() {
    el.threadList.textContent = '';
    if (threads.length === 0) {
      var empty = document.createElement('li');
      empty.className = 'thread-empty';
      empty.textContent = 'No conversations yet.';
      el.threadList.appendChild(empty);
      return;
    }
    threads.forEach(function (thread) {
      var item = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'thread-item';
      button.dataset.threadId = thread.id;
      if (thread.id === currentThreadId) button.setAttribute('aria-current', 'true');
      var title = document.createElement('span');
      title.className = 'thread-title';
      title.textContent = threadTitle(thread);
      var meta = document.createElement('span');
      meta.className = 'thread-meta';
      var count = thread.message_count;
      meta.textContent = (count !== undefined ? count + (count === 1 ? ' message' : ' messages') + ' · ' : '') + formatTime(thread.updated_at || thread.created_at);
      button.appendChild(title);
      button.appendChild(meta);
      button.addEventListener('click', function () { selectThread(thread.id); });
      item.appendChild(button);
      el.threadList.appendChild(item);
    });
    updateTitle();
  }

  function updateTitle() {
    var thread = threads.filter(function (t) { return t.id === currentThreadId; })[0];
    el.title.textContent = currentThreadId ? (thread ? threadTitle(thread) : 'Conversation') : 'New conversation';
  }

  function showEmptyState(show) { el.emptyState.hidden = !show; }

  function clearMessages() {
    Array.prototype.slice.call(el.messages.querySelectorAll('.message, [data-testid="response-card"]:not([data-slot])')).forEach(function (node) { node.remove(); });
    showEmptyState(true);
  }

  function appendToLog(node) {
    showEmptyState(false);
    el.messages.appendChild(node);
    el.messages.scrollTop = el.messages.scrollHeight;
  }

  function addUserMessage(text, createdAt) {
    var node = document.createElement('div');
    node.className = 'message user';
    var label = document.createElement('p');
    label.className = 'message-author';
    label.textContent = 'You';
    var body = document.createElement('p');
    body.className = 'message-text';
    body.textContent = text;
    node.appendChild(label);
    node.appendChild(body);
    if (createdAt) node.title = new Date(createdAt).toLocaleString();
    appendToLog(node);
  }

  function addResponseCard(text, agentName, createdAt) {
    // A markup with pre-rendered cards (window.PLATFORM_MARKUP) hands out its hidden card and reveals it below.
    var card = markup ? markup.takeResponseCard(el.messages) : document.createElement('article');
    if (!markup) {
      card.className = 'response-card';
      card.dataset.testid = 'response-card';
    }
    card.textContent = '';
    card.setAttribute('aria-label', 'Agent response');
    var head = document.createElement('p');
    head.className = 'message-author';
    head.textContent = agentName ? displayName(agentName) : 'Agent';
    var body = document.createElement('div');
    body.className = 'response-text';
    body.textContent = text;
    card.appendChild(head);
    card.appendChild(body);
    if (createdAt) card.title = new Date(createdAt).toLocaleString();
    appendToLog(card);
    if (markup) markup.revealResponseCard(card, el.messages);
  }

  // "cost_optimizer" → "Cost optimizer"
  function displayName(name) {
    var words = String(name).replace(/[_-]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  // Fault webAppStagesOutOfOrder: progress is held back until the answer is on screen, then shown.
  var heldBack = [];
  function showProgress(node, state, label, text) {
    if (faults.webAppStagesOutOfOrder) heldBack.push([node, state, label, text]);
    else setActivity(node, state, label, text);
  }
  function releaseProgress(thinkingState) {
    var held = heldBack;
    heldBack = [];
    setTimeout(function () {
      held.forEach(function (args) { setActivity.apply(null, args); });
      if (held.length) el.thinking.dataset.state = thinkingState;
    }, 150);
  }

  function setActivity(node, state, label, text) {
    node.dataset.state = state;
    node.textContent = '';
    if (markup) markup.showActivity(node, state !== 'idle');
    if (state === 'idle') return;
    var strong = document.createElement('span');
    strong.className = 'activity-label';
    strong.textContent = label;
    node.appendChild(strong);
    if (text) {
      node.appendChild(document.createTextNode(' '));
      var span = document.createElement('span');
      span.className = 'activity-text';
      span.textContent = text;
      node.appendChild(span);
    }
  }

  function resetActivity() {
    setActivity(el.thinking, 'idle');
    setActivity(el.toolStatus, 'idle');
    el.toolStatus.dataset.tool = '';
  }

  function showError(message) { el.error.textContent = message; }
  function clearError() { el.error.textContent = ''; }

  function setConnection(state) {
    var text = { connecting: 'Connecting…', connected: 'Connected', disconnected: 'Disconnected' }[state];
    el.connection.dataset.state = state;
    if (el.connection.textContent !== text) el.connection.textContent = text;
  }

  function setRunning(value) {
    el.send.disabled = value;
    el.composer.setAttribute('aria-busy', String(value));
  }

  // --- WebSocket ------------------------------------------------------------------------------

  function connect() {
    clearTimeout(reconnectTimer);
    setConnection('connecting');
    var ws;
    try {
      ws = new WebSocket(P.config.wsUrl, ['jwt-auth', 'jwt.' + P.base64Url(token())]);
    } catch (e) {
      setConnection('disconnected');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('message', function (message) { if (ws === socket) onFrame(message.data); });
    ws.addEventListener('close', function (event) { if (ws === socket) onClose(event); });
  }

  function scheduleReconnect() {
    if (leaving) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 30000);
  }

  function onClose(event) {
    socket = null;
    connected = false;
    setConnection('disconnected');
    if (leaving) return;
    if (pending || run) {
      finishRun();
      showError('The connection was lost before the agent finished.');
    }
    // 1008: the session was signed out or revoked elsewhere.
    if (event.code === 1008) { unauthorized(); return; }
    // A refused handshake looks like any other failure: ask the auth service whether the session still holds.
    authed(P.config.authUrl + '/auth/me').then(scheduleReconnect, scheduleReconnect);
  }

  function send(frame) { socket.send(JSON.stringify(frame)); }

  function flushOutbox() {
    while (outbox.length && connected) {
      var next = outbox.shift();
      pending = { threadId: next.thread_id };
      setRunning(true);
      send({ type: 'user_message', payload: next });
    }
  }

  function onFrame(raw) {
    var event;
    try { event = JSON.parse(raw); } catch (e) { return; }
    if (!event || typeof event.type !== 'string') return;

    if (event.type === 'connection_established') {
      connected = true;
      reconnectDelay = 1000;
      setConnection('connected');
      flushOutbox();
      return;
    }
    if (event.type === 'error') { onErrorFrame(event); return; }
    if (RUN_EVENTS.indexOf(event.type) >= 0) onRunEvent(event);
  }

  function onErrorFrame(event) {
    var code = field(event, 'error_code') || '';
    var message = field(event, 'message') || 'The server reported an error.';
    if (code === 'TOKEN_EXPIRED' || code === 'TOKEN_REVOKED') { unauthorized(); return; }
    showError(message + (code ? ' (' + code + ')' : ''));
    if (pending && !run && (MESSAGE_ERRORS.indexOf(code) >= 0 || !code)) finishRun();
  }

  // Events reach every connection of the user: show only the run this page started.
  function isOurs(event) {
    var runId = field(event, 'run_id');
    var threadId = field(event, 'thread_id');
    if (run) return !runId || !run.runId || String(runId) === run.runId;
    if (pending) return !threadId || String(threadId) === pending.threadId;
    return false;
  }

  function onRunEvent(event) {
    if (!isOurs(event)) {
      if (event.type === 'agent_completed' || event.type === 'agent_error') loadThreads();
      return;
    }
    if (!run) {
      var runId = field(event, 'run_id');
      var threadId = field(event, 'thread_id');
      run = { runId: runId ? String(runId) : null, threadId: threadId ? String(threadId) : null };
      pending = null;
      if (!currentThreadId && run.threadId) {
        currentThreadId = run.threadId;
        updateTitle();
      }
    }

    switch (event.type) {
      case 'agent_started':
        showProgress(el.thinking, 'running', 'Thinking…');
        break;
      case 'agent_thinking':
        showProgress(el.thinking, 'running', 'Thinking:', field(event, 'reasoning') || '');
        break;
      case 'tool_executing':
        el.toolStatus.dataset.tool = field(event, 'tool_name') || 'tool';
        showProgress(el.toolStatus, 'running', 'Running tool:', el.toolStatus.dataset.tool + '…');
        break;
      case 'tool_completed': {
        var name = field(event, 'tool_name') || el.toolStatus.dataset.tool || 'tool';
        var duration = field(event, 'duration');
        var took = typeof duration === 'number' ? ' in ' + formatDuration(duration) : '';
        showProgress(el.toolStatus, 'done', 'Tool done:', name + took);
        break;
      }
      case 'agent_completed':
        el.thinking.dataset.state = 'done';
        addResponseCard(String(field(event, 'final_response') || ''), field(event, 'agent_name'));
        releaseProgress('done');
        finishRun();
        loadThreads();
        break;
      case 'agent_error':
        releaseProgress('failed');
        el.thinking.dataset.state = 'failed';
        if (el.toolStatus.dataset.state === 'running') el.toolStatus.dataset.state = 'failed';
        showError('The agent could not answer: ' + (field(event, 'error_message') || field(event, 'message') || 'unknown error'));
        finishRun();
        loadThreads();
        break;
    }
  }

  function formatDuration(ms) { return ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s'; }

  function finishRun() {
    pending = null;
    run = null;
    setRunning(false);
  }

  // --- Actions --------------------------------------------------------------------------------

  // A new conversation gets its thread first (titled as the server would), so every message names its
  // thread and this page can tell its own run from runs the same user starts in other tabs.
  function submitMessage() {
    var text = el.input.value.trim();
    if (!text || pending || run || creating) return;
    clearError();
    resetActivity();
    addUserMessage(text);
    el.input.value = '';
    setRunning(true);
    if (currentThreadId) { enqueue(text, currentThreadId); return; }

    creating = true;
    var view = viewSeq;
    authed(P.config.apiUrl + '/api/threads', { method: 'POST', body: { title: titleFor(text) } }).then(function (result) {
      creating = false;
      if (view !== viewSeq) return;
      if (!result.ok || !result.body || !result.body.id) {
        setRunning(false);
        showError('Could not start a conversation (HTTP ' + result.status + ').');
        return;
      }
      currentThreadId = String(result.body.id);
      threads.unshift(result.body);
      renderThreads();
      enqueue(text, currentThreadId);
    }).catch(function () {
      creating = false;
      if (view !== viewSeq) return;
      setRunning(false);
      showError('Could not start a conversation: the service is not reachable.');
    });
  }

  function titleFor(text) {
    var line = text.split('\n')[0].trim();
    return line.length <= 60 ? line : line.slice(0, 57) + '...';
  }

  function enqueue(text, threadId) {
    outbox.push({ text: text, thread_id: threadId });
    if (connected) flushOutbox();
    else setActivity(el.thinking, 'running', 'Waiting for the connection…');
  }

  // Shows one conversation (or, with null, an empty new one), dropping whatever the previous view was doing.
  function showConversation(threadId) {
    viewSeq++;
    creating = false;
    currentThreadId = threadId;
    pending = null;
    run = null;
    outbox = [];
    setRunning(false);
    clearError();
    resetActivity();
    clearMessages();
    renderThreads();
    if (threadId) loadMessages(threadId);
    el.input.focus();
  }

  function selectThread(threadId) {
    showConversation(threadId);
  }

  function newConversation() {
    showConversation(null);
  }

  function signOut() {
    // Fault signOutStaysOnChat: nothing is cleared and the chat page comes back.
    if (faults.signOutStaysOnChat) { window.location.replace('/chat'); return; }
    leaving = true;
    el.logout.disabled = true;
    var done = function () {
      if (socket) socket.close(1000);
      P.session.clear();
      window.location.replace('/login');
    };
    P.request(P.config.authUrl + '/auth/logout', { method: 'POST', token: token() }).then(done, done);
  }

  function init() {
    el = {
      userEmail: document.getElementById('user-email'),
      logout: document.getElementById('logout'),
      connection: document.querySelector('[data-testid="connection-status"]'),
      threadList: document.getElementById('thread-list'),
      newThread: document.getElementById('new-thread'),
      title: document.getElementById('conversation-title'),
      messages: document.getElementById('messages'),
      emptyState: document.getElementById('empty-state'),
      thinking: document.getElementById('thinking'),
      toolStatus: document.getElementById('tool-status'),
      error: document.getElementById('chat-error'),
      composer: document.getElementById('composer'),
      input: document.getElementById('message-input'),
      send: document.getElementById('send')
    };

    el.composer.addEventListener('submit', function (event) { event.preventDefault(); submitMessage(); });
    el.input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submitMessage();
      }
    });
    el.newThread.addEventListener('click', newConversation);
    el.logout.addEventListener('click', signOut);

    loadUser();
    loadThreads();
    connect();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
