// CaptureSession (see capture_session.h).
#include "app/core/capture_session.h"

#include "app/core/new_card.h"

#include "common/card_id.h"
#include "common/card_validation.h"
#include "common/clock.h"
#include "common/json_document.h"


#include <algorithm>
#include <limits>

namespace idekort {

SyncSettings sync_settings(const CaptureSettings& settings, std::string_view page_settings_json) {
    SyncSettings s;
    s.server_url = settings.server_url;
    s.credential = settings.submission_key;
    s.credential_kind = CredentialKind::SubmissionKey;
    // A shared kiosk forgets a card's idea and contact as soon as the office has it.
    s.keep_sent_days = settings.kiosk ? 0 : settings.keep_sent_days;
    s.allow_plain_http = settings.allow_plain_http;
    if (page_settings_json.empty()) return s;
    rapidjson::Document page;
    if (!parse_guarded_json(page_settings_json, JsonLimits{}, page) || !page.IsObject()) return s;
    const auto text = [&](const char* name) -> std::string {
        const auto it = page.FindMember(name);
        return it != page.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
    };
    if (s.server_url.empty()) s.server_url = text("server");
    if (s.credential.empty()) s.credential = text("key");
    return s;
}

std::string workshop_server_url(const CaptureSettings& settings, std::string_view page_settings_json) {
    // The browser: the page's own origin, where the join link led. Natively: --server.
    if (!page_settings_json.empty()) {
        rapidjson::Document page;
        if (parse_guarded_json(page_settings_json, JsonLimits{}, page) && page.IsObject()) {
            const auto it = page.FindMember("origin");
            if (it != page.MemberEnd() && it->value.IsString() && it->value.GetStringLength() > 0) return it->value.GetString();
        }
    }
    return settings.server_url;
}

CaptureSession::CaptureSession(const ProgrammeConfig& programme, Channel channel, SqlExecutor* store, HttpTransport* http,
                               SyncSettings sync)
    : m_programme(programme), m_channel(channel), m_executor(store) {
    if (!store) return;
    m_store.emplace(*store);
    m_shelf.emplace(*m_store, channel, "");
    m_autosave.emplace(*m_store);
    if (http) {
        m_sync = std::make_unique<SyncEngine>(*m_store, *http);
        m_sync->configure(std::move(sync));
    }
}

void CaptureSession::open() {
    if (m_shelf) m_shelf->open();
    if (m_sync) m_sync->start();
}

double CaptureSession::update(double now) {
    double due = std::numeric_limits<double>::infinity();
    if (m_autosave) due = std::min(due, m_autosave->tick(now));
    if (m_sync) {
        m_sync->tick();
        due = std::min(due, m_sync->seconds_until_due());
    }
    return due;
}

void CaptureSession::edited(double now) {
    if (m_autosave) m_autosave->edited(now);
}

IdeaCard CaptureSession::fresh_card(const std::string& language) const {
    if (m_shelf) return m_shelf->new_card(language);
    // Without a store there is no device id yet; the channel still says where it was written.
    CardOrigin origin;
    origin.channel = m_channel;
    return new_card(language, origin);
}

void CaptureSession::start_new(const std::string& language) {
    if (m_autosave) m_autosave->start_new(fresh_card(language));
    else m_card_without_store = fresh_card(language);
}

void CaptureSession::show(IdeaCard example) {
    if (m_autosave) m_autosave->start_new(std::move(example));
    else m_card_without_store = std::move(example);
}

void CaptureSession::resume(const std::string& id, std::function<void(bool)> done) {
    if (!m_shelf || !m_autosave) return done(false);
    std::weak_ptr<int> alive = m_alive;
    m_shelf->load(id, [this, alive, done = std::move(done)](Expected<IdeaCard> card, std::int64_t revision) {
        if (alive.expired()) return;
        if (!card) return done(false);
        m_autosave->resume(std::move(card).value(), revision);
        done(true);
    });
}

CaptureSession::SendResult CaptureSession::send(std::string& receipt, std::function<void(Status)> done) {
    IdeaCard card = sanitise_card(this->card());
    card.updated_at = utc_now();
    if (!validate_card(card, m_programme, CardCheck::Complete).empty()) return SendResult::Invalid;
    const auto uuid = parse_uuid(card.id);
    receipt = uuid ? receipt_code(uuid.value()) : std::string();
    if (!m_store) return SendResult::Kept;
    // Further typing must not recreate the draft that completing removes: the autosave moves on
    // to a blank card now, and gets this one back only if the store refuses it.
    const std::int64_t revision = m_autosave->revision();
    m_autosave->start_new(fresh_card(card.language));
    m_completing = true;
    std::weak_ptr<int> alive = m_alive;
    m_store->complete(card, utc_now(), [this, alive, card, revision, done = std::move(done)](Status s) {
        if (alive.expired()) return;
        m_completing = false;
        if (!s) {
            m_autosave->resume(card, revision + 1);
            return done(s);
        }
        if (m_shelf) m_shelf->reload();
        if (m_sync) m_sync->outbox_changed(); // send it now, not at the next rescan
        done({});
    });
    return SendResult::Completing;
}

void CaptureSession::keep_draft(double now) {
    if (m_autosave) m_autosave->flush(now);
    if (m_shelf) m_shelf->reload();   // queued after the save: the list shows the newest text
}

void CaptureSession::forget_card() {
    const std::string id = card().id;
    // The draft is deleted and then scrubbed from the files: the next person at the kiosk, or
    // whoever takes the device away, finds nothing of it in the database or its log.
    if (m_store && !id.empty()) {
        m_store->delete_draft(id, [](Status) {});
        m_store->scrub([](Status) {});
    }
    if (m_autosave) m_autosave->start_new(IdeaCard{});
    m_card_without_store = IdeaCard{};
}

void CaptureSession::flush(double now) {
    if (m_autosave) m_autosave->flush(now);
}

StoreNotice CaptureSession::store_notice() const {
    // Said plainly when drafts will not survive (private window, second tab, broken disk).
    if (m_shelf && !m_shelf->store_error().empty()) return StoreNotice::Failed;
    if (!m_executor) return StoreNotice::None;
    switch (m_executor->condition()) {
    case StoreCondition::Opening: return StoreNotice::Opening;
    case StoreCondition::Durable: return StoreNotice::None;
    case StoreCondition::MemoryOnly: return StoreNotice::MemoryOnly;
    case StoreCondition::HeldElsewhere: return StoreNotice::HeldElsewhere;
    }
    return StoreNotice::None;
}

} // namespace idekort
