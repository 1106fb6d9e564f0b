// InboxModel: the triage inbox's rows without ImGui: each card read once (title, theme,
// department, state, days waiting, the text lower-cased for search), then filtered and sorted
// into a list of row indices that the table draws through ImGuiListClipper. The view is rebuilt
// only when the cards, a filter or the sort change, never per frame: 10,000 cards stay cheap.
// Typing in the search re-reads only the text (the sorted rest is kept), and a typed letter
// only narrows the view it already has.
#pragma once

#include "common/card_state.h"
#include "common/idea_card.h"
#include "common/protocol/cards.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace idekort::office {

struct InboxRow {
    protocol::StoredCardEntry entry;
    IdeaCard card;                 // the card's JSON, read (an unreadable one keeps its id only)
    std::string department;        // the first department id, or empty
    std::int64_t received_ms = 0;
    int days_waiting = 0;          // whole days since it arrived
    std::string haystack;          // title, challenge, idea, receipt: lower-cased, for search
    std::string title_key;         // the title lower-cased, for sorting by title
};

struct InboxFilter {
    std::string query;                    // words in the text (any case)
    std::string theme;                    // "" any; "-" none yet; else a theme id
    std::optional<CardState> state;
    std::string department;               // "" any
    int min_days = 0;                     // only cards waiting at least this long
    bool operator==(const InboxFilter& o) const {
        return query == o.query && theme == o.theme && state == o.state && department == o.department && min_days == o.min_days;
    }
    bool operator!=(const InboxFilter& o) const { return !(*this == o); }
};

enum class InboxColumn { Receipt, Title, Theme, Department, State, Days };

class InboxModel {
public:
    // Cards waiting at least this many days (and not yet passed on) stand out.
    static constexpr int waiting_too_long_days = 14;

    void set_cards(std::vector<protocol::StoredCardEntry> cards, std::int64_t now_ms);
    // Applies the server's answer to one card (its new state and theme) without reloading.
    void update_card(const std::string& card_id, CardState state, const std::string& theme);

    void set_filter(const InboxFilter& filter);
    void set_sort(InboxColumn column, bool ascending);
    const InboxFilter& filter() const { return m_filter; }

    const std::vector<InboxRow>& rows() const { return m_rows; }
    // Indices into rows(), filtered and sorted.
    const std::vector<int>& view() const { return m_view; }
    const InboxRow* find(const std::string& card_id) const;
    // The position of `card_id` in view(), or -1.
    int position(const std::string& card_id) const;
    static bool waiting_too_long(const InboxRow& row);

private:
    // The filters other than the text, and the sort: into m_base. Then the text, into m_view.
    void rebuild();
    // m_view from the text alone: a letter typed onto the query narrows the current view (no
    // scan of the other cards); any other change scans m_base, which is already sorted.
    void apply_query(bool narrowing);
    std::vector<InboxRow> m_rows;
    std::unordered_map<std::string, int> m_index;   // card id -> row: the table asks every frame
    std::vector<int> m_base;   // rows() after every filter but the text, sorted
    std::vector<int> m_view;
    std::string m_query;       // m_filter.query lower-cased, as m_view was filtered by it
    InboxFilter m_filter;
    InboxColumn m_column = InboxColumn::Days;
    bool m_ascending = false;   // the longest waiting first
};

std::string lower_case_utf8(std::string_view text);   // ASCII and Danish letters (Æ Ø Å, É)

} // namespace idekort::office
