// Sign-in through the platform's OpenID Connect provider: authorization code + PKCE (S256) as the public
// client chat-web. The login page starts it; /auth/callback finishes it and then behaves as a password sign-in.
(function () {
  'use strict';
  var P = window.Platform;
  var CLIENT_ID = 'chat-web';
  var SCOPES = 'openid profile email offline_access chat';
  var KEY = 'oidc_pending';

  function randomString() {
    var bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    return base64UrlBytes(bytes);
  }

  function base64UrlBytes(bytes) {
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function challengeOf(verifier) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (hash) {
      return base64UrlBytes(new Uint8Array(hash));
    });
  }

  function discovery() {
    return P.request(P.config.authUrl + '/.well-known/openid-configuration').then(function (result) {
      if (result.status !== 200 || !result.body || !result.body.authorization_endpoint) throw new Error('discovery');
      return result.body;
    });
  }

  function callbackUrl() { return window.location.origin + '/auth/callback'; }

  function claimsOf(jwt) {
    var part = String(jwt || '').split('.')[1] || '';
    var json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(Array.prototype.map.call(json, function (c) {
      return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2);
    }).join('')));
  }

  function start() {
    var verifier = randomString();
    var pending = { verifier: verifier, state: randomString(), nonce: randomString() };
    return Promise.all([discovery(), challengeOf(verifier)]).then(function (results) {
      sessionStorage.setItem(KEY, JSON.stringify(pending));
      var params = new URLSearchParams({
        client_id: CLIENT_ID, response_type: 'code', scope: SCOPES, redirect_uri: callbackUrl(),
        state: pending.state, nonce: pending.nonce, code_challenge: results[1], code_challenge_method: 'S256'
      });
      window.location.assign(results[0].authorization_endpoint + '?' + params.toString());
    });
  }

  function finish(show) {
    var query = new URLSearchParams(window.location.search);
    var pending = null;
    try { pending = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { pending = null; }
    sessionStorage.removeItem(KEY);
    // The code and state leave the address bar (and the history) at once.
    window.history.replaceState(null, '', '/auth/callback');
    if (query.get('error')) return show('The identity provider refused the sign-in (' + query.get('error') + ').');
    if (!pending || !query.get('code') || query.get('state') !== pending.state) {
      return show('This sign-in could not be completed: start again from the sign-in page.');
    }
    return discovery().then(function (config) {
      return fetch(config.token_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', client_id: CLIENT_ID, code: query.get('code'),
          redirect_uri: callbackUrl(), code_verifier: pending.verifier
        }).toString(),
        cache: 'no-store'
      }).then(function (response) { return response.json().then(function (body) { return { status: response.status, body: body }; }); });
    }).then(function (result) {
      if (result.status !== 200 || !result.body.access_token || !result.body.id_token) {
        return show('The identity provider did not issue a session (' + ((result.body && result.body.error) || result.status) + ').');
      }
      var claims = claimsOf(result.body.id_token);
      if (claims.nonce !== pending.nonce) return show('The identity provider answered for another sign-in: start again.');
      P.session.save({
        access_token: result.body.access_token,
        refresh_token: result.body.refresh_token,
        id_token: result.body.id_token,
        user: { id: claims.sub, email: claims.email, name: claims.name }
      });
      sessionStorage.setItem('id_token', result.body.id_token);
      window.location.replace('/chat');
    });
  }

  var button = document.getElementById('oidc-sign-in');
  if (button) {
    P.request(P.config.authUrl + '/auth/config').then(function (result) {
      if (result.status === 200 && result.body && result.body.oauth_enabled) document.getElementById('oidc-login').hidden = false;
    }).catch(function () { /* No provider: the password form stays the only way in. */ });
    button.addEventListener('click', function () {
      button.disabled = true;
      start().catch(function () {
        button.disabled = false;
        var region = document.getElementById('login-error');
        if (region) region.textContent = 'The identity provider could not be reached. Try again, or sign in with your password.';
      });
    });
  }

  var status = document.getElementById('callback-status');
  if (status) {
    finish(function (message) {
      status.textContent = message;
      status.setAttribute('role', 'alert');
      document.getElementById('callback-back').hidden = false;
    }).catch(function () {
      status.textContent = 'The identity provider could not be reached. Start again from the sign-in page.';
      status.setAttribute('role', 'alert');
      document.getElementById('callback-back').hidden = false;
    });
  }
})();
