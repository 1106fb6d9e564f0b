// idekort-aria-mirror.js: the ARIA mirror (issue 17; docs/ARCHITECTURE.md, "ARIA mirror").
// The app draws on a WebGL canvas, where a screen reader, the keyboard's Tab and a role-based
// test find nothing. So the app's widgets (the item registry, app/core/semantic_item.h) are kept
// here as real, invisible elements over the canvas: <button>, <input>/<textarea> with a <label>,
// check boxes and radio buttons, headings, the progress, help as descriptions, problems tied to
// their fields (aria-invalid, aria-describedby), groups, dialogs (the rest made inert), and one
// polite live region for what changes on its own (the app's Status items).
//
// Protocol: C++ calls idekortAriaMirror.update(itemsJson) only when something a person could
// notice changed (ItemRegistry::generation: never hover). The mirror acts back through
// Module._idekort_a11y_action(id, action): 0 focus, 1 press/toggle, 2 edit; typed text goes
// through the DOM input bridge (idekortTextBridge.editFromMirror), which owns text entry.
//
// Rules learned in the prototype (docs/ACCESSIBILITY.md has the rest): the layer is opacity 0,
// never display:none (that drops it from the accessibility tree); labels are not aria-hidden;
// the layer takes no pointer events (the canvas keeps touch and mouse), and it stops key events,
// which the app (listening on window, platform/web/web_session.cpp) would otherwise handle a
// second time.
'use strict';
(function () {
  var root = null;
  var live = null;
  var nodes = new Map();    // item id -> { item, el (positioned), control (focusable), kind }
  var lastFocused = 0;      // the item ImGui last had focused, as pushed
  var applyingFocus = false;
  var editing = 0;          // the field the text bridge's textarea stands for (it alone is shown then)
  var screenTitle = null;   // the words of the screen's level-1 heading, as last pushed
  // After a screen change the focus rests on its heading until the person does something: ImGui
  // opens each screen in a window of its own and puts its focus on the first control there (the
  // language button), which the DOM must not follow, or the screen reader leaves the heading.
  var headingHolds = false;
  var dialogHolding = 0;    // the open dialog the DOM focus was put in (0: none open)

  var ACTION_FOCUS = 0, ACTION_ACTIVATE = 1, ACTION_EDIT = 2;
  function act(id, action) {
    if (window.Module && Module._idekort_a11y_action) Module._idekort_a11y_action(id >>> 0, action);
  }

  function setup() {
    if (root) return root;
    root = document.getElementById('a11y-mirror');
    if (!root) {
      root = document.createElement('div');
      root.id = 'a11y-mirror';
      document.body.appendChild(root);
    }
    // Over the canvas, invisible, no pointer events; inputs at 16 px (iOS zooms below that).
    root.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;opacity:0;pointer-events:none;' +
      'font-size:16px;z-index:1;overflow:visible';
    live = document.createElement('div');
    live.id = 'a11y-live';
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    live.style.cssText = 'position:absolute;left:0;top:0;width:1px;height:1px;overflow:hidden';
    root.appendChild(live);
    ['keydown', 'keypress', 'keyup'].forEach(function (type) {
      root.addEventListener(type, function (e) {
        // A key pressed now is the person's (the keyup of the Enter that changed the screen is not).
        if (type === 'keydown') headingHolds = false;
        e.stopPropagation();
      });
    });
    root.addEventListener('focusin', function (e) {
      var id = idOf(e.target);
      if (!applyingFocus) headingHolds = false;
      if (id && !applyingFocus) act(id, ACTION_FOCUS);
    });
    root.addEventListener('click', function (e) {
      headingHolds = false;
      var n = nodeOf(e.target);
      if (n && n.kind === 'button') act(n.item.id, ACTION_ACTIVATE);
    });
    root.addEventListener('change', function (e) {
      var n = nodeOf(e.target);
      if (!n || (n.kind !== 'checkbox' && n.kind !== 'radio')) return;
      // The app decides: the box shows its state again until the app's next update says what
      // the press did (so the mirror never shows a choice the card does not have).
      n.control.checked = !!n.item.checked;
      act(n.item.id, ACTION_ACTIVATE);
    });
    root.addEventListener('input', function (e) {
      var n = nodeOf(e.target);
      if (!n || n.kind !== 'textbox' || !window.idekortTextBridge) return;
      var c = n.control;
      window.idekortTextBridge.editFromMirror(n.item.id, c.value, c.selectionStart, c.selectionEnd);
      if (window.idekortTextBridge.field() !== n.item.id) askToEdit(n.item.id);
    });
    // The app puts the field in edit a frame or two after it is asked; the typed text waits in
    // the bridge until then. The ask is one request the app can lose (another field's edit ending
    // in the same frames: seen at 640 × 400, the field focused but never in edit and the words
    // gone), so it is asked again while the text still waits and the field is still on the
    // screen. What ends the asking is that state, not a count: on a busy machine the app's
    // frames come seconds apart, and a few seconds of asks ran out before a frame carried one
    // out. The 30 s bound only stops a timer that nothing else would.
    function askToEdit(id) {
      var until = Date.now() + 30000;
      act(id, ACTION_EDIT);
      var timer = setInterval(function () {
        var bridge = window.idekortTextBridge;
        if (Date.now() > until || !bridge || !bridge.waiting(id) || bridge.field() === id || !nodes.has(id)) {
          clearInterval(timer);
          return;
        }
        act(id, ACTION_EDIT);
      }, 250);
    }
    // A dialog keeps the focus inside (the rest of the mirror is inert while it is open).
    document.addEventListener('focusin', function (e) {
      var dialog = root.querySelector('[role="dialog"]');
      if (!dialog || dialog.contains(e.target) || e.target === textBridgeElement()) return;
      var first = dialog.querySelector('button, input, textarea');
      if (first) first.focus({ preventScroll: true });
    });
    return root;
  }

  function textBridgeElement() { return window.idekortTextBridge && window.idekortTextBridge.element(); }
  function idOf(el) {
    var n = nodeOf(el);
    return n ? n.item.id : 0;
  }
  function nodeOf(el) {
    while (el && el !== root) {
      if (el.dataset && el.dataset.item) return nodes.get(Number(el.dataset.item)) || null;
      el = el.parentNode;
    }
    return null;
  }

  // The element kind for a role; a role that changes makes a new element.
  function kindOf(item) {
    switch (item.role) {
      case 'textbox': return item.multiline ? 'textarea' : 'textbox-line';
      case 'checkbox': return 'checkbox';
      case 'radio': return 'radio';
      case 'heading': return 'heading' + Math.min(Math.max(item.level || 1, 1), 6);
      case 'text': return 'text';
      case 'progressbar': return 'progressbar';
      case 'group': return 'group';
      case 'dialog': return 'dialog';
      case 'status': return 'status';
      default: return 'button';   // button, disclosure, slider, other: something to press
    }
  }

  function make(item, kind) {
    var el, control, extra = {};
    var key = 'a11y-' + item.id;
    if (kind === 'textarea' || kind === 'textbox-line') {
      el = document.createElement('div');
      var label = document.createElement('label');
      control = document.createElement(kind === 'textarea' ? 'textarea' : 'input');
      control.id = key;
      label.htmlFor = key;
      label.id = key + '-label';
      extra.label = label;
      extra.description = document.createElement('span');
      extra.description.id = key + '-description';
      extra.error = document.createElement('span');
      extra.error.id = key + '-error';
      el.appendChild(label);
      el.appendChild(control);
      el.appendChild(extra.description);
      el.appendChild(extra.error);
      label.style.cssText = extra.description.style.cssText = extra.error.style.cssText = 'position:absolute;left:0;top:0';
      control.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;box-sizing:border-box;font-size:16px';
      kind = 'textbox';
    } else if (kind === 'checkbox' || kind === 'radio') {
      // The description beside the <label>, not in it: the name is the choice's words only.
      el = document.createElement('div');
      control = document.createElement('input');
      control.type = kind;
      control.id = key;
      extra.text = document.createElement('label');
      extra.text.htmlFor = key;
      extra.description = document.createElement('span');
      extra.description.id = key + '-description';
      el.appendChild(control);
      el.appendChild(extra.text);
      el.appendChild(extra.description);
    } else if (kind.indexOf('heading') === 0) {
      el = control = document.createElement('h' + kind.slice(7));
      // Focusable by script only (not a Tab stop): a new screen puts the focus here.
      el.tabIndex = -1;
    } else if (kind === 'text') {
      el = control = document.createElement('p');
    } else if (kind === 'progressbar') {
      el = control = document.createElement('div');
      el.setAttribute('role', 'progressbar');
      el.setAttribute('aria-valuemin', '1');
    } else if (kind === 'group' || kind === 'dialog') {
      el = control = document.createElement('div');
      el.setAttribute('role', kind);
      if (kind === 'dialog') el.setAttribute('aria-modal', 'true');
      extra.legend = document.createElement('span');
      extra.legend.id = key + '-legend';
      el.setAttribute('aria-labelledby', extra.legend.id);
      el.appendChild(extra.legend);
    } else {
      el = control = document.createElement('button');
      control.type = 'button';
      kind = 'button';
    }
    el.dataset.item = String(item.id);
    if (kind !== 'group' && kind !== 'dialog') {
      el.style.position = 'absolute';
      // No margin: an absolutely placed <h2> or <p> keeps the browser's default margin, which
      // put it 16-21 px below the words it stands for (a screen magnifier, a focus highlight and
      // the pixel checks then look at the gap under them).
      el.style.margin = '0';
    }
    return { item: null, el: el, control: control, kind: kind, roleKind: null, extra: extra };
  }

  function text(el, words) { if (el.textContent !== words) el.textContent = words; }
  function attr(el, name, value) {
    if (value === null || value === undefined || value === false) { if (el.hasAttribute(name)) el.removeAttribute(name); }
    else if (el.getAttribute(name) !== String(value)) el.setAttribute(name, String(value));
  }

  function fill(n, item) {
    var el = n.el, c = n.control, x = n.extra;
    if (n.kind !== 'group' && n.kind !== 'dialog') {
      el.style.left = item.x + 'px';
      el.style.top = item.y + 'px';
      el.style.width = Math.max(1, item.width) + 'px';
      el.style.height = Math.max(1, item.height) + 'px';
      // The part of the box the app draws, when a scrolling region, child window or table column
      // cuts it (item.shown: x, y, width, height), as "left top width height" from the element's
      // own corner: pixel checks (tests/web/a11y_checks.mjs) measure that part only, and skip
      // an item with nothing drawn. A screen reader still finds the whole element.
      attr(el, 'data-shown', item.shown ? [item.shown[0] - item.x, item.shown[1] - item.y, item.shown[2], item.shown[3]]
        .map(function (v) { return Math.round(v * 10) / 10; }).join(' ') : null);
      // A table row: words on the row's own fill, no border of its own.
      attr(el, 'data-row', item.row ? 'true' : null);
    }
    var describedBy = [];
    if (item.description && x.description) { text(x.description, item.description); describedBy.push(x.description.id); }
    else if (x.description) text(x.description, '');
    switch (n.kind) {
      case 'textbox':
        text(x.label, item.label);
        if (item.error) { text(x.error, item.error); describedBy.push(x.error.id); } else text(x.error, '');
        attr(c, 'aria-invalid', item.invalid ? 'true' : null);
        attr(c, 'aria-describedby', describedBy.length ? describedBy.join(' ') : null);
        // The app's text, unless the person is typing here (their text is on its way to C++).
        if (document.activeElement !== c && c.value !== (item.value || '')) c.value = item.value || '';
        c.disabled = !!item.disabled;
        break;
      case 'checkbox':
      case 'radio':
        text(x.text, item.label);
        c.checked = !!item.checked;
        c.disabled = !!item.disabled;
        attr(c, 'aria-describedby', describedBy.length ? describedBy.join(' ') : null);
        if (n.kind === 'radio') c.name = 'a11y-group-' + (item.parent || 0);
        break;
      case 'progressbar':
        text(c, item.label);
        attr(c, 'aria-label', item.label);
        attr(c, 'aria-valuemax', item.valueMax);
        attr(c, 'aria-valuenow', item.valueNow);
        attr(c, 'aria-valuetext', item.label);
        break;
      case 'group':
      case 'dialog':
        text(x.legend, item.label);
        break;
      case 'button':
        text(c, item.label);
        c.disabled = !!item.disabled;
        attr(c, 'aria-invalid', item.invalid ? 'true' : null);
        break;
      default:
        text(c, item.label);
    }
    n.item = item;
    setAside(n, n.kind === 'textbox' && item.id === editing);
  }

  // While the text bridge edits this field, its textarea is the field (same name, same
  // descriptions): the mirror's copy steps aside, hidden and without its label, so there is one
  // field, not two.
  function setAside(n, aside) {
    if (n.el.hidden === aside) return;
    n.el.hidden = aside;
    n.extra.label.htmlFor = aside ? '' : n.control.id;
  }

  function place() {
    var canvas = document.getElementById('canvas');
    if (!canvas || !root) return;
    var r = canvas.getBoundingClientRect();
    root.style.left = r.left + 'px';
    root.style.top = r.top + 'px';
  }

  function update(json) {
    setup();
    place();
    var items = JSON.parse(json);
    var seen = new Set();
    var statusWords = [];
    var focused = 0;
    var order = [];
    items.forEach(function (item) {
      if (item.role === 'status') { statusWords.push(item.label); return; }
      // A nameless item (clipped, never named) cannot be told apart by anybody: leave it out.
      if (!item.label && item.role !== 'textbox') return;
      var kind = kindOf(item);
      var n = nodes.get(item.id);
      if (!n || n.roleKind !== kind) {
        if (n) n.el.remove();
        n = make(item, kind);
        n.roleKind = kind;
        nodes.set(item.id, n);
      }
      fill(n, item);
      seen.add(item.id);
      order.push(n);
      if (item.focused) focused = item.id;
    });
    nodes.forEach(function (n, id) {
      if (!seen.has(id)) { n.el.remove(); nodes.delete(id); }
    });
    // Submission order is tab order: put each element in its container in that order.
    var next = new Map();
    order.forEach(function (n) {
      var parent = n.item.parent && nodes.get(n.item.parent);
      var container = parent ? parent.el : root;
      var at = next.get(container) || 1;   // after the group's legend, or after the live region
      if (container.children[at] !== n.el) container.insertBefore(n.el, container.children[at] || null);
      next.set(container, at + 1);
    });
    // A dialog makes the rest inert (not focusable, not read), the way a modal <dialog> does.
    var dialog = order.find(function (n) { return n.kind === 'dialog'; });
    Array.prototype.forEach.call(root.children, function (child) {
      if (child === live) return;
      child.inert = !!dialog && child !== dialog.el;
    });
    // A dialog that opens takes the focus (WAI-ARIA's modal dialog): a screen reader then says
    // its question. The kiosk's "Er du der stadig?" opens on its own, with the focus on a field
    // now inert (Chromium drops it to the body); left there, nothing would be read. Asked of
    // ImGui too (not applyingFocus), so its focus ring is on the same button. Tried each update
    // until the dialog's first control is there.
    if (!dialog) dialogHolding = 0;
    else if (dialogHolding !== dialog.item.id) {
      var inDialog = document.activeElement && dialog.el.contains(document.activeElement);
      var firstControl = dialog.el.querySelector('button, input, textarea');
      if (!inDialog && firstControl) firstControl.focus({ preventScroll: true });
      if (inDialog || firstControl) dialogHolding = dialog.item.id;
    }
    var words = statusWords.join(' · ');
    if (live.textContent !== words) live.textContent = words;
    // ImGui moved its focus: the DOM follows, so the screen reader's cursor and the ring agree.
    // Not while a field is in edit: the text bridge's textarea holds the focus then.
    if (focused !== lastFocused) {
      lastFocused = focused;
      var n = focused && nodes.get(focused);
      var editing = window.idekortTextBridge && window.idekortTextBridge.field();
      var active = document.activeElement;
      var ours = !active || active === document.body || active.id === 'canvas' || root.contains(active);
      if (n && !editing && ours && !headingHolds && active !== n.control && !n.control.inert) {
        applyingFocus = true;
        try { n.control.focus({ preventScroll: true }); } finally { applyingFocus = false; }
      }
    }
    // A new screen (its level-1 heading has other words: the next wizard step, the thanks
    // screen): the focus goes to that heading, so a screen reader says where the person now is
    // instead of staying on a button that vanished or, like "Næste", now belongs to another
    // step. Tab goes on from the heading into the new screen. Not into a dialog's way (it keeps
    // its own focus), and not away from a field being typed into or from the rest of the page.
    var title = order.find(function (n) { return n.kind === 'heading1'; });
    var titleWords = title ? title.item.label : '';
    if (titleWords !== screenTitle) {
      var first = screenTitle === null;
      screenTitle = titleWords;
      var activeNow = document.activeElement;
      var oursNow = !activeNow || activeNow === document.body || activeNow.id === 'canvas' || root.contains(activeNow);
      var typing = window.idekortTextBridge && window.idekortTextBridge.field();
      if (title && !first && !dialog && !typing && oursNow && activeNow !== title.el) {
        applyingFocus = true;
        try { title.el.focus({ preventScroll: true }); } finally { applyingFocus = false; }
        headingHolds = true;
      }
    }
  }

  window.idekortAriaMirror = {
    update: update,
    // For the text bridge: the name and descriptions of the field it edits, so a screen reader
    // hears "Titel", not "text field", while the textarea has the focus.
    field: function (id) {
      var n = nodes.get(id);
      if (!n || n.kind !== 'textbox') return null;
      return { label: n.item.label, describedBy: n.control.getAttribute('aria-describedby') || '', invalid: !!n.item.invalid };
    },
    element: function () { return root; },
    // The text bridge's textarea now stands for field `id` (0: none).
    editing: function (id) {
      if (editing === id) return;
      var before = nodes.get(editing);
      editing = id;
      if (before && before.kind === 'textbox') setAside(before, false);
      var now = nodes.get(id);
      if (now && now.kind === 'textbox') setAside(now, true);
    },
  };
  window.addEventListener('resize', place);
  // Tab on the page itself (the focus on the body or the canvas, e.g. after it left the last
  // control) is the browser's: it moves into the mirror. The app must not see it too, or ImGui's own
  // Tab navigation moves (and tabs into a text field) at the same time. Registered before the
  // app starts, so this capture listener runs before the app's on window.
  window.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.key === 'Tab' && root && (t === document.body || t === document.documentElement || (t && t.id === 'canvas'))) e.stopImmediatePropagation();
  }, true);
})();
