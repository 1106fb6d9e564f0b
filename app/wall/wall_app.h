// WallApp: the live workshop's wall (issue 16), an Application on the kit for a projector,
// native or in the browser. The facilitator signs in, creates or opens a workshop, and the wall
// shows the join code and its QR code, the cards as they arrive, the clusters (named,
// coloured), and the ranking by dots; cards are dragged (or chosen and placed) into clusters,
// hidden, merged, and the dot vote is started and stopped. At the end ("Afslutning") the wall
// saves the exports (CSV, JSON, a printable summary) and promotes a cluster or a card into the
// central office's inbox. Large type, no clutter: it is read from the back of a room.
//
// The session and the open workshop are kept in the device store (ProductStore "wall"), so a
// reloaded page or a restarted wall comes back on the workshop without the password being typed
// in front of the room; "Log ud" forgets both.
#pragma once

#include "app/core/application.h"
#include "app/core/product_store.h"
#include "app/core/string_table.h"
#include "app/ui/item_registry.h"
#include "app/ui/text_entry.h"
#include "app/ui/theme.h"
#include "app/wall/qr_view.h"
#include "app/wall/wall_client.h"
#include "common/programme_config.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace idekort::wall {

struct WallSettings {
    std::string server_url;        // idekort-server, e.g. http://127.0.0.1:8080
    std::string language;          // "da" (default) or "en"
    std::string session_token;     // a facilitator's session (IDEKORT_WALL_SESSION): no sign-in screen
    std::string workshop_code;     // open this workshop at once (--workshop)
    // The wall's type is this much larger than the capture app's at the same display scale
    // (body 27.5 px at 1920x1080: about 7 cm high on a 3 m projection, read from 15 m).
    float enlargement = 1.25f;
};

class WallApp final : public Application {
public:
    explicit WallApp(WallSettings settings = {}) : m_settings(std::move(settings)) {}

    Status init(const AppEnvironment& environment) override;
    double update(double now) override;
    FrameRequest frame(const FrameInput& input) override;
    void event(const AppEvent& event) override;
    void shutdown() override;
    const std::vector<SemanticItem>& semantic_items() const override { return m_registry.items(); }
    std::uint64_t semantic_generation() const override { return m_registry.generation(); }
    void accessibility_action(std::uint32_t item_id, AccessibilityAction action) override {
        m_registry.request_action(item_id, static_cast<ui::ItemRegistry::Action>(action));
    }
    std::string state_json() const override;

    const WallClient& client() const { return *m_client; }

private:
    enum class Screen { Starting, SignIn, Open, Wall };
    void opened_store(Status status, std::map<std::string, std::string> settings);
    void open_given_workshop();
    void workshop_answered(const ProblemReport& p);
    void sign_out();
    void draw_sign_in();
    void draw_open();
    void draw_wall();
    void draw_themes(float width);
    std::string theme_name(const std::string& id) const;
    void draw_cluster_theme(float width);
    void make_cluster(const std::string& theme);
    void draw_settings(float width);
    void draw_sidebar(float width);
    void draw_time_left(float width);
    void draw_ending(float width);
    void save_export(const std::string& format);
    // What the runner's save says, for the ending's line under its buttons ("Gemt: …").
    std::function<void(Expected<std::string>)> say_saved();
    void promote(const std::string& source_id, bool cluster);
    void draw_panel_header(const std::string& cluster_id, float width);
    void draw_panel(const std::string& cluster_id, float width);
    bool draw_card(const protocol::WallCard& card, float width);
    void say_problem(float width);
    void field(const char* id, const std::string& label, std::string& value, TextFieldKind kind, float width,
               const char* missing_key = nullptr);
    void card_pressed(const std::string& card_id);
    float s() const { return m_scale; }

    WallSettings m_settings;
    AppEnvironment m_environment;
    std::optional<UiStrings> m_strings;
    std::optional<ProgrammeConfig> m_programme;
    ui::Fonts m_fonts;
    ui::ItemRegistry m_registry;
    ui::TextEntry m_entry;
    std::unique_ptr<WallClient> m_client;
    std::unique_ptr<ProductStore> m_store;
    bool m_session_ended = false;        // a kept session the server no longer knows: said on the sign-in screen
    float m_scale = 1.0f;
    Screen m_screen = Screen::SignIn;
    bool m_waiting = false;              // a sign-in, create or open is on its way
    std::string m_username, m_password, m_new_title, m_typed_code, m_cluster_name;
    std::string m_selected;              // the chosen card's id
    std::string m_missing;               // the field a button found empty ("##cluster"), said at it
    float m_qr_shrink = 0;               // px the QR code gives up so the sidebar fits (draw_wall)
    struct QrFit {                       // the title, screen and scale m_qr_shrink was found for
        std::string title;
        float width = 0, height = 0, scale = 0;
    } m_qr_fit;
    bool m_relayout = false;             // drawn again at once: the sidebar's fit changed
    bool m_choosing_theme = false;       // a new cluster is named; its theme is asked next
    bool m_merge_pending = false;        // the next card pressed is the one to merge into
    // The new workshop's settings, chosen on the open screen.
    std::set<std::string> m_themes;      // programme theme ids
    int m_time_box_minutes = 60;
    bool m_moderated = false;            // cards wait for the facilitator's yes
    int m_dots = 3;                      // per participant
    // The ending: the sidebar shows the exports and the promotion instead of the live tools.
    bool m_ending = false;
    std::string m_export_said;           // where the last export went, or why it did not
    std::map<std::string, std::string> m_promoted;   // cluster or card id -> the inbox card's receipt
    std::string m_promoting;             // the cluster or card whose promotion is on its way
    double m_time_turns_in = FrameRequest::never;   // seconds until the minutes left change
    std::string m_qr_text;               // what m_qr encodes
    QrModules m_qr;
    bool m_english = false;
};

} // namespace idekort::wall
