// Shared by the login and chat pages: configuration, the stored session and small HTTP helpers.
(function () {
  'use strict';

  var cfg = window.PLATFORM_CONFIG || {};
  function trimSlash(url) { return String(url || '').replace(/\/+$/, ''); }

  var authUrl = trimSlash(cfg.authUrl) || window.location.origin;
  var apiUrl = trimSlash(cfg.apiUrl) || window.location.origin;
  var wsUrl = cfg.wsUrl || apiUrl.replace(/^http/, 'ws') + '/api/v1/websocket';

  // sessionStorage: the session belongs to this tab and ends with it.
  var KEYS = { access: 'access_token', refresh: 'refresh_token', user: 'user', notice: 'login_notice' };

  var session = {
    accessToken: function () { return sessionStorage.getItem(KEYS.access); },
    user: function () {
      try { return JSON.parse(sessionStorage.getItem(KEYS.user) || 'null'); } catch (e) { return null; }
    },
    save: function (body) {
      sessionStorage.setItem(KEYS.access, body.access_token);
      if (body.refresh_token) sessionStorage.setItem(KEYS.refresh, body.refresh_token);
      sessionStorage.setItem(KEYS.user, JSON.stringify(body.user || null));
    },
    clear: function () {
      sessionStorage.removeItem(KEYS.access);
      sessionStorage.removeItem(KEYS.refresh);
      sessionStorage.removeItem(KEYS.user);
    },
    // Ends the session and sends the user to the sign-in page, which shows the notice once.
    end: function (notice) {
      session.clear();
      if (notice) sessionStorage.setItem(KEYS.notice, notice);
      window.location.replace('/login');
    },
    takeNotice: function () {
      var notice = sessionStorage.getItem(KEYS.notice);
      sessionStorage.removeItem(KEYS.notice);
      return notice;
    }
  };

  // fetch wrapper: resolves to {status, ok, body, headers}; rejects only on network failure.
  function request(url, options) {
    options = options || {};
    var headers = { 'Accept': 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.token) headers['Authorization'] = 'Bearer ' + options.token;
    return fetch(url, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      cache: 'no-store'
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        if (text) { try { body = JSON.parse(text); } catch (e) { body = { raw: text }; } }
        return { status: response.status, ok: response.ok, body: body, headers: response.headers };
      });
    });
  }

  // The JWT as the second WebSocket subprotocol: "jwt." + base64url without padding.
  function base64Url(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  window.Platform = {
    config: { authUrl: authUrl, apiUrl: apiUrl, wsUrl: wsUrl, developmentMode: cfg.developmentMode === true },
    // The platform's deliberate defects for the suite's self-check (Platform:Faults); present only when one is on.
    faults: cfg.faults || {},
    session: session,
    request: request,
    base64Url: base64Url
  };
})();
