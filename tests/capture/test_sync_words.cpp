// Issue 12, point 8: offline is said once. The web page shows its own offline notice, so there the
// sync line gives only the count of waiting cards; natively the sync line says it; no sent card
// repeats "no connection" as its reason. With the real Danish and English string files.
#include "ui_test_support.h"

#include "app/capture/sync_view.h"

using namespace idekort;

namespace {

UiStrings strings() { return UiStrings::load(test::built_assets()).value(); }

SyncStatus offline_with(int waiting) {
    SyncStatus st;
    st.configured = true;
    st.loaded = true;
    st.connection = Connection::Offline;
    st.waiting = waiting;
    return st;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("[sync words] natively the sync line says offline once, with the count") {
    const UiStrings s = strings();
    const std::string line = capture::sync_line_text(offline_with(2), false, s);
    CHECK(count(line, "Ingen forbindelse") == 1);
    CHECK(line.find("2") != std::string::npos);
}

TEST_CASE("[sync words] where the page shows its offline notice, the sync line gives only the count") {
    UiStrings s = strings();
    for (const char* language : {"da", "en"}) {
        s.set_language(language);
        const std::string line = capture::sync_line_text(offline_with(3), true, s);
        CHECK(line == s("sync.waiting_count", {{"count", "3"}}));
        CHECK(line.find(s("sync.offline")) == std::string::npos);
        CHECK(capture::sync_line_text(offline_with(0), true, s).empty());
    }
    // Online, the line still says so: the page has no "online" notice.
    SyncStatus online = offline_with(0);
    online.connection = Connection::Online;
    s.set_language("da");
    CHECK(capture::sync_line_text(online, true, s) == s("sync.online"));
}

TEST_CASE("[sync words] no sent card repeats the offline reason; other reasons stay") {
    CardSyncState waiting;
    waiting.phase = CardPhase::Waiting;
    waiting.reason_key = "sync.reason.offline";
    CHECK(capture::card_reason_key(waiting).empty());
    waiting.reason_key = "sync.reason.busy";
    CHECK(capture::card_reason_key(waiting) == "sync.reason.busy");
    CardSyncState refused;
    refused.phase = CardPhase::NeedsAttention;
    refused.reason_key = "validation.too_long";
    CHECK(capture::card_reason_key(refused) == "validation.too_long");
    CardSyncState received;
    received.phase = CardPhase::Received;
    received.reason_key = "sync.reason.offline"; // the last transient cause before it arrived
    CHECK(capture::card_reason_key(received).empty());
    received.reason_key = "sync.reason.new_receipt";
    CHECK(capture::card_reason_key(received) == "sync.reason.new_receipt");
}
