// Renders the API's own OpenAPI document (/v1/openapi.json) with "Try it out" on. A separate file,
// not an inline script, so a strict Content-Security-Policy (script-src 'self') can stay on.
// If the dashboard is signed in in this tab, its session token (sessionStorage
// "servicepulse.token", see web/src/api/client.ts) pre-fills the bearer authorization.
(function () {
  'use strict';
  var TOKEN_STORAGE_KEY = 'servicepulse.token';
  var note = document.getElementById('auth-note');

  function storedToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
    } catch (e) {
      return null;
    }
  }

  if (typeof window.SwaggerUIBundle !== 'function') {
    note.textContent = '接口文档组件未能加载（swagger-ui-bundle.js 缺失）。Swagger UI failed to load.';
    return;
  }

  window.ui = window.SwaggerUIBundle({
    url: '/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    // Session tokens are not written to localStorage: they stay in this tab only.
    persistAuthorization: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    onComplete: function () {
      var token = storedToken();
      if (token) {
        window.ui.preauthorizeApiKey('bearer', token);
        note.textContent = '已使用当前登录会话授权，可直接“Try it out”。Authorized with your dashboard session.';
      } else {
        note.textContent = '点击 Authorize 填入部门接入密钥（spk_…）或会话令牌（sps_…）后即可调试。Click Authorize and paste a department API key or a session token to try requests.';
      }
    },
  });
})();
