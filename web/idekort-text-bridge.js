// idekort-text-bridge.js: the DOM input bridge (issue 4; docs/ARCHITECTURE.md, "DOM input bridge").
// A canvas cannot summon a phone's keyboard, take paste, dead keys (´ + e = é), IME or
// autocorrect. So while an ImGui text field is being edited, a real <textarea> sits at the
// field's place, invisible, and holds the focus; what the person types there goes to C++ as the
// field's whole new value (idekort_text_edit), and C++ applies it to the field.
//
// Protocol: C++ calls idekortTextBridge.focus(...) when the edited field, its place or its text
// changed (platform/web/web_text_bridge.h). We keep the last state both sides agreed on: if the
// textarea differs from it, the person typed and the DOM wins; otherwise the app's text wins.
// Nothing is sent in the middle of a composition (IME, dead keys).
//
// A multi-line field being edited (issue 12, point 5): ImGui 1.90 does not wrap words while
// editing (the line scrolls sideways and its start is clipped), so there the textarea is shown,
// styled as the field: the browser wraps the words, and the caret, the selection and the
// phone's own text tools (magnifier, select, paste) are its own. One-line fields keep ImGui's
// drawing with the textarea invisible on top.
'use strict';
(function () {
  var area = null;
  var current = 0;            // the ImGui id of the field being edited, 0 = none
  var agreed = { value: '', start: 0, end: 0 };
  var composing = false;
  var fromMirror = null;      // text typed into the ARIA mirror's field before it was in edit
  var kinds = ['text', 'multiline', 'email', 'tel', 'numeric'];

  // Code points up to UTF-16 index i (ImGui counts code points: IMGUI_USE_WCHAR32).
  function codePoints(text, i) { return Array.from(text.slice(0, i)).length; }
  function utf16Index(text, cp) { return Array.from(text).slice(0, cp).join('').length; }

  function send() {
    if (!current || !window.Module || !Module.ccall) return;
    var value = area.value;
    var start = codePoints(value, area.selectionStart), end = codePoints(value, area.selectionEnd);
    if (value === agreed.value && start === agreed.start && end === agreed.end) return;
    agreed = { value: value, start: start, end: end };
    Module.ccall('idekort_text_edit', null, ['number', 'string', 'number', 'number'], [current, value, start, end]);
  }

  function textarea() {
    if (area) return area;
    area = document.createElement('textarea');
    area.id = 'idekort-text-input';
    area.setAttribute('autocomplete', 'off');
    // Not in the page's Tab order: it is focused only while it stands for the field in edit
    // (the ARIA mirror's elements are what Tab visits); idle, it would be a nameless stray field.
    area.tabIndex = -1;
    area.setAttribute('aria-label', document.documentElement.lang === 'en' ? 'Text field' : 'Tekstfelt');
    look(false);
    // The app listens for keys on window and would type them a second time (or swallow Backspace).
    ['keydown', 'keypress', 'keyup'].forEach(function (type) {
      area.addEventListener(type, function (e) {
        // Tab and Escape belong to ImGui's keyboard navigation: they leave the field there.
        if (e.key === 'Tab' || e.key === 'Escape') { e.preventDefault(); return; }
        e.stopPropagation();
        // Enter in a one-line field ends editing, as it does on the canvas.
        if (type === 'keydown' && e.key === 'Enter' && area.dataset.kind !== 'multiline') {
          e.preventDefault();
          area.blur();
        }
      });
    });
    area.addEventListener('compositionstart', function () { composing = true; });
    area.addEventListener('compositionend', function () { composing = false; send(); });
    area.addEventListener('input', function () { if (!composing) send(); });
    document.body.appendChild(area);
    return area;
  }

  // Invisible but focusable (opacity, not display:none; 16 px keeps iOS from zooming in), or,
  // for a multi-line field, shown as the field: the theme's white frame, 8 px corners, 14/10 px
  // padding and its text in near-black (app/ui/theme.cpp), with the focus ring's orange as the
  // border of the field in edit. ImGui's 22 px is the font's whole height (ascent + descent =
  // 1.362 em in Noto Sans), so the same letters are 16.2 px in CSS (which also keeps iOS from
  // zooming), on ImGui's 22 px lines.
  var hidden = 'opacity:0;font-size:16px;caret-color:transparent;border:0;padding:0;overflow:hidden;';
  var shown = 'opacity:1;font:16.2px/22px "Noto Sans","Helvetica Neue",Arial,sans-serif;color:#1A1A1A;background:#FFFFFF;' +
    'caret-color:#1A1A1A;border:2px solid #D9480F;border-radius:8px;padding:9px 13px;overflow-x:hidden;overflow-y:auto;' +
    'white-space:pre-wrap;overflow-wrap:break-word;box-sizing:border-box;';
  function look(visible) {
    var left = area.style.left || '-1000px', top = area.style.top || '0', width = area.style.width || '10px',
      height = area.style.height || '10px';
    area.style.cssText = 'position:fixed;resize:none;margin:0;outline:none;z-index:2;' + (visible ? shown : hidden) +
      'left:' + left + ';top:' + top + ';width:' + width + ';height:' + height;
    area.dataset.shown = visible ? 'true' : 'false';
  }

  function place(x, y, w, h) {
    var canvas = document.getElementById('canvas');
    var r = canvas.getBoundingClientRect();
    // Item rects are in the canvas's CSS pixels; the textarea covers the field exactly, so the
    // browser scrolls and places its keyboard as it would for a real field.
    area.style.left = (r.left + x) + 'px';
    area.style.top = (r.top + y) + 'px';
    area.style.width = Math.max(10, w) + 'px';
    area.style.height = Math.max(10, h) + 'px';
  }

  window.idekortTextBridge = {
    focus: function (id, x, y, w, h, text, cursor, kind) {
      var a = textarea();
      if (!id) {
        if (window.idekortAriaMirror) window.idekortAriaMirror.editing(0);
        current = 0;
        if (document.activeElement === a) a.blur();
        a.style.left = '-1000px';
        look(false);
        return;
      }
      place(x, y, w, h);
      a.dataset.kind = kinds[kind] || 'text';
      if ((a.dataset.kind === 'multiline') !== (a.dataset.shown === 'true')) look(a.dataset.kind === 'multiline');
      a.setAttribute('inputmode', kind === 2 ? 'email' : kind === 3 ? 'tel' : 'text');
      a.setAttribute('autocapitalize', kind === 2 ? 'off' : 'sentences');
      if (id !== current || (text !== agreed.value && a.value === agreed.value)) {
        current = id;
        a.value = text;
        var at = utf16Index(text, cursor);
        a.setSelectionRange(at, at);
        agreed = { value: text, start: cursor, end: cursor };
      }
      // Named as the field it stands for (the ARIA mirror knows its label and descriptions).
      var mirrored = window.idekortAriaMirror && window.idekortAriaMirror.field(id);
      a.setAttribute('aria-label', mirrored ? mirrored.label : (document.documentElement.lang === 'en' ? 'Text field' : 'Tekstfelt'));
      if (mirrored && mirrored.describedBy) a.setAttribute('aria-describedby', mirrored.describedBy);
      else a.removeAttribute('aria-describedby');
      if (mirrored && mirrored.invalid) a.setAttribute('aria-invalid', 'true');
      else a.removeAttribute('aria-invalid');
      // Focus first: the mirror's copy of the field is hidden next, and a hidden element that
      // has the focus would hand it to the page's body.
      if (document.activeElement !== a) a.focus({ preventScroll: true });
      if (window.idekortAriaMirror) window.idekortAriaMirror.editing(id);
      // What was typed into the mirror's field while it was not yet in edit: the person's text.
      if (fromMirror && fromMirror.id === id) {
        a.value = fromMirror.value;
        a.setSelectionRange(fromMirror.start, fromMirror.end);
        fromMirror = null;
        send();
      }
    },
    // The ARIA mirror's field `id` was typed into (UTF-16 selection): sent now if the field is
    // in edit, else as soon as the app puts it in edit (the mirror asks for that).
    editFromMirror: function (id, value, start, end) {
      if (id === current && area) {
        area.value = value;
        area.setSelectionRange(start, end);
        send();
        return;
      }
      fromMirror = { id: id, value: value, start: start, end: end };
    },
    // Whether text typed into the mirror's field `id` still waits for the field to be in edit.
    waiting: function (id) { return !!fromMirror && fromMirror.id === id; },
    // For tests: the element and the field it mirrors.
    element: function () { return area; },
    field: function () { return current; },
  };

  // iOS shows a keyboard only for a focus made inside the user's gesture. So a tap that ends
  // on a text field (hit-tested against the last frame's widgets) focuses the textarea at once;
  // C++ fills in the text on the next frame. Only a tap: a finger that moved further than the
  // app's slop (widgets.cpp, touch_slop: 12 logical px) scrolled the page, and C++ puts no field
  // in edit for it, so a focused textarea would bring up a keyboard that types into nothing.
  var tapSlop = 12;
  var press = null;   // where the current press began, and how far it has wandered
  function pointOf(e) { return e.changedTouches ? e.changedTouches[0] : e; }
  function pressBegan(e) {
    var p = pointOf(e);
    press = p ? { x: p.clientX, y: p.clientY, moved: 0 } : null;
  }
  function pressMoved(e) {
    var p = pointOf(e);
    if (!press || !p) return;
    press.moved = Math.max(press.moved, Math.hypot(p.clientX - press.x, p.clientY - press.y));
  }
  function pressEnded(e) {
    var began = press;
    press = null;
    if (!window.idekort || !window.idekort.items || window.idekort.firstFrameAt === null) return;
    var p = pointOf(e);
    if (!p || !began) return;
    var moved = Math.max(began.moved, Math.hypot(p.clientX - began.x, p.clientY - began.y));
    if (moved > tapSlop) return;   // in the browser the app's logical px are CSS px (ui_scale 1)
    var canvas = document.getElementById('canvas');
    var r = canvas.getBoundingClientRect();
    var x = p.clientX - r.left, y = p.clientY - r.top;
    var items;
    try { items = window.idekort.items(); } catch (err) { return; }
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      if (it.role === 'textbox' && it.visible && x >= it.x && x < it.x + it.width && y >= it.y && y < it.y + it.height) {
        textarea().focus({ preventScroll: true });
        return;
      }
    }
  }
  document.addEventListener('DOMContentLoaded', function () {
    var canvas = document.getElementById('canvas');
    canvas.addEventListener('touchstart', pressBegan, true);
    canvas.addEventListener('mousedown', pressBegan, true);
    canvas.addEventListener('touchmove', pressMoved, true);
    canvas.addEventListener('mousemove', pressMoved, true);
    canvas.addEventListener('touchend', pressEnded, true);
    canvas.addEventListener('mouseup', pressEnded, true);
  });
})();
