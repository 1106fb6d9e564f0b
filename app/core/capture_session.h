// CaptureSession: the card being written on this device and the services that keep it, composed
// by the capture product on the runner's capabilities: one CardStore on the device database,
// the drafts the start screen lists (DraftShelf), the autosave, and the SyncEngine that sends
// completed cards. Starting, resuming, sending and wiping a card live here, testable without
// ImGui; the capture screens call them and draw what they report.
//
// Without a store (a runner that offers none) the card lives in memory only and nothing is sent.
#pragma once

#include "app/core/card_store.h"
#include "app/core/draft_autosave.h"
#include "app/core/draft_shelf.h"
#include "app/core/http_transport.h"
#include "app/core/launch_options.h"
#include "app/core/sync_engine.h"
#include "common/idea_card.h"
#include "common/programme_config.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace idekort {

// Where completed cards go: the command line's server and key, else the page's settings (the
// browser: JSON {"server", "key"} from its meta tags), else a kiosk's stored enrollment (the
// engine reads it from the store when both are empty).
SyncSettings sync_settings(const CaptureSettings& settings, std::string_view page_settings_json);
// Where a live workshop's participant joins (issue 16): the page's own origin in the browser (the
// join link's server), else --server; empty when neither is known.
std::string workshop_server_url(const CaptureSettings& settings, std::string_view page_settings_json);

// How the device's store may be described to the person: the words come from the strings.
enum class StoreNotice { None, Opening, MemoryOnly, HeldElsewhere, Failed };

class CaptureSession {
public:
    // `store` and `http` may be null; `sync` configures the engine (an empty URL or credential
    // is taken from a kiosk's stored enrollment). The session keeps references to all three.
    CaptureSession(const ProgrammeConfig& programme, Channel channel, SqlExecutor* store, HttpTransport* http,
                   SyncSettings sync);
    CaptureSession(const CaptureSession&) = delete;
    CaptureSession& operator=(const CaptureSession&) = delete;

    // Opens the store (one migration, shared by every service), lists the drafts and starts the
    // sync engine.
    void open();
    // Work done without drawing: the autosave's debounce and the outbox. Returns the seconds
    // until it is due again.
    double update(double now);

    const IdeaCard& card() const { return m_autosave ? m_autosave->card() : m_card_without_store; }
    IdeaCard& card() { return m_autosave ? m_autosave->card() : m_card_without_store; }
    // The person typed: the autosave saves soon.
    void edited(double now);

    // A new, empty card of this device in `language` (its UUID made now, never at sending).
    void start_new(const std::string& language);
    // Shows `example` (a preview), never stored: the autosave only saves after an edit.
    void show(IdeaCard example);
    // Loads the stored draft `id`; `done(true)` once card() holds it, `done(false)` when the
    // store could not (the shelf shows the store's error).
    void resume(const std::string& id, std::function<void(bool)> done);

    enum class SendResult { Invalid, Completing, Kept };
    // Completes the card: checked against the programme (Invalid: the wizard shows why), then
    // moved from drafts to the outbox in one transaction and handed to the sync engine. On
    // Completing, `done` says whether the store took it; if not, card() holds it again. Kept:
    // there is no store, the card stays in memory. `receipt` is the code made from the id.
    SendResult send(std::string& receipt, std::function<void(Status)> done);
    bool completing() const { return m_completing; }

    // The person leaves the card on a personal device: the draft stays, saved now.
    void keep_draft(double now);
    // The kiosk forgets the person: the stored draft and the card in memory go.
    void forget_card();
    // The last keystrokes may be inside the debounce window: save them now (hidden, quitting).
    void flush(double now);

    // What the screen should say about the store (none when drafts are kept durably).
    StoreNotice store_notice() const;
    bool store_durable() const { return m_executor && m_executor->durable(); }
    bool has_store() const { return m_executor != nullptr; }

    DraftShelf* shelf() { return m_shelf ? &*m_shelf : nullptr; }
    const DraftShelf* shelf() const { return m_shelf ? &*m_shelf : nullptr; }
    const DraftAutosave* autosave() const { return m_autosave ? &*m_autosave : nullptr; }
    SyncEngine* sync() { return m_sync.get(); }
    const SyncEngine* sync() const { return m_sync.get(); }
    const SqlExecutor* executor() const { return m_executor; }
    CardStore* store() { return m_store ? &*m_store : nullptr; }

private:
    IdeaCard fresh_card(const std::string& language) const;

    const ProgrammeConfig& m_programme;
    Channel m_channel;
    SqlExecutor* m_executor;
    std::optional<CardStore> m_store;
    std::optional<DraftShelf> m_shelf;
    std::optional<DraftAutosave> m_autosave;
    std::unique_ptr<SyncEngine> m_sync;
    IdeaCard m_card_without_store;
    bool m_completing = false;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);   // late store answers check it
};

} // namespace idekort
