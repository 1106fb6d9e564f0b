// SyncEngine (see sync_engine.h).
#include "app/core/sync_engine.h"

#include "app/core/sync_protocol.h"
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/clock.h"
#include "common/json_writer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace idekort {

namespace {

// Where a kiosk's enrollment is kept (CardStore's device_settings).
constexpr const char* setting_server_url = "sync.server_url";
constexpr const char* setting_device_token = "sync.device_token";
constexpr const char* setting_device_id = "sync.device_id";

// The error code an outbox row keeps after it was given a new id, so the start screen can say
// that its receipt code changed.
constexpr const char* note_new_receipt = "receipt_taken";

// A wait this close to its end is over: timers wake a little early, and waking again for the
// last microseconds would only spin.
constexpr double due_slack = 0.001;

// Bodies are read from the store a batch at a time, ahead of sending.
constexpr std::size_t body_batch = 64;

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
    return out;
}

// The strings key for why a waiting card has not arrived yet.
std::string waiting_reason(const std::string& code) {
    if (code.empty()) return {};
    if (code == "network" || code == "not_our_server") return "sync.reason.offline";
    if (code == "rate_limited") return "sync.reason.busy";
    return "sync.reason.server_error";
}

} // namespace

SyncClock SyncClock::system() {
    return {[] {
                return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
            },
            [](double from_now) {
                return utc_timestamp(std::chrono::system_clock::now() +
                                     std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                         std::chrono::duration<double>(from_now)));
            }};
}

std::string_view to_string(CardPhase phase) {
    switch (phase) {
    case CardPhase::SavedOnDevice: return "saved_on_device";
    case CardPhase::Waiting: return "waiting";
    case CardPhase::Sending: return "sending";
    case CardPhase::Received: return "received";
    case CardPhase::NeedsAttention: return "needs_attention";
    }
    return "saved_on_device";
}

std::string to_json(const SyncStatus& s) {
    const char* connection = s.connection == Connection::Online ? "online" : s.connection == Connection::Offline ? "offline" : "unknown";
    json::Writer w;
    w.begin_object().member("configured", s.configured).member("loaded", s.loaded).member("connection", connection)
        .member("credential_rejected", s.credential_rejected).member("credential_error", s.credential_error)
        .member("credential_kind", s.credential_kind == CredentialKind::DeviceToken ? "device_token" : "submission_key")
        .member("waiting", s.waiting).member("sending", s.sending).member("needs_attention", s.needs_attention)
        .member("received", s.received).member("backlog_done", s.backlog_done).member("backlog_total", s.backlog_total)
        .member("last_success_at", s.last_success_at).member("last_error", s.last_error)
        .member("last_error_code", s.last_error_code).key("next_attempt_in_seconds");
    // Six decimals, as std::to_string wrote them before; infinity (nothing due) is null.
    if (std::isinf(s.next_attempt_in_seconds)) w.null();
    else w.fixed(s.next_attempt_in_seconds, 6);
    w.member("store_error", s.store_error).member("forgotten", s.forgotten).member("revision", s.revision).end_object();
    return w.take();
}

std::string to_json(const CardSyncState& c) {
    json::Writer w;
    w.begin_object().member("phase", to_string(c.phase)).member("receipt", c.receipt).member("received_at", c.received_at)
        .member("reason_key", c.reason_key).member("code", c.code).member("field", c.field).member("rule", c.rule)
        .member("message", c.message).member("attempts", c.attempts).end_object();
    return w.take();
}

SyncEngine::SyncEngine(CardStore& store, HttpTransport& transport, SyncClock clock)
    : m_store(store), m_transport(transport), m_clock(std::move(clock)), m_random(std::random_device{}()) {}

SyncEngine::~SyncEngine() = default;

// Wraps a callback so it does nothing once the engine is gone (a store or transport answer
// delivered during shutdown).
template <class F>
auto SyncEngine::guarded(F f) {
    return [alive = std::weak_ptr<int>(m_alive), f = std::move(f)](auto&&... args) mutable {
        if (alive.lock()) f(std::forward<decltype(args)>(args)...);
    };
}

double SyncEngine::jitter() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_random); }

void SyncEngine::configure(SyncSettings settings) {
    const bool new_credential = !settings.credential.empty() && settings.credential != m_settings.credential;
    if (settings.server_url.empty()) settings.server_url = m_settings.server_url;
    if (settings.credential.empty()) {
        settings.credential = m_settings.credential;
        settings.credential_kind = m_settings.credential_kind;
    }
    if (settings.random_seed != 0) m_random.seed(settings.random_seed);
    settings.max_parallel = std::max(1, settings.max_parallel);
    m_settings = std::move(settings);
    if (new_credential) {
        m_credential_error.clear();
        retry_all_now();
    }
    if (m_loaded) pump();
}

void SyncEngine::start() {
    if (m_started) return;
    m_started = true;
    m_store.open(guarded([this](Status opened) {
        if (!opened) {
            m_store_error = opened.error().describe();
            return;
        }
        m_opened = true;
        // A kiosk's enrollment, unless the launch configuration said otherwise.
        m_store.load_setting(setting_server_url, guarded([this](Expected<std::string> url) {
            if (url && m_settings.server_url.empty()) m_settings.server_url = url.value();
        }));
        m_store.load_setting(setting_device_token, guarded([this](Expected<std::string> token) {
            if (token && !token.value().empty() && m_settings.credential.empty()) {
                m_settings.credential = token.value();
                m_settings.credential_kind = CredentialKind::DeviceToken;
            }
        }));
        read_outbox();
    }));
}

void SyncEngine::read_outbox() {
    if (!m_opened) return;
    if (m_reading) {
        m_read_again = true;
        return;
    }
    m_reading = true;
    m_store.list_outbox_rows(guarded([this](Expected<std::vector<OutboxRow>> rows) {
        m_reading = false;
        m_next_rescan = now() + m_settings.rescan_interval_seconds;
        if (!rows) m_store_error = rows.error().describe();
        else merge_rows(std::move(rows).value());
        m_loaded = true;
        if (m_read_again) {
            m_read_again = false;
            read_outbox();
        }
        forget_sent(); // at start and every rescan: what has been kept long enough
        pump();
    }));
}

void SyncEngine::merge_rows(std::vector<OutboxRow> rows) {
    const double t = now();
    ++m_revision;
    for (auto& row : rows) {
        if (m_cards.count(row.id)) continue; // ours already: memory is newer than the store
        Card& card = m_cards[row.id];
        card.order = m_next_order++;
        // A row saved while "sending" (none today; a future build might) is simply waiting.
        const OutboxState state = row.state == OutboxState::Sending ? OutboxState::Queued : row.state;
        card.row = std::move(row);
        card.row.state = state;
        ++m_count[state];
        // After a restart everything waiting is tried at once: the app starting is as good a
        // sign as any that conditions changed.
        if (state == OutboxState::Queued) enqueue(card, t);
    }
}

void SyncEngine::set_state(Card& card, OutboxState state) {
    ++m_revision;
    --m_count[card.row.state];
    ++m_count[state];
    card.row.state = state;
}

void SyncEngine::enqueue(Card& card, double due) {
    dequeue(card);
    card.due = due;
    m_queue.emplace(QueueKey{due, card.order}, card.row.id);
    if (!card.counted_in_backlog) {
        card.counted_in_backlog = true;
        ++m_backlog_total;
    }
}

void SyncEngine::dequeue(Card& card) {
    const auto it = m_queue.find(QueueKey{card.due, card.order});
    if (it != m_queue.end() && it->second == card.row.id) m_queue.erase(it);
}

void SyncEngine::leave_backlog(Card& card) {
    if (!card.counted_in_backlog) return;
    card.counted_in_backlog = false;
    ++m_backlog_done;
}

bool SyncEngine::ready_to_send() const {
    return m_loaded && !m_settings.server_url.empty() && !m_settings.credential.empty() && m_credential_error.empty() &&
           sync::check_server_url(m_settings.server_url, m_settings.allow_plain_http).ok();
}

void SyncEngine::tick() {
    if (!m_loaded) return;
    if (now() >= m_next_rescan) read_outbox();
    pump();
}

void SyncEngine::pump() {
    if (!m_loaded) return;
    const double t = now() + due_slack;
    if (ready_to_send()) {
        // After a failure, one card at a time until one gets through.
        const int limit = m_consecutive_failures > 0 ? 1 : m_settings.max_parallel;
        if (t >= m_gate_until && t >= m_rate_limited_until) {
            while (m_in_flight < limit && !m_queue.empty() && m_queue.begin()->first.first <= t) {
                Card& card = m_cards.at(m_queue.begin()->second);
                if (card.body.empty()) break; // read from the store first (below)
                send(card);
            }
        }
        // Read the bodies of the next cards before they are needed.
        std::size_t looked = 0;
        for (auto it = m_queue.begin(); it != m_queue.end() && looked < 2 * static_cast<std::size_t>(limit); ++it, ++looked)
            if (m_cards.at(it->second).body.empty()) {
                load_bodies();
                break;
            }
        if (m_connection == Connection::Offline && !m_probing && m_in_flight == 0 && t >= m_next_probe &&
            !m_queue.empty() && std::max(m_gate_until, m_queue.begin()->first.first) > t)
            probe();
    }
    if (m_queue.empty() && m_in_flight == 0) m_backlog_done = m_backlog_total = 0;
    flush();
}

void SyncEngine::load_bodies() {
    if (m_bodies_loading) return;
    std::vector<std::string> ids;
    for (const auto& [key, id] : m_queue) {
        const Card& card = m_cards.at(id);
        if (card.body.empty()) ids.push_back(id);
        if (ids.size() >= body_batch) break;
    }
    if (ids.empty()) return;
    m_bodies_loading = true;
    m_store.load_outbox_bodies(ids, guarded([this, ids](Expected<std::vector<std::pair<std::string, std::string>>> bodies) {
        m_bodies_loading = false;
        if (!bodies) {
            m_store_error = bodies.error().describe();
            return;
        }
        std::set<std::string> found;
        for (auto& [id, json] : bodies.value()) {
            const auto it = m_cards.find(id);
            if (it == m_cards.end()) continue;
            it->second.body = std::move(json);
            found.insert(id);
        }
        // A row gone from the store (removed by hand) is no longer ours to send.
        for (const auto& id : ids) {
            const auto it = m_cards.find(id);
            if (found.count(id) || it == m_cards.end() || it->second.in_flight) continue;
            dequeue(it->second);
            leave_backlog(it->second);
            --m_count[it->second.row.state];
            m_cards.erase(it);
        }
        pump();
    }));
}

void SyncEngine::send(Card& card) {
    dequeue(card);
    card.in_flight = true;
    ++m_in_flight;
    ++card.row.attempts;
    card.row.last_attempt_at = m_clock.utc(0);
    const std::uint64_t epoch = m_failure_epoch;
    m_transport.send(sync::card_request(m_settings.server_url, card.row.id, card.body, m_settings.credential,
                                        m_settings.request_timeout_seconds),
                     guarded([this, id = card.row.id, epoch](HttpResponse response) { on_answer(id, epoch, response); }));
}

void SyncEngine::on_answer(const std::string& id, std::uint64_t epoch, const HttpResponse& response) {
    --m_in_flight;
    const auto it = m_cards.find(id);
    if (it == m_cards.end()) return pump();
    Card& card = it->second;
    card.in_flight = false;
    const sync::Outcome outcome = sync::classify_card_response(response, id);
    m_connection = sync::from_our_server(response) ? Connection::Online : Connection::Offline;
    ++m_revision; // attempts, the reason, the connection: something shown has changed
    OutboxRow& row = card.row;
    const auto settle = [&](OutboxState state) {
        set_state(card, state);
        row.next_attempt_at.clear();
        row.error_code = outcome.code;
        row.last_error = outcome.message;
        row.error_field.clear();
        row.error_rule.clear();
        std::string().swap(card.body);
        leave_backlog(card);
        mark_dirty(card);
        m_consecutive_failures = 0; // the server answered properly: the way is clear
        m_gate_until = 0;
    };
    switch (outcome.kind) {
    case sync::OutcomeKind::Received: {
        const bool renamed = row.error_code == note_new_receipt;
        settle(OutboxState::Received);
        row.receipt = outcome.receipt;
        row.received_at = outcome.received_at;
        if (renamed) row.error_code = note_new_receipt;   // "your receipt code changed"
        else row.error_code.clear();
        if (m_settings.keep_sent_days <= 0) m_forget_wanted = true;   // once the receipt is saved
        m_last_success_at = m_clock.utc(0);
        break;
    }
    case sync::OutcomeKind::ReceiptTaken:
        give_new_id(card);
        break;
    case sync::OutcomeKind::Conflict:
        settle(OutboxState::Conflict);
        row.error_field = join(outcome.fields);
        m_last_error = "conflict: " + outcome.message;
        m_last_error_code = outcome.code;
        break;
    case sync::OutcomeKind::Rejected:
        settle(OutboxState::Failed);
        row.error_field = outcome.field;
        row.error_rule = outcome.rule;
        m_last_error = outcome.code + (outcome.field.empty() ? "" : " (" + outcome.field + ")") + ": " + outcome.message;
        m_last_error_code = outcome.code;
        break;
    case sync::OutcomeKind::CredentialRejected:
        // Not the card's fault: it waits, uncounted, for a new credential.
        --row.attempts;
        m_credential_error = outcome.code;
        m_last_error = outcome.code + ": " + outcome.message;
        m_last_error_code = outcome.code;
        enqueue(card, now());
        break;
    case sync::OutcomeKind::Transient:
        note_transient(card, outcome.code, outcome.message, outcome.retry_after_seconds, epoch);
        break;
    }
    pump();
}

void SyncEngine::give_new_id(Card& card) {
    // Another card on the server has this card's receipt code (40 bits of the id: by chance, or
    // forced by someone who saw the receipt). Sending the same id again can never succeed, and
    // nothing is wrong with the card: it gets a new id, so a new receipt, and goes again.
    auto parsed = card_from_json(card.body);
    if (!parsed) { // our own stored JSON; unreadable only if the store was damaged
        set_state(card, OutboxState::Failed);
        card.row.error_code = note_new_receipt;
        card.row.last_error = "the card needs a new id but its stored JSON cannot be read: " + parsed.error().describe();
        leave_backlog(card);
        mark_dirty(card);
        return;
    }
    IdeaCard renamed = std::move(parsed).value();
    const std::string old_id = card.row.id;
    renamed.id = to_string(new_uuid());
    std::string json = card_to_json(renamed);
    ++m_renaming;
    m_store.give_outbox_card_new_id(
        old_id, renamed.id, json, note_new_receipt,
        guarded([this, old_id, new_id = renamed.id, json](Status saved) {
            --m_renaming;
            const auto it = m_cards.find(old_id);
            if (it == m_cards.end()) return pump();
            if (!saved) {
                // Not renamed: the card waits under its old id, and the next answer asks again.
                m_store_error = saved.error().describe();
                note_transient(it->second, "store", m_store_error, -1, m_failure_epoch);
                return pump();
            }
            Card moved = std::move(it->second);
            m_cards.erase(it);
            m_dirty.erase(old_id);
            moved.row.id = new_id;
            moved.row.receipt.clear();
            moved.row.received_at.clear();
            moved.row.next_attempt_at.clear();
            moved.row.error_code = note_new_receipt;
            moved.row.error_field.clear();
            moved.row.error_rule.clear();
            moved.row.last_error.clear();
            moved.body = json;
            Card& card_now = m_cards[new_id] = std::move(moved);
            m_renamed[old_id] = new_id;
            ++m_revision;
            enqueue(card_now, now());
            pump();
        }));
}

void SyncEngine::note_transient(Card& card, const std::string& code, const std::string& message, double retry_after,
                                std::uint64_t epoch) {
    const double t = now();
    const auto& s = m_settings;
    // One failure of the link counts once for the queue, however many exchanges were running.
    if (epoch == m_failure_epoch) {
        ++m_consecutive_failures;
        ++m_failure_epoch;
        m_gate_until = t + sync::full_jitter_delay(m_consecutive_failures, s.backoff_base_seconds, s.backoff_cap_seconds, jitter());
    }
    double due = t + sync::full_jitter_delay(static_cast<int>(std::min<std::int64_t>(card.row.attempts, 60)),
                                             s.backoff_base_seconds, s.backoff_cap_seconds, jitter());
    if (retry_after >= 0) {
        m_rate_limited_until = std::max(m_rate_limited_until, t + retry_after);
        due = std::max(due, t + retry_after);
    }
    card.row.error_code = code;
    card.row.last_error = message.empty() ? code : message;
    card.row.next_attempt_at = m_clock.utc(due - t);
    enqueue(card, due);
    mark_dirty(card);
    m_last_error = card.row.last_error;
    m_last_error_code = code;
    if (m_connection == Connection::Offline && m_next_probe <= t)
        m_next_probe = t + s.probe_interval_seconds * (0.5 + jitter());
}

void SyncEngine::probe() {
    m_probing = true;
    m_transport.send(sync::health_request(m_settings.server_url, std::min(10.0, m_settings.request_timeout_seconds)),
                     guarded([this](HttpResponse response) {
                         m_probing = false;
                         ++m_revision;
                         if (sync::from_our_server(response) && response.status == 200) {
                             m_connection = Connection::Online;
                             retry_all_now();
                         } else {
                             m_connection = Connection::Offline;
                             m_next_probe = now() + m_settings.probe_interval_seconds * (0.5 + jitter());
                         }
                         pump();
                     }));
}

void SyncEngine::retry_all_now() {
    const double t = now();
    m_gate_until = 0;
    m_next_probe = 0;
    std::vector<std::string> waiting;
    for (const auto& [key, id] : m_queue) waiting.push_back(id);
    for (const auto& id : waiting) enqueue(m_cards.at(id), t);
}

void SyncEngine::send_now() {
    retry_all_now();
    read_outbox(); // a card completed a moment ago is included
    pump();
}

void SyncEngine::network_changed(bool online) {
    ++m_revision;
    if (!online) {
        m_connection = Connection::Offline;
        return;
    }
    retry_all_now();
    pump();
}

void SyncEngine::outbox_changed() { read_outbox(); }

void SyncEngine::retry(const std::string& card_id) {
    const auto it = m_cards.find(card_id);
    if (it == m_cards.end()) return;
    Card& card = it->second;
    if (card.row.state != OutboxState::Conflict && card.row.state != OutboxState::Failed) return;
    set_state(card, OutboxState::Queued);
    enqueue(card, now());
    mark_dirty(card);
    pump();
}

void SyncEngine::enroll(const std::string& server_url, const std::string& code, const std::string& device_name,
                        std::function<void(Status)> done) {
    // The code and the token it buys must not cross a network in the clear.
    if (auto allowed = sync::check_server_url(server_url, m_settings.allow_plain_http); !allowed) return done(allowed.error());
    m_transport.send(
        sync::enroll_request(server_url, code, device_name, m_settings.request_timeout_seconds),
        guarded([this, server_url, done](HttpResponse response) {
            auto enrolled = sync::parse_enroll_response(response);
            if (!enrolled) return done(enrolled.error());
            const sync::Enrollment e = std::move(enrolled).value();
            m_store.save_settings({{setting_server_url, server_url}, {setting_device_token, e.token}, {setting_device_id, e.device_id}},
                                  guarded([this, server_url, e, done](Status saved) {
                                      if (!saved) return done(Error{saved.error().describe(), "store"});
                                      SyncSettings s = m_settings;
                                      s.server_url = server_url;
                                      s.credential = e.token;
                                      s.credential_kind = CredentialKind::DeviceToken;
                                      configure(std::move(s));
                                      done({});
                                  }));
        }));
}

void SyncEngine::mark_dirty(const Card& card) { m_dirty.insert(card.row.id); }

void SyncEngine::flush() {
    if (m_saving || m_dirty.empty() || !m_opened) return;
    std::vector<OutboxRow> rows;
    for (const auto& id : m_dirty)
        if (const auto it = m_cards.find(id); it != m_cards.end()) rows.push_back(it->second.row);
    auto ids = std::move(m_dirty);
    m_dirty.clear();
    m_saving = true;
    m_store.save_outbox_rows(rows, guarded([this, ids = std::move(ids)](Status saved) {
        m_saving = false;
        if (!saved) {
            // Kept for the next try; a card whose receipt is not saved is at worst sent again,
            // and the server answers that with the same receipt.
            m_store_error = saved.error().describe();
            m_dirty.insert(ids.begin(), ids.end());
            return;
        }
        m_store_error.clear();
        if (m_forget_wanted && m_dirty.empty()) forget_sent();
        flush();
    }));
}

void SyncEngine::forget_sent() {
    if (!m_opened) return;
    if (m_forgetting) {
        m_forget_wanted = true;
        return;
    }
    m_forget_wanted = false;
    m_forgetting = true;
    // Received-at times are the server's RFC 3339 UTC, which sort as text; "9" sorts after all.
    const double days = m_settings.keep_sent_days;
    const std::string before = days <= 0 ? std::string("9") : m_clock.utc(-days * 24 * 60 * 60);
    m_store.forget_received_cards(before, guarded([this](Expected<std::int64_t> forgotten) {
        const auto finished = [this] {
            m_forgetting = false;
            if (m_forget_wanted) forget_sent();
        };
        if (!forgotten) {
            m_store_error = forgotten.error().describe();
            return finished();
        }
        if (forgotten.value() == 0) return finished();
        // The emptied JSON must not stay readable in the log or in free pages.
        m_store.scrub(guarded([this, finished, n = forgotten.value()](Status scrubbed) {
            if (!scrubbed) m_store_error = scrubbed.error().describe();
            else m_forgotten += n;
            ++m_revision;
            finished();
        }));
    }));
}

double SyncEngine::seconds_until_due() const {
    constexpr double never = std::numeric_limits<double>::infinity();
    if (!m_loaded) return never;
    const double t = now();
    double due = m_reading ? never : m_next_rescan;
    if (ready_to_send()) {
        const int limit = m_consecutive_failures > 0 ? 1 : m_settings.max_parallel;
        if (!m_queue.empty() && m_in_flight < limit && !m_bodies_loading)
            due = std::min(due, std::max({m_queue.begin()->first.first, m_gate_until, m_rate_limited_until}));
        if (m_connection == Connection::Offline && !m_probing && m_in_flight == 0 && !m_queue.empty())
            due = std::min(due, m_next_probe);
    }
    return std::max(0.0, due - t);
}

std::string SyncEngine::server_url() const {
    if (m_settings.server_url.empty() || !sync::check_server_url(m_settings.server_url, m_settings.allow_plain_http)) return {};
    return m_settings.server_url;
}

SyncStatus SyncEngine::status() const {
    SyncStatus s;
    s.configured = !m_settings.server_url.empty() && !m_settings.credential.empty();
    s.loaded = m_loaded;
    s.connection = m_connection;
    s.credential_rejected = !m_credential_error.empty();
    s.credential_error = m_credential_error;
    s.credential_kind = m_settings.credential_kind;
    const auto count = [&](OutboxState state) {
        const auto it = m_count.find(state);
        return it == m_count.end() ? 0 : it->second;
    };
    s.sending = m_in_flight;
    s.waiting = static_cast<int>(m_queue.size());
    s.needs_attention = count(OutboxState::Conflict) + count(OutboxState::Failed);
    s.received = count(OutboxState::Received);
    s.backlog_done = m_backlog_done;
    s.backlog_total = m_backlog_total;
    s.last_success_at = m_last_success_at;
    s.last_error = m_last_error;
    s.last_error_code = m_last_error_code;
    if (auto allowed = sync::check_server_url(m_settings.server_url, m_settings.allow_plain_http);
        !m_settings.server_url.empty() && !allowed) {
        s.last_error = allowed.error().describe();
        s.last_error_code = "insecure_url";
    }
    s.next_attempt_in_seconds = m_queue.empty() ? std::numeric_limits<double>::infinity()
                                                : std::max({0.0, m_queue.begin()->first.first - now(), m_gate_until - now(),
                                                            m_rate_limited_until - now()});
    s.store_error = m_store_error;
    s.forgotten = m_forgotten;
    s.revision = m_revision;
    return s;
}

std::string SyncEngine::current_id(const std::string& card_id) const {
    std::string id = card_id;
    for (auto it = m_renamed.find(id); it != m_renamed.end(); it = m_renamed.find(id)) id = it->second;
    return id;
}

CardSyncState SyncEngine::card_state(const std::string& card_id) const {
    CardSyncState c;
    const auto it = m_cards.find(card_id);
    if (it == m_cards.end()) return c;
    const Card& card = it->second;
    const OutboxRow& row = card.row;
    c.attempts = row.attempts;
    c.code = row.error_code;
    c.field = row.error_field;
    c.rule = row.error_rule;
    c.message = row.last_error;
    switch (row.state) {
    case OutboxState::Received:
        c.phase = CardPhase::Received;
        c.receipt = row.receipt;
        c.received_at = row.received_at;
        if (row.error_code == note_new_receipt) c.reason_key = "sync.reason.new_receipt";
        break;
    case OutboxState::Conflict:
        c.phase = CardPhase::NeedsAttention;
        c.reason_key = "sync.reason.conflict";
        break;
    case OutboxState::Failed:
        c.phase = CardPhase::NeedsAttention;
        c.reason_key = !row.error_rule.empty() ? "validation." + row.error_rule
                       : row.error_code == "body_too_large" ? "sync.reason.too_large"
                                                            : "sync.reason.rejected";
        break;
    case OutboxState::Queued:
    case OutboxState::Sending:
        c.phase = card.in_flight ? CardPhase::Sending : CardPhase::Waiting;
        c.reason_key = !m_credential_error.empty() ? "sync.reason.credential" : waiting_reason(row.error_code);
        break;
    }
    return c;
}

bool SyncEngine::settled() const {
    return m_loaded && m_queue.empty() && m_in_flight == 0 && !m_saving && m_dirty.empty() && !m_reading &&
           !m_bodies_loading && m_renaming == 0 && !m_forgetting && !m_forget_wanted;
}

} // namespace idekort
