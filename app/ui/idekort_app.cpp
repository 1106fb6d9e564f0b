// IdekortApp (see idekort_app.h).
#include "app/ui/idekort_app.h"

#include "common/json_writer.h"

#include "imgui.h"

namespace idekort::ui {

Status IdekortApp::init(const AppEnvironment& environment) {
    m_environment = environment;
    if (!environment.assets) return Error{"the runner gave the app no assets", "AppEnvironment"};
    auto strings = UiStrings::load(*environment.assets);
    if (!strings) return strings.error();
    m_strings.emplace(std::move(strings).value());
    m_strings->set_language(environment.language.empty() ? "da" : environment.language);
    // The programme (themes, departments, steps) is checked whole at start-up: the app never
    // runs with half a programme.
    auto programme_json = environment.assets->read("programme/programme.json");
    if (!programme_json) return programme_json.error();
    auto programme = ProgrammeConfig::parse(programme_json.value(), "programme/programme.json");
    if (!programme) return programme.error();
    m_programme.emplace(std::move(programme).value());

    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;          // a shared kiosk keeps no per-user layout
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (auto status = build_fonts(); !status) return status;
    apply_theme(environment.ui_scale);
    m_registry.attach(ImGui::GetCurrentContext());
    if (environment.store) {
        m_store.emplace(*environment.store);
        // The native app is the kiosk app; the browser build is the web channel.
        const Channel channel = environment.platform_name == "web" ? Channel::Web : Channel::Kiosk;
        m_shelf.emplace(*m_store, channel, "");
        m_shelf->open();
        m_autosave.emplace(*m_store);
        m_autosave->start_new(m_shelf->new_card(std::string(m_strings->language())));
    }
    FirstScreen::Context context{m_idea, *m_strings, m_registry, m_shelf ? &*m_shelf : nullptr,
                                 m_autosave ? &*m_autosave : nullptr, environment.store, environment.kiosk};
    m_first_screen = std::make_unique<FirstScreen>(context);
    return {};
}

Status IdekortApp::build_fonts() {
    return load_fonts(*m_environment.assets, m_environment.ui_scale, m_environment.pixel_ratio, m_fonts);
}

FrameRequest IdekortApp::frame(const FrameInput& input) {
    ++m_frames_drawn;
    m_last_frame_time = input.time_seconds;
    m_first_screen->draw(m_fonts, m_environment.ui_scale, input.time_seconds);
    FrameRequest request;
    // Typing is saved within the debounce window even if no further input arrives.
    if (m_autosave) {
        const double due = m_autosave->tick(input.time_seconds);
        if (due >= 0) request.wake_in_seconds = due;
    }
    return request;
}

void IdekortApp::event(const AppEvent& event) {
    switch (event.kind) {
    case AppEventKind::DisplayScaleChanged:
        if (event.ui_scale == m_environment.ui_scale && event.pixel_ratio == m_environment.pixel_ratio) return;
        m_environment.ui_scale = event.ui_scale;
        m_environment.pixel_ratio = event.pixel_ratio;
        // Fonts only fail to load if the asset folder vanished under a running app; then the
        // old atlas stays and the UI keeps working at the old scale.
        if (build_fonts()) apply_theme(m_environment.ui_scale);
        break;
    case AppEventKind::Hidden: // a hidden tab can be discarded by the browser at any moment
    case AppEventKind::QuitRequested:
        // The last keystrokes may be inside the debounce window: save them now. The runner
        // waits for the store to finish before it exits.
        if (m_autosave) m_autosave->flush(m_last_frame_time);
        break;
    }
}

void IdekortApp::shutdown() { m_registry.detach(); }

std::string IdekortApp::state_json() const {
    std::string noted = "[";
    for (std::size_t i = 0; i < m_idea.noted().size(); ++i)
        noted += (i ? "," : "") + json::quote(m_idea.noted()[i]);
    noted += "]";
    std::string drafts = "[";
    if (m_shelf) {
        for (std::size_t i = 0; i < m_shelf->entries().size(); ++i) {
            const ShelfEntry& e = m_shelf->entries()[i];
            const char* state = e.state == SaveState::Saved ? "saved" : e.state == SaveState::Saving ? "saving" : "failed";
            drafts += std::string(i ? "," : "") + "{\"title\":" + json::quote(e.title) + ",\"state\":\"" + state +
                      "\",\"label\":" + json::quote(label_key(e, m_environment.store->durable())) + "}";
        }
    }
    drafts += "]";
    const std::string store = m_environment.store
        ? "{\"durable\":" + std::string(m_environment.store->durable() ? "true" : "false") +
              ",\"where\":" + json::quote(m_environment.store->describe()) +
              ",\"opened\":" + (m_shelf && m_shelf->opened() ? "true" : "false") +
              ",\"error\":" + json::quote(m_shelf ? m_shelf->store_error() : "") + "}"
        : "null";
    return "{\"language\":" + json::quote(m_strings ? m_strings->language() : "da") +
           ",\"draft\":" + json::quote(m_idea.draft()) +
           ",\"noted\":" + noted + ",\"drafts\":" + drafts + ",\"store\":" + store +
           ",\"presses\":" + std::to_string(m_first_screen ? m_first_screen->presses() : 0) +
           ",\"frames\":" + std::to_string(m_frames_drawn) +
           ",\"themes\":" + std::to_string(m_programme ? m_programme->themes.size() : 0) +
           ",\"ui_scale\":" + std::to_string(m_environment.ui_scale) + "}";
}

} // namespace idekort::ui
