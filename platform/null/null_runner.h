// NullRunner: the headless runner. It drives an Application with a real ImGui context but no
// window and no GL (ImGui's example_null), frame by frame, with scripted input. UI tests use
// it with the item registry to find widgets by label, click them and type into them.
//
// Implements:
//  [X] N frames with a fixed time step and display size; before each, the store's and the
//      transport's answers are delivered and app.update() runs, as in the real runners
//  [X] Mouse and touch clicks (three frames: move, press, release), UTF-8 text, keys
//  [ ] Rendering: draw lists are built and dropped; use the native runner for pixels
#pragma once

#include "app/core/application.h"

#include <string_view>

namespace idekort::platform {

enum class NullKey { Enter, Tab, Backspace, Escape };

class NullRunner {
public:
    // Creates the ImGui context and calls app.init(environment).
    NullRunner(Application& app, AppEnvironment environment, float width = 1280, float height = 800);
    ~NullRunner();
    NullRunner(const NullRunner&) = delete;
    NullRunner& operator=(const NullRunner&) = delete;

    // The result of app.init(); when it failed, frame() does nothing.
    const Status& init_status() const { return m_init; }

    FrameRequest frame();
    void frames(int n);
    // Lets `seconds` pass with no input and no frames (as an event-driven runner sleeps), then
    // draws one frame: for timers such as the kiosk's idle timeout.
    FrameRequest advance(double seconds);

    // Press and release at (x, y) in logical pixels, as a mouse or as a finger.
    void click(float x, float y);
    void tap(float x, float y);
    // A finger pressed at (x0, y0), moved to (x1, y1) over a few frames, and lifted.
    void drag(float x0, float y0, float x1, float y1);
    void type_text(std::string_view utf8);
    void press_key(NullKey key);

    // Frames until the store has delivered everything queued (or 5 s passed).
    void settle_store();

    // Where ImGui believes the pointer is (a lifted finger leaves it off-screen).
    bool pointer_on_screen() const;

private:
    void press_at(float x, float y, bool touch);

    Application& m_app;
    SqlExecutor* m_store = nullptr;
    HttpTransport* m_http = nullptr;
    LiveChannel* m_live = nullptr;
    Status m_init;
    long long m_frame = 0;
    double m_skipped = 0;   // seconds passed by advance()
};

} // namespace idekort::platform
