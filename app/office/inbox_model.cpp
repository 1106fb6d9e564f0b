// InboxModel (see inbox_model.h).
#include "app/office/inbox_model.h"

#include "common/card_json.h"
#include "common/rfc3339.h"

#include <algorithm>

namespace idekort::office {

std::string lower_case_utf8(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + 32);
        // Latin-1 capitals À..Þ (except ×) are U+00C0..U+00DE: C3 80..C3 9E; their small
        // letters are 0x20 further on.
        else if (c == 0xC3 && i + 1 < out.size()) {
            const unsigned char d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
            ++i;
        }
    }
    return out;
}

void InboxModel::set_cards(std::vector<protocol::StoredCardEntry> cards, std::int64_t now_ms) {
    m_rows.clear();
    m_rows.reserve(cards.size());
    for (auto& entry : cards) {
        InboxRow row;
        if (auto card = card_from_json(entry.card_json)) row.card = std::move(card).value();
        row.card.id = entry.card_id;
        if (!row.card.departments.empty()) row.department = row.card.departments.front();
        row.received_ms = parse_utc_ms(entry.received_at).value_or(now_ms);
        row.days_waiting = static_cast<int>(std::max<std::int64_t>(0, now_ms - row.received_ms) / 86400000);
        row.haystack = lower_case_utf8(row.card.title + "\n" + row.card.challenge + "\n" + row.card.idea + "\n" +
                                       row.card.target_group + "\n" + entry.receipt);
        row.title_key = lower_case_utf8(row.card.title);
        row.entry = std::move(entry);
        m_rows.push_back(std::move(row));
    }
    m_index.clear();
    for (std::size_t i = 0; i < m_rows.size(); ++i) m_index[m_rows[i].entry.card_id] = static_cast<int>(i);
    rebuild();
}

void InboxModel::update_card(const std::string& card_id, CardState state, const std::string& theme) {
    const auto it = m_index.find(card_id);
    if (it == m_index.end()) return;
    InboxRow& row = m_rows[static_cast<std::size_t>(it->second)];
    if (row.entry.state == state && row.entry.theme == theme) return;
    row.entry.state = state;
    row.entry.theme = theme;
    rebuild();
}

void InboxModel::set_filter(const InboxFilter& filter) {
    if (filter == m_filter) return;
    InboxFilter others = filter;
    others.query = m_filter.query;
    const bool text_only = others == m_filter;
    m_filter = filter;
    if (!text_only) return rebuild();
    const std::string query = lower_case_utf8(m_filter.query);
    // "cyk" -> "cykl": every card with "cykl" has "cyk", so the current view holds them all.
    apply_query(!m_query.empty() && query.find(m_query) != std::string::npos);
}

void InboxModel::set_sort(InboxColumn column, bool ascending) {
    if (column == m_column && ascending == m_ascending) return;
    m_column = column;
    m_ascending = ascending;
    rebuild();
}

const InboxRow* InboxModel::find(const std::string& card_id) const {
    const auto it = m_index.find(card_id);
    return it == m_index.end() ? nullptr : &m_rows[static_cast<std::size_t>(it->second)];
}

int InboxModel::position(const std::string& card_id) const {
    const auto it = m_index.find(card_id);
    if (it == m_index.end()) return -1;
    const auto at = std::find(m_view.begin(), m_view.end(), it->second);
    return at == m_view.end() ? -1 : static_cast<int>(at - m_view.begin());
}

bool InboxModel::waiting_too_long(const InboxRow& row) {
    // Only cards the office still has to act on: received or given a theme but not passed on.
    return row.days_waiting >= waiting_too_long_days &&
           (row.entry.state == CardState::Received || row.entry.state == CardState::Triaged);
}

void InboxModel::rebuild() {
    m_base.clear();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const InboxRow& row = m_rows[i];
        if (!m_filter.theme.empty() && (m_filter.theme == "-" ? !row.entry.theme.empty() : row.entry.theme != m_filter.theme)) continue;
        if (m_filter.state && row.entry.state != *m_filter.state) continue;
        if (!m_filter.department.empty() &&
            std::find(row.card.departments.begin(), row.card.departments.end(), m_filter.department) == row.card.departments.end())
            continue;
        if (row.days_waiting < m_filter.min_days) continue;
        m_base.push_back(static_cast<int>(i));
    }
    const auto key_less = [this](int a, int b) {
        const InboxRow& x = m_rows[static_cast<std::size_t>(a)];
        const InboxRow& y = m_rows[static_cast<std::size_t>(b)];
        switch (m_column) {
        case InboxColumn::Receipt: return x.entry.receipt < y.entry.receipt;
        case InboxColumn::Title: return x.title_key < y.title_key;
        case InboxColumn::Theme: return x.entry.theme < y.entry.theme;
        case InboxColumn::Department: return x.department < y.department;
        case InboxColumn::State: return static_cast<int>(x.entry.state) < static_cast<int>(y.entry.state);
        case InboxColumn::Days: return x.received_ms > y.received_ms;   // more days = earlier arrival
        }
        return false;
    };
    // Stable, with the arrival as the tie-break: the order never jumps between rebuilds.
    std::stable_sort(m_base.begin(), m_base.end(), [&](int a, int b) { return m_ascending ? key_less(a, b) : key_less(b, a); });
    apply_query(false);
}

void InboxModel::apply_query(bool narrowing) {
    m_query = lower_case_utf8(m_filter.query);
    if (m_query.empty()) {
        m_view = m_base;
        return;
    }
    // Narrowing filters the view in place; otherwise the sorted base is read again. Either way
    // the order is the base's, so nothing is sorted here.
    std::vector<int> source;
    if (narrowing) source.swap(m_view);
    const std::vector<int>& from = narrowing ? source : m_base;
    m_view.clear();
    for (const int i : from)
        if (m_rows[static_cast<std::size_t>(i)].haystack.find(m_query) != std::string::npos) m_view.push_back(i);
}

} // namespace idekort::office
