// idekort-pwa.js: the installable, offline web app around the loader (issue 7). Runs first.
// - Knows this build (window.idekortShell, written into index.html by scripts/web_dist.py):
//   its version, the content-hashed URL and size of each file, and the shell's strings.
// - Before anything is downloaded: when a new version is installed and waiting, activates it
//   and reloads, so the whole page comes from one version (never old HTML with new wasm).
//   Then starts idekort-loader.js.
// - After the first frame: registers the service worker (idekort-sw.js), which caches the
//   shell for offline starts; a later version installs in the background and the page says
//   "a new version is ready".
// - Shows what the user must know about the shell: offline (driven by the sync engine through
//   window.idekort.setNetworkState, navigator.onLine until it calls), and, on the loading
//   screen, whether the browser granted persistent storage. A store that is memory only
//   (another tab, no OPFS) is said by the app itself, beside the drafts it concerns.
'use strict';
(function () {
  var shell = window.idekortShell || { version: 'dev', files: {}, strings: {} };
  var $ = function (id) { return document.getElementById(id); };
  var pwa = window.idekortPwa = {};
  var state = {
    version: shell.version,
    serviceWorker: 'serviceWorker' in navigator ? 'not registered' : 'unsupported',
    updateReady: false,
    network: { online: navigator.onLine !== false, source: 'navigator.onLine' },
  };

  // [SECTION] The build's files and strings
  pwa.url = function (name) { return shell.files[name] ? shell.files[name].url : name; };
  pwa.size = function (name) { return shell.files[name] ? shell.files[name].size : 0; };
  function text(key) {
    var entry = shell.strings[key];
    if (!entry) return key;
    return entry[document.documentElement.lang] || entry.da;
  }

  // [SECTION] Notices: strips at the top of the page. The canvas moves down by their height
  // (--notices-height), and the app is told to resize, so a notice never covers part of the app.
  function layoutNotices() {
    var height = $('notices').getBoundingClientRect().height;
    var root = document.documentElement;
    if (root.style.getPropertyValue('--notices-height') === height + 'px') return;
    root.style.setProperty('--notices-height', height + 'px');
    window.dispatchEvent(new Event('resize')); // the app sizes the canvas on the window's resize event
  }
  if (window.ResizeObserver) new ResizeObserver(layoutNotices).observe($('notices'));

  var shown = {}; // id -> [key, action]: to write them again when the language changes
  function notice(id, key, action) {
    var box = $('notices');
    var item = document.getElementById('notice-' + id);
    if (!key) { delete shown[id]; if (item) { item.remove(); layoutNotices(); } return; }
    shown[id] = [key, action];
    if (!item) {
      item = document.createElement('div');
      item.id = 'notice-' + id;
      item.className = 'notice notice-' + id;
      box.appendChild(item);
    }
    item.textContent = '';
    var words = document.createElement('span');
    words.textContent = text(key);
    item.appendChild(words);
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = text(action ? action.label : 'notice.close');
    button.addEventListener('click', action ? action.run : function () { notice(id, null); });
    item.appendChild(button);
    layoutNotices();
  }

  // [SECTION] Network: the sync engine's view once it reports, the browser's until then.
  function showNetwork() { notice('offline', state.network.online ? null : 'network.offline'); }
  function browserNetwork() {
    if (state.network.source !== 'navigator.onLine') return; // the sync engine knows better
    state.network.online = navigator.onLine !== false;
    showNetwork();
  }
  window.addEventListener('online', browserNetwork);
  window.addEventListener('offline', browserNetwork);

  // [SECTION] Storage: whether the browser may evict the drafts (window.idekort.storage).
  pwa.storageKnown = function (api) {
    var persisted = api.storage.persisted;
    if (persisted !== null) $('storage-status').textContent = text(persisted ? 'storage.persisted' : 'storage.not_persisted');
  };

  // [SECTION] Service worker and updates
  var registration = null;
  function updateReady() {
    if (state.updateReady) return;
    state.updateReady = true;
    notice('update', 'update.ready', { label: 'update.reload', run: function () { activateWaiting(registration); } });
  }
  // Tells the waiting version to take over, and reloads the page once it has. (Another tab
  // may have done so already: then the reload alone takes the new version.)
  var reloading = false;
  function activateWaiting(reg) {
    if (reloading) return;
    reloading = true;
    if (!reg.waiting) { location.reload(); return; }
    navigator.serviceWorker.addEventListener('controllerchange', function () { location.reload(); });
    reg.waiting.postMessage({ type: 'skip-waiting' });
  }
  function track(incoming) {
    incoming.addEventListener('statechange', function () {
      state.serviceWorker = incoming.state;
      // With no active version in this registration this is its first install, not an update.
      // (Not "no controller": the capture app's worker at / also controls a page under it, such
      // as /workshop/, until that page's own worker is installed; that first install of the
      // participant's page once said "a new version is ready" as the page opened.)
      if (incoming.state === 'installed' && registration && registration.active) updateReady();
    });
  }
  function watch(reg) {
    registration = reg;
    if (reg.waiting && reg.active) updateReady();
    if (reg.installing) track(reg.installing); // an update found before this listener existed
    reg.addEventListener('updatefound', function () { track(reg.installing); });
  }
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('idekort-sw.js', { scope: './' }).then(function (reg) {
      state.serviceWorker = reg.active ? 'active' : 'installing';
      watch(reg);
      // A kiosk or a phone may keep the page open for days: look for a new version hourly
      // and whenever the network comes back.
      setInterval(function () { reg.update().catch(function () {}); }, 60 * 60 * 1000);
      window.addEventListener('online', function () { reg.update().catch(function () {}); });
    }, function (e) { state.serviceWorker = 'failed: ' + e.message; });
  }
  // Looks for a new version now; resolves true when one is installed and waiting.
  function checkForUpdate() {
    if (!registration) return Promise.resolve(false);
    return registration.update().then(function () {
      var incoming = registration.installing;
      if (!incoming) return !!registration.waiting;
      return new Promise(function (resolve) {
        function settled() { // the install may be over before this listener exists
          if (incoming.state === 'installing') return;
          incoming.removeEventListener('statechange', settled);
          if (incoming.state === 'redundant') { resolve(false); return; } // it failed: nothing changes
          updateReady();
          resolve(true);
        }
        incoming.addEventListener('statechange', settled);
        settled();
      });
    });
  }

  pwa.firstFrame = function () { registerServiceWorker(); };

  // [SECTION] window.idekort additions, once the loader has made it
  function extendApi() {
    var api = window.idekort;
    if (!api) return;
    api.shell = state;
    api.checkForUpdate = checkForUpdate;
    // Called when the app's language changes ('da', 'en'), so the notices speak it too.
    api.setLanguage = function (language) {
      document.documentElement.lang = language === 'en' ? 'en' : 'da';
      for (var id in shown) notice(id, shown[id][0], shown[id][1]);
    };
    // Called by the sync engine whenever its view of the server changes (true: reachable).
    api.setNetworkState = function (online) {
      state.network = { online: !!online, source: 'sync' };
      showNetwork();
    };
  }

  function startLoader() {
    var script = document.createElement('script');
    script.src = pwa.url('idekort-loader.js');
    script.onload = extendApi;
    script.onerror = function () { // the loader's own error display is not there: do its job
      var blocks = document.querySelectorAll('[data-error]');
      for (var i = 0; i < blocks.length; i++) blocks[i].hidden = blocks[i].getAttribute('data-error') !== 'load';
      $('loader').hidden = true;
      $('error').hidden = false;
    };
    document.body.appendChild(script);
    showNetwork();
  }

  // Not controlled (a first visit, or no service worker support): no version can be waiting.
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) { startLoader(); return; }
  navigator.serviceWorker.getRegistration().then(function (reg) {
    if (reg && reg.waiting) {
      activateWaiting(reg);
      // Should the new version never take over (it failed after installing), start this one.
      setTimeout(function () { if (!window.idekort) startLoader(); }, 3000);
      return;
    }
    startLoader();
  }, startLoader);
})();
