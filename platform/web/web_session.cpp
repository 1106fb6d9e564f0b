// WebSession (see web_session.h).
#include "platform/web/web_session.h"

#include "platform/imgui_gl_frame.h"
#include "platform/web/js_bridge.h"

#include "imgui.h"
#include "imgui_impl_opengl3.h"

#include <emscripten/html5.h>
#include <emscripten/html5_webgl.h>

#include <algorithm>
#include <cfloat>
#include <cstring>
#include <string>

namespace idekort::platform {

namespace {

constexpr const char* canvas = "#canvas";

// KeyboardEvent.code names the key's place, whatever the layout prints on it: ImGui's shortcuts
// (Ctrl+Z, Ctrl+A) and navigation keys by place, as SDL's scancodes did. Text comes from keypress.
ImGuiKey key_from_code(const char* code) {
    const std::size_t n = std::strlen(code);
    if (n == 4 && std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z')
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    if (n == 6 && std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9')
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    if ((n == 2 || n == 3) && code[0] == 'F' && code[1] >= '1' && code[1] <= '9') {
        const int f = n == 2 ? code[1] - '0' : (code[1] - '0') * 10 + (code[2] - '0');
        if (f >= 1 && f <= 12) return static_cast<ImGuiKey>(ImGuiKey_F1 + (f - 1));
    }
    struct Named { const char* code; ImGuiKey key; };
    static constexpr Named named[] = {
        {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
        {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
        {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End}, {"Insert", ImGuiKey_Insert},
        {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace}, {"Space", ImGuiKey_Space},
        {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter}, {"Escape", ImGuiKey_Escape},
        {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"ControlLeft", ImGuiKey_LeftCtrl},
        {"ControlRight", ImGuiKey_RightCtrl}, {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
        {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}, {"ContextMenu", ImGuiKey_Menu},
        {"Minus", ImGuiKey_Minus}, {"Equal", ImGuiKey_Equal}, {"BracketLeft", ImGuiKey_LeftBracket},
        {"BracketRight", ImGuiKey_RightBracket}, {"Backslash", ImGuiKey_Backslash}, {"Semicolon", ImGuiKey_Semicolon},
        {"Quote", ImGuiKey_Apostrophe}, {"Backquote", ImGuiKey_GraveAccent}, {"Comma", ImGuiKey_Comma},
        {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash},
    };
    for (const Named& k : named)
        if (std::strcmp(code, k.code) == 0) return k.key;
    return ImGuiKey_None;
}

WebSession& session_of(void* user_data) { return *static_cast<WebSession*>(user_data); }

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void* user_data) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, e->ctrlKey);
    io.AddKeyEvent(ImGuiMod_Shift, e->shiftKey);
    io.AddKeyEvent(ImGuiMod_Alt, e->altKey);
    io.AddKeyEvent(ImGuiMod_Super, e->metaKey);
    const ImGuiKey key = key_from_code(e->code);
    if (key != ImGuiKey_None) io.AddKeyEvent(key, type == EMSCRIPTEN_EVENT_KEYDOWN);
    session_of(user_data).input();
    // The browser's own Backspace (history back in some) and Tab (focus leaves the canvas) are
    // kept from it; any other keydown goes on, or the keypress that carries its text would not come.
    return type == EMSCRIPTEN_EVENT_KEYDOWN && (key == ImGuiKey_Backspace || key == ImGuiKey_Tab);
}

EM_BOOL on_keypress(int, const EmscriptenKeyboardEvent* e, void* user_data) {
    // Control characters (Enter's 13) are keys, not text: ImGui reads them from the key events.
    if (e->charCode >= 0x20 && e->charCode != 0x7F) ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(e->charCode));
    session_of(user_data).input();
    return EM_TRUE;
}

// DOM buttons 0, 1, 2 (left, middle, right) as ImGui's 0, 2, 1.
int imgui_button(unsigned short dom_button) { return dom_button == 1 ? 2 : dom_button == 2 ? 1 : dom_button == 0 ? 0 : -1; }

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void* user_data) {
    WebSession& session = session_of(user_data);
    switch (type) {
    case EMSCRIPTEN_EVENT_MOUSEMOVE:
        session.pointer_moved(static_cast<float>(e->targetX), static_cast<float>(e->targetY), false);
        return EM_FALSE;
    case EMSCRIPTEN_EVENT_MOUSEDOWN: {
        const int button = imgui_button(e->button);
        if (button < 0) return EM_FALSE;
        session.pointer_moved(static_cast<float>(e->targetX), static_cast<float>(e->targetY), false);
        session.pointer_button(button, true, false);
        return EM_TRUE;   // no text selection or focus change on the page for a press on the canvas
    }
    case EMSCRIPTEN_EVENT_MOUSEUP: {   // anywhere on the page: a drag that left the canvas ends
        const int button = imgui_button(e->button);
        if (button >= 0) session.pointer_button(button, false, false);
        return EM_FALSE;
    }
    case EMSCRIPTEN_EVENT_MOUSELEAVE:
        session.pointer_left();
        return EM_FALSE;
    default:
        return EM_FALSE;
    }
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void* user_data) {
    // SDL's steps, which ImGui's scrolling speed was tuned against: 100 CSS pixels, 3 lines or
    // 1/80 page a step.
    double dy = e->deltaY;
    if (e->deltaMode == DOM_DELTA_PIXEL) dy /= 100.0;
    else if (e->deltaMode == DOM_DELTA_LINE) dy /= 3.0;
    else if (e->deltaMode == DOM_DELTA_PAGE) dy *= 80.0;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io.AddMouseWheelEvent(static_cast<float>(-e->deltaX / 100.0), static_cast<float>(-dy));
    session_of(user_data).input();
    return EM_TRUE;   // the page itself does not scroll
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void* user_data) {
    WebSession& session = session_of(user_data);
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        const float x = static_cast<float>(t.targetX), y = static_cast<float>(t.targetY);
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART) session.finger_down(t.identifier, x, y);
        else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) session.finger_moved(t.identifier, x, y);
        else session.finger_up(t.identifier);   // touchend, touchcancel
    }
    session.input();
    // The browser neither scrolls, zooms nor fires mouse events for a touch that starts on the
    // canvas, because its touchstart is consumed.
    return type == EMSCRIPTEN_EVENT_TOUCHSTART;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void* user_data) {
    // Losing the window releases every key ImGui thinks is held (it never sees their keyup).
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    session_of(user_data).input();
    return EM_FALSE;
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void* user_data) {
    session_of(user_data).resized();
    return EM_FALSE;
}

const char* css_cursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
    }
}

} // namespace

Status WebSession::open(const RunnerOptions& options, const char* platform_name) {
    m_platform_name = platform_name;
    m_ui_scale = options.ui_scale > 0 ? options.ui_scale : 1.0f;   // CSS pixels are already logical
    EmscriptenWebGLContextAttributes attributes;
    emscripten_webgl_init_context_attributes(&attributes);
    // An opaque canvas without depth, stencil or multisampling: ImGui draws flat triangles, and
    // the frame is cleared to the theme's background.
    attributes.alpha = EM_FALSE;
    attributes.depth = EM_FALSE;
    attributes.stencil = EM_FALSE;
    attributes.antialias = EM_FALSE;
    attributes.majorVersion = 2;
    attributes.minorVersion = 0;
    attributes.enableExtensionsByDefault = EM_FALSE;
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context(canvas, &attributes);
    if (context <= 0) return Error{"the browser gave no WebGL2 context (code " + std::to_string(context) + ")", "WebGL2"};
    emscripten_webgl_make_context_current(context);
    fit_canvas();
    m_resized = false;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "idekort_web";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    ImGui_ImplOpenGL3_Init("#version 300 es");

    // After ImGui exists: a listener may run as soon as this function returns to the browser.
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_key);
    emscripten_set_keypress_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_keypress);
    emscripten_set_mousedown_callback(canvas, this, EM_FALSE, on_mouse);
    emscripten_set_mousemove_callback(canvas, this, EM_FALSE, on_mouse);
    emscripten_set_mouseleave_callback(canvas, this, EM_FALSE, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, this, EM_FALSE, on_mouse);
    emscripten_set_wheel_callback(canvas, this, EM_FALSE, on_wheel);
    emscripten_set_touchstart_callback(canvas, this, EM_FALSE, on_touch);
    emscripten_set_touchmove_callback(canvas, this, EM_FALSE, on_touch);
    emscripten_set_touchend_callback(canvas, this, EM_FALSE, on_touch);
    emscripten_set_touchcancel_callback(canvas, this, EM_FALSE, on_touch);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_focus);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_focus);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, on_resize);
    return {};
}

void WebSession::fit_canvas() {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size(canvas, &css_width, &css_height);
    const double ratio = emscripten_get_device_pixel_ratio();
    m_width = std::max(1, static_cast<int>(css_width));
    m_height = std::max(1, static_cast<int>(css_height));
    const int backing_width = std::max(1, static_cast<int>(css_width * ratio));
    const int backing_height = std::max(1, static_cast<int>(css_height * ratio));
    int current_width = 0, current_height = 0;
    emscripten_get_canvas_element_size(canvas, &current_width, &current_height);
    // Setting the size clears the canvas, so only when it changed.
    if (current_width != backing_width || current_height != backing_height)
        emscripten_set_canvas_element_size(canvas, backing_width, backing_height);
    m_backing_width = backing_width;
    m_backing_height = backing_height;
    m_pixel_ratio = static_cast<float>(backing_width) / static_cast<float>(m_width);
}

AppEnvironment WebSession::environment() const { return imgui_gl_frame::environment(m_platform_name, m_ui_scale, m_pixel_ratio); }

bool WebSession::take_input() {
    const bool input = m_input;
    m_input = false;
    return input;
}

void WebSession::refresh_display_scale(Application& app) {
    if (!m_resized) return;
    m_resized = false;
    const float pixel_ratio = m_pixel_ratio;
    fit_canvas();
    if (pixel_ratio == m_pixel_ratio) return;
    AppEvent e{AppEventKind::DisplayScaleChanged};
    e.ui_scale = m_ui_scale;
    e.pixel_ratio = m_pixel_ratio;
    app.event(e);
    m_fonts_dirty = true;
}

void WebSession::pointer_moved(float x, float y, bool touch) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
    io.AddMousePosEvent(x, y);
    m_input = true;
}

void WebSession::pointer_button(int button, bool down, bool touch) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
    io.AddMouseButtonEvent(button, down);
    if (down) m_buttons_down |= 1 << button;
    else m_buttons_down &= ~(1 << button);
    m_input = true;
}

void WebSession::pointer_left() {
    // No hover is left behind when the pointer leaves the canvas, unless a drag is under way.
    if (m_buttons_down == 0) ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    m_input = true;
}

// The first finger down is the pointer; others are ignored until it lifts (as SDL's synthesised
// mouse was).
void WebSession::finger_down(long id, float x, float y) {
    if (m_finger_down) return;
    m_finger_down = true;
    m_finger_id = id;
    pointer_moved(x, y, true);
    pointer_button(0, true, true);
}

void WebSession::finger_moved(long id, float x, float y) {
    if (m_finger_down && id == m_finger_id) pointer_moved(x, y, true);
}

void WebSession::finger_up(long id) {
    if (!m_finger_down || id != m_finger_id) return;
    m_finger_down = false;
    pointer_button(0, false, true);
    // A lifted finger must not leave a hover behind (nothing may depend on hover, and a stuck
    // highlight confuses the next person at a kiosk). ImGui's input queue applies this on the
    // frame after the release, so the click itself still lands.
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
}

FrameRequest WebSession::draw_frame(Application& app, const FrameInput& input) {
    ImGuiIO& io = ImGui::GetIO();
    imgui_gl_frame::begin(m_fonts_dirty, m_last_frame_seconds);
    io.DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(m_backing_width) / static_cast<float>(m_width),
                                        static_cast<float>(m_backing_height) / static_cast<float>(m_height));
    // The cursor the last frame asked for (a text field's I-beam), as the canvas's CSS cursor.
    const ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor != m_cursor) {
        m_cursor = cursor;
        idekort_js_cursor(css_cursor(cursor));
    }
    ImGui::NewFrame();
    const FrameRequest request = app.frame(input);
    imgui_gl_frame::end(m_backing_width, m_backing_height);
    return request;
}

bool WebSession::text_input_active() const { return imgui_gl_frame::text_input_active(); }

bool WebSession::input_pending() const { return imgui_gl_frame::input_pending(); }

} // namespace idekort::platform
