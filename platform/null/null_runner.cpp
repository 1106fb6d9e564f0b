// NullRunner (see null_runner.h).
#include "platform/null/null_runner.h"

#include "imgui.h"

#include <cfloat>
#include <chrono>
#include <thread>

namespace idekort::platform {

namespace {
constexpr float frame_step = 1.0f / 60.0f;
}

NullRunner::NullRunner(Application& app, AppEnvironment environment, float width, float height) : m_app(app) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = frame_step;
    if (environment.platform_name.empty()) environment.platform_name = "null";
    m_store = environment.store;
    m_http = environment.http;
    m_live = environment.live;
    m_init = m_app.init(environment);
}

NullRunner::~NullRunner() {
    if (m_init) m_app.shutdown();
    ImGui::DestroyContext();
}

FrameRequest NullRunner::frame() {
    if (!m_init) return {};
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = frame_step;
    if (m_store) m_store->deliver();
    if (m_http) m_http->deliver();
    if (m_live) m_live->deliver();
    const double now = m_frame * static_cast<double>(frame_step) + m_skipped;
    m_app.update(now);
    // No GPU: build the atlas on the CPU and give it a placeholder texture id. After update(),
    // as the real runners upload it: the app may rebuild it there (glyphs text needs).
    if (!io.Fonts->IsBuilt()) {
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    }
    ImGui::NewFrame();
    FrameInput input{now, frame_step, m_frame};
    const FrameRequest request = m_app.frame(input);
    ImGui::Render();
    ++m_frame;
    return request;
}

FrameRequest NullRunner::advance(double seconds) {
    m_skipped += seconds;
    return frame();
}

void NullRunner::frames(int n) {
    for (int i = 0; i < n; ++i) frame();
}

void NullRunner::press_at(float x, float y, bool touch) {
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiMouseSource source = touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse;
    io.AddMouseSourceEvent(source);
    io.AddMousePosEvent(x, y);
    frame();
    io.AddMouseSourceEvent(source);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frame();
    io.AddMouseSourceEvent(source);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    // Same rule as the SDL runners: a lifted finger leaves no hover behind.
    if (touch) io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    frame();
}

void NullRunner::click(float x, float y) { press_at(x, y, false); }
void NullRunner::tap(float x, float y) {
    press_at(x, y, true);
    frame(); // the queued pointer-leave lands on this frame
}

void NullRunner::drag(float x0, float y0, float x1, float y1) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(x0, y0);
    frame();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frame();
    constexpr int steps = 6;
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / steps;
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        frame();
    }
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    frame();
}

void NullRunner::type_text(std::string_view utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(std::string(utf8).c_str());
    frame();
}

void NullRunner::press_key(NullKey key) {
    ImGuiKey k = ImGuiKey_Enter;
    switch (key) {
    case NullKey::Enter: k = ImGuiKey_Enter; break;
    case NullKey::Tab: k = ImGuiKey_Tab; break;
    case NullKey::Backspace: k = ImGuiKey_Backspace; break;
    case NullKey::Escape: k = ImGuiKey_Escape; break;
    }
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(k, true);
    frame();
    io.AddKeyEvent(k, false);
    frame();
}

void NullRunner::settle_store() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (m_store && m_store->busy() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        frame();
    }
    frame();
}

bool NullRunner::pointer_on_screen() const { return ImGui::IsMousePosValid(); }

} // namespace idekort::platform
