// SdlSession (see sdl_session.h).
#include "platform/sdl/sdl_session.h"

#include "platform/imgui_gl_frame.h"

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"

#if defined(IDEKORT_X11_SCREEN)
#include "platform/native/x11_screen.h"
#endif

#include <cfloat>
#include <cmath>
#include <cstdlib>

namespace idekort::platform {

SdlSession::~SdlSession() { close(); }

Status SdlSession::open(const RunnerOptions& options, const char* platform_name, bool dpi_scaling) {
    if (auto status = open_display(options, platform_name, dpi_scaling); !status) return status;
    if (auto status = open_window(options); !status) return status;
    attach_imgui();
    return {};
}

Status SdlSession::open_display(const RunnerOptions& options, const char* platform_name, bool dpi_scaling) {
    m_platform_name = platform_name;
    m_dpi_scaling = dpi_scaling;
    m_forced_ui_scale = options.ui_scale;
    if (const char* env = std::getenv("IDEKORT_UI_SCALE"); env && m_forced_ui_scale <= 0)
        m_forced_ui_scale = std::strtof(env, nullptr);

    // A kiosk keeps the screen on; SDL would otherwise let the screensaver blank it.
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return Error{SDL_GetError(), "SDL_Init"};
    m_sdl_ready = true;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_imgui_context = true;
    m_ui_scale = detect_ui_scale();
    return {};
}

Status SdlSession::open_window(const RunnerOptions& options) {
#if defined(IDEKORT_GL_ES)
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED, w = options.width, h = options.height;
    if (options.fullscreen) {
        // A kiosk often runs with no window manager, and then nobody honours "fullscreen" on X:
        // SDL lays the UI out for the display while the window keeps its windowed size in the
        // middle (or off the edge of a portrait screen). So the kiosk's window is the display's
        // own rectangle, borderless, and also asks for fullscreen for the window managers and
        // Wayland compositors (cage) that do honour it.
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
        SDL_Rect bounds{};
        if (SDL_GetDisplayBounds(0, &bounds) == 0 && bounds.w > 0 && bounds.h > 0) {
            x = bounds.x;
            y = bounds.y;
            w = bounds.w;
            h = bounds.h;
        }
    }
    m_window = SDL_CreateWindow("idekort", x, y, w, h, flags);
    if (!m_window) return Error{SDL_GetError(), "SDL_CreateWindow"};
    m_kiosk_window = options.fullscreen;
#if defined(IDEKORT_X11_SCREEN)
    if (m_kiosk_window) x11_watch_screen(m_window);
#endif
    SDL_RaiseWindow(m_window);
    m_take_keyboard_focus = options.fullscreen;
    m_gl = SDL_GL_CreateContext(m_window);
    if (!m_gl) return Error{std::string("no OpenGL 3 / WebGL2 context: ") + SDL_GetError(), "SDL_GL_CreateContext"};
    SDL_GL_MakeCurrent(m_window, m_gl);
    SDL_GL_SetSwapInterval(1);
    m_pixel_ratio = detect_pixel_ratio();
    return {};
}

void SdlSession::attach_imgui() {
#if defined(IDEKORT_GL_ES)
    const char* glsl_version = "#version 300 es";
#else
    const char* glsl_version = "#version 130";
#endif
    ImGui_ImplSDL2_InitForOpenGL(m_window, m_gl);
    ImGui_ImplOpenGL3_Init(glsl_version);
    m_imgui_ready = true;
}

float SdlSession::detect_ui_scale() const {
    if (m_forced_ui_scale > 0) return m_forced_ui_scale;
    if (!m_dpi_scaling) return 1.0f;
    // Logical enlargement for dense screens where the OS does not scale for us (X11 on a 4K
    // kiosk): 96 dpi is 1x. Rounded to quarter steps so sizes stay on whole pixels.
    float ddpi = 0;
    const int display = m_window ? SDL_GetWindowDisplayIndex(m_window) : 0;
    if (SDL_GetDisplayDPI(display < 0 ? 0 : display, &ddpi, nullptr, nullptr) != 0 || ddpi <= 0) return 1.0f;
    const float scale = std::round(ddpi / 96.0f * 4.0f) / 4.0f;
    return scale < 1.0f ? 1.0f : (scale > 4.0f ? 4.0f : scale);
}

float SdlSession::detect_pixel_ratio() const {
    int w = 0, h = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(m_window, &w, &h);
    SDL_GL_GetDrawableSize(m_window, &dw, &dh);
    return w > 0 && dw > 0 ? static_cast<float>(dw) / static_cast<float>(w) : 1.0f;
}

AppEnvironment SdlSession::environment() const {
    return imgui_gl_frame::environment(m_platform_name.c_str(), m_ui_scale, m_pixel_ratio);
}

void SdlSession::refresh_display_scale(Application& app) {
    const float ui_scale = detect_ui_scale();
    const float pixel_ratio = detect_pixel_ratio();
    if (ui_scale == m_ui_scale && pixel_ratio == m_pixel_ratio) return;
    m_ui_scale = ui_scale;
    m_pixel_ratio = pixel_ratio;
    AppEvent e{AppEventKind::DisplayScaleChanged};
    e.ui_scale = ui_scale;
    e.pixel_ratio = pixel_ratio;
    app.event(e);
    m_fonts_dirty = true;
}

bool SdlSession::process_event(const SDL_Event& event, Application& app) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    switch (event.type) {
    case SDL_QUIT:
        app.event(AppEvent{AppEventKind::QuitRequested});
        return false;
    case SDL_MOUSEBUTTONUP:
        // A lifted finger must not leave a hover behind (nothing may depend on hover, and a
        // stuck highlight confuses the next person at a kiosk). ImGui's input queue applies
        // this on the frame after the release, so the click itself still lands.
        if (event.button.which == SDL_TOUCH_MOUSEID) {
            ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
            m_finger_lifted = true;
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        m_finger_lifted = false;
        break;
    case SDL_MOUSEMOTION:
        if (event.motion.which != SDL_TOUCH_MOUSEID) m_finger_lifted = false;
        break;
    case SDL_WINDOWEVENT:
        // A kiosk often runs with no window manager (xinit straight into idekort): then nobody
        // hands the window keyboard focus and a physical keyboard types into nothing. X only
        // lets a window take focus once it is viewable, hence on these events, not at creation.
        if (m_take_keyboard_focus && SDL_GetKeyboardFocus() != m_window &&
            (event.window.event == SDL_WINDOWEVENT_SHOWN || event.window.event == SDL_WINDOWEVENT_EXPOSED ||
             event.window.event == SDL_WINDOWEVENT_ENTER))
            SDL_SetWindowInputFocus(m_window);
        // A hidden or minimised window may be closed without any further event, so the app
        // saves what it has.
        if (event.window.event == SDL_WINDOWEVENT_HIDDEN || event.window.event == SDL_WINDOWEVENT_MINIMIZED)
            app.event(AppEvent{AppEventKind::Hidden});
        if (event.window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) fit_kiosk_window();
        if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            event.window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED)
            refresh_display_scale(app);
        break;
    case SDL_DISPLAYEVENT:
        // The screen was rotated, replaced or resized (xrandr): the kiosk follows it.
        fit_kiosk_window();
        break;
#if defined(IDEKORT_X11_SCREEN)
    case SDL_SYSWMEVENT:
        // SDL 2.26 says nothing when an output it knows changes its mode (x11_screen.h).
        if (x11_screen_changed(event)) fit_kiosk_window();
        break;
#endif
    default:
        break;
    }
    return true;
}

FrameRequest SdlSession::draw_frame(Application& app, const FrameInput& input) {
    ImGui_ImplSDL2_NewFrame();
    imgui_gl_frame::begin(m_fonts_dirty, m_last_frame_seconds);   // after the backend: its time step is replaced
    // ImGui's SDL2 backend falls back to SDL_GetGlobalMouseState when the window has keyboard
    // focus. On X11 that value is cached and can go stale (seen under Xvfb with XTest input:
    // every click landed at the pointer's start position). While the pointer is over our
    // window, the window's own mouse state, fed by its motion events, is authoritative.
    if (!m_finger_lifted && SDL_GetMouseFocus() == m_window) {
        int x = 0, y = 0;
        SDL_GetMouseState(&x, &y);
        ImGui::GetIO().AddMousePosEvent(static_cast<float>(x), static_cast<float>(y));
    }
    ImGui::NewFrame();
    const FrameRequest request = app.frame(input);
    const ImGuiIO& io = ImGui::GetIO();
    imgui_gl_frame::end(static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
                        static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    return request;
}

void SdlSession::swap() { SDL_GL_SwapWindow(m_window); }

bool SdlSession::text_input_active() const { return m_imgui_ready && imgui_gl_frame::text_input_active(); }

void SdlSession::fit_kiosk_window() {
    if (!m_kiosk_window || !m_window) return;
    const int display = SDL_GetWindowDisplayIndex(m_window);
    SDL_Rect bounds{};
    if (SDL_GetDisplayBounds(display < 0 ? 0 : display, &bounds) != 0 || bounds.w <= 0 || bounds.h <= 0) return;
    bool sdl_knows = true;   // SDL's display bounds are current
#if defined(IDEKORT_X11_SCREEN)
    // One monitor on X: the screen is the root window, whose size X keeps current.
    int sw = 0, sh = 0;
    if (SDL_GetNumVideoDisplays() == 1 && x11_screen_size(m_window, sw, sh) && (sw != bounds.w || sh != bounds.h)) {
        bounds = SDL_Rect{0, 0, sw, sh};
        sdl_knows = false;
    }
#endif
    int x = 0, y = 0, w = 0, h = 0;
    SDL_GetWindowPosition(m_window, &x, &y);
    SDL_GetWindowSize(m_window, &w, &h);
    if (x == bounds.x && y == bounds.y && w == bounds.w && h == bounds.h) return;
    // Leave fullscreen for a moment so SDL applies a plain geometry (no WM to ask), then ask again.
    SDL_SetWindowFullscreen(m_window, 0);
    SDL_SetWindowPosition(m_window, bounds.x, bounds.y);
    SDL_SetWindowSize(m_window, bounds.w, bounds.h);
    // Fullscreen again only where SDL knows the display's size: it would size the window to it.
    if (sdl_knows) SDL_SetWindowFullscreen(m_window, SDL_WINDOW_FULLSCREEN_DESKTOP);
}

bool SdlSession::input_pending() const { return m_imgui_ready && imgui_gl_frame::input_pending(); }

void SdlSession::close() {
    if (m_imgui_ready) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        m_imgui_ready = false;
    }
    if (m_imgui_context) {
        ImGui::DestroyContext();
        m_imgui_context = false;
    }
    if (m_gl) SDL_GL_DeleteContext(m_gl);
    if (m_window) SDL_DestroyWindow(m_window);
    if (m_sdl_ready) SDL_Quit();
    m_gl = nullptr;
    m_window = nullptr;
    m_sdl_ready = false;
}

} // namespace idekort::platform
