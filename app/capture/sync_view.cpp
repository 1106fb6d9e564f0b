// Sending on screen (see sync_view.h).
#include "app/capture/sync_view.h"

#include "common/card_id.h"
#include "imgui.h"

#include <algorithm>
#include <memory>

namespace idekort::capture {

std::string_view sent_state_key(OutboxState state) {
    switch (state) {
    case OutboxState::Queued: return "sent.queued";
    case OutboxState::Sending: return "sent.sending";
    case OutboxState::Received: return "sent.received";
    case OutboxState::Conflict:
    case OutboxState::Failed: return "sent.attention";
    }
    return "sent.queued";
}


std::string readable_time(const std::string& utc) {
    if (utc.size() < 16) return utc;
    return utc.substr(8, 2) + "-" + utc.substr(5, 2) + "-" + utc.substr(0, 4) + " " + utc.substr(11, 5) + " UTC";
}

std::string sync_line_text(const SyncStatus& st, bool page_says_offline, const UiStrings& strings) {
    std::string line;
    if (st.connection == Connection::Online) line = strings("sync.online");
    // Offline is said once: by the page's own notice where there is one, else by this line.
    else if (st.connection == Connection::Offline && !page_says_offline) line = strings("sync.offline");
    const bool running = st.backlog_total > 1 && st.backlog_done < st.backlog_total && st.sending > 0;
    const int waiting = st.waiting + st.sending;
    std::string backlog;
    if (running) {
        backlog = strings("sync.progress", {{"done", std::to_string(st.backlog_done + 1)}, {"total", std::to_string(st.backlog_total)}});
    } else if (waiting > 0) {
        backlog = strings("sync.waiting_count", {{"count", std::to_string(waiting)}});
    }
    if (!backlog.empty()) line += (line.empty() ? "" : "  ·  ") + backlog;
    return line;
}

std::string_view card_reason_key(const CardSyncState& s) {
    // A received card has a reason only when its receipt code changed on the way (another card
    // had its code): the person is told to use the one shown, not the one on the thanks screen.
    if (s.phase == CardPhase::Received && s.reason_key != "sync.reason.new_receipt") return {};
    // "No connection" concerns every waiting card alike: the sync line or the page says it once.
    if (s.reason_key == "sync.reason.offline") return {};
    return s.reason_key;
}

bool draw_sync_line(const SyncEngine* sync, ScreenContext& ctx, bool page_says_offline) {
    if (!sync) return false;
    const SyncStatus st = sync->status();
    const float w = ctx.content_width;
    if (!st.configured) {
        help_text(ctx("sync.not_configured"), w);
        return false;
    }
    const std::string line = sync_line_text(st, page_says_offline, ctx.strings);
    if (!line.empty()) help_text(line, w);
    if (st.credential_rejected) problem_text(ctx("sync.reason.credential"), w);
    return st.waiting > 0 && big_button(ctx("sync.send_now"), std::min(w, 220 * ctx.ui_scale), ctx.ui_scale);
}

SentWords sent_words(const SentEntry& entry, const SyncEngine* sync, const ScreenContext& ctx) {
    SentWords words;
    words.receipt = entry.receipt;
    if (!sync) {
        words.state = ctx(sent_state_key(entry.state));
        words.attention = entry.state == OutboxState::Conflict || entry.state == OutboxState::Failed;
        return words;
    }
    // The shelf was read before the engine gave the card a new id: follow it.
    const std::string id = sync->current_id(entry.id);
    if (id != entry.id)
        if (auto uuid = parse_uuid(id)) words.receipt = receipt_code(uuid.value());
    const CardSyncState s = sync->card_state(id);
    switch (s.phase) {
    case CardPhase::SavedOnDevice:
    case CardPhase::Waiting: words.state = ctx("sent.queued"); break;
    case CardPhase::Sending: words.state = ctx("sent.sending"); break;
    case CardPhase::Received: words.state = ctx("sent.received"); break;
    case CardPhase::NeedsAttention:
        words.state = ctx("sent.attention");
        words.attention = true;
        break;
    }
    // A reason the app has words for (validation rules, sync reasons); never the server's English.
    const std::string_view reason = card_reason_key(s);
    if (!reason.empty() && ctx.strings.has(reason)) words.reason = ctx(reason);
    return words;
}

} // namespace idekort::capture
