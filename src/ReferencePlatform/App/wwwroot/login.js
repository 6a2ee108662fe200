// Sign-in page: POST {authUrl}/auth/login, store the token pair, go to /chat.
(function () {
  'use strict';
  var P = window.Platform;
  var form = document.getElementById('login-form');
  var email = document.getElementById('email');
  var password = document.getElementById('password');
  var devSignIn = document.getElementById('dev-sign-in');
  var errorRegion = document.getElementById('login-error');
  var notice = document.getElementById('login-notice');
  var busy = false;

  var pendingNotice = P.session.takeNotice();
  if (pendingNotice) notice.textContent = pendingNotice;
  if (P.config.developmentMode) document.getElementById('dev-login').hidden = false;
  // Fault accessibilityViolation: a logo image without alternative text (axe: image-alt, critical).
  if (P.faults.accessibilityViolation) {
    var logo = document.createElement('img');
    logo.src = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#2563eb"/></svg>');
    logo.width = 24;
    logo.height = 24;
    document.querySelector('.login-card .brand').prepend(logo);
  }

  function showError(message, fieldsInvalid) {
    errorRegion.textContent = message;
    if (fieldsInvalid) {
      email.setAttribute('aria-invalid', 'true');
      password.setAttribute('aria-invalid', 'true');
    }
  }

  function clearError() {
    errorRegion.textContent = '';
    email.removeAttribute('aria-invalid');
    password.removeAttribute('aria-invalid');
  }

  function setBusy(value) {
    busy = value;
    form.setAttribute('aria-busy', String(value));
  }

  function describeFailure(result) {
    var detail = result.body && (result.body.detail || result.body.message);
    if (result.status === 401) return detail || 'Invalid credentials';
    if (result.status === 422) return 'Please enter both your email and your password.';
    if (result.status === 429) {
      var seconds = parseInt(result.headers.get('Retry-After') || '', 10);
      var wait = seconds > 0 ? ' Try again in ' + Math.max(1, Math.ceil(seconds / 60)) + ' minute' + (seconds > 60 ? 's' : '') + '.'
                             : ' Try again in a few minutes.';
      return 'Too many failed sign-in attempts: this account is temporarily locked.' + wait;
    }
    if (result.status === 403) return detail || 'This sign-in method is not available.';
    return 'Sign-in failed (HTTP ' + result.status + '). Please try again.';
  }

  function attempt(path, body) {
    if (busy) return;
    clearError();
    notice.textContent = '';
    setBusy(true);
    P.request(P.config.authUrl + path, { method: 'POST', body: body })
      .then(function (result) {
        if (result.status === 200 && result.body && result.body.access_token) {
          P.session.save(result.body);
          window.location.assign('/chat');
          return;
        }
        setBusy(false);
        showError(describeFailure(result), result.status === 401 || result.status === 422);
      })
      .catch(function () {
        setBusy(false);
        showError('The sign-in service could not be reached. Check your connection and try again.');
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    // Empty fields are left out so the service answers 422 (missing fields) rather than 401.
    var body = {};
    if (email.value.trim()) body.email = email.value.trim();
    if (password.value) body.password = password.value;
    attempt('/auth/login', body);
  });

  devSignIn.addEventListener('click', function () { attempt('/auth/dev/login', {}); });
})();
