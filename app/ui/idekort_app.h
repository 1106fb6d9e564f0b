// IdekortApp: the Application the runners drive (app/core/application.h). It owns the screens,
// the strings, the theme and the item registry; it never owns the loop, the window or GL.
#pragma once

#include "app/core/application.h"
#include "app/core/card_store.h"
#include "app/core/draft_shelf.h"
#include "app/core/quick_idea.h"
#include "app/core/string_table.h"
#include "common/programme_config.h"
#include "app/ui/first_screen.h"
#include "app/ui/item_registry.h"
#include "app/ui/theme.h"

#include <memory>
#include <optional>

namespace idekort::ui {

class IdekortApp final : public Application {
public:
    Status init(const AppEnvironment& environment) override;
    FrameRequest frame(const FrameInput& input) override;
    void event(const AppEvent& event) override;
    void shutdown() override;
    const std::vector<SemanticItem>& semantic_items() const override { return m_registry.items(); }
    std::string state_json() const override;

private:
    Status build_fonts();

    AppEnvironment m_environment;
    std::optional<UiStrings> m_strings;
    std::optional<ProgrammeConfig> m_programme;
    std::optional<CardStore> m_store;
    std::optional<DraftShelf> m_shelf;
    std::optional<DraftAutosave> m_autosave;
    QuickIdea m_idea;
    ItemRegistry m_registry;
    Fonts m_fonts;
    std::unique_ptr<FirstScreen> m_first_screen;
    long long m_frames_drawn = 0;
    double m_last_frame_time = 0;   // reported in state_json: tests check that idle means no frames
};

} // namespace idekort::ui
