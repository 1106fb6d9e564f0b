// StatusWords: what the public status page (GET /api/v1/status/{receipt}) says about each stage
// of the pipeline, in Danish and English, read from the app's strings files (assets/strings/
// da.strings and en.strings, keys status.stage.<state> and status.next.<state>), so that the
// words live with every other user-facing text and are translated there, not in server code.
//
// The server never links app/core (common <- server), so it reads the files' simple format
// ("key = text", "#" comments, "\n" for a line break) itself, taking only the status keys. A
// missing key fails the start with the file and key named: a submitter must never see a gap.
// The same files give the provenance line a card promoted from a workshop carries (issue 16,
// status.provenance.*), in the card's language, so the office reads it in Danish, and the words
// of the workshop's printable summary (status.summary.*, workshop_summary.h).
#pragma once

#include "common/card_state.h"
#include "common/protocol/cards.h"
#include "common/status.h"

#include <map>
#include <string>

namespace idekort::server {

class StatusWords {
public:
    // Reads `<dir>/da.strings` and `<dir>/en.strings`.
    static Expected<StatusWords> load(const std::string& dir);

    // The stage and what happens next, with "{step}" filled in.
    protocol::BilingualText stage(CardState state, int step) const;
    protocol::BilingualText next(CardState state, int step) const;
    // The stage-change e-mail (issue 14; status.mail.subject and status.mail.body), with
    // {stage}, {next}, {link} and {receipt} for the mailer to fill.
    protocol::BilingualText mail_subject() const { return words("status.mail.subject", 0); }
    protocol::BilingualText mail_body() const { return words("status.mail.body", 0); }
    bool empty() const { return m_da.empty(); }
    // "Fra workshoppen "Mobilitet" (ABCD2345), klyngen "Cykler": 3 kort, 6 prikker." `cluster`
    // empty: one card promoted alone. In `language` ("en", else Danish).
    std::string provenance(std::string_view language, const std::string& workshop, const std::string& code,
                           const std::string& cluster, std::size_t cards, std::int64_t dots) const;
    // Any status.* text in `language` ("en", else Danish) with its {placeholders} filled in one
    // pass (a filled-in value that itself holds "{dots}" stays as written), and a count: the
    // key's "_one" form for 1 ("1 kort", "1 prik"), else the key with {n}.
    std::string phrase(std::string_view language, const std::string& key, const std::map<std::string, std::string>& values = {}) const;
    std::string count(std::string_view language, const std::string& key, std::int64_t n) const;

private:
    protocol::BilingualText words(const std::string& key, int step) const;
    std::map<std::string, std::string> m_da, m_en;
};

} // namespace idekort::server
