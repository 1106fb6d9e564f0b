// The workshop door of the browser's capture page (see workshop_door.h): the participant is the
// page /workshop/, its own wasm. Opening the door asks the page to go there with the code (a
// draft being written is saved first: leaving the page is a pagehide, which flushes the store).
#include "app/capture/workshop_door.h"
#include "common/text.h"

#include <functional>

namespace idekort::capture {

namespace {

class WorkshopElsewhere final : public WorkshopDoor {
public:
    explicit WorkshopElsewhere(std::function<void(std::string)> open_page) : m_open_page(std::move(open_page)) {}

    bool open(const std::string& code) override {
        if (m_open_page) m_open_page("workshop/?workshop=" + text::percent_encoded(code));
        m_asked = true;
        return false;
    }
    double update(double) override { return FrameRequest::never; }
    bool draw(ui::ScreenContext&, float) override { return true; }   // never shown: back at once
    void reset() override {}
    void network_changed(bool) override {}
    void write_state(json::Writer& w) const override { w.key("join").value(m_asked ? "elsewhere" : "none"); }

private:
    std::function<void(std::string)> m_open_page;
    bool m_asked = false;
};

} // namespace

std::unique_ptr<WorkshopDoor> make_workshop_door(const AppEnvironment& environment, const std::string&) {
    return std::make_unique<WorkshopElsewhere>(environment.open_page);
}

} // namespace idekort::capture
