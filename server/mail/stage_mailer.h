// StageMailer: sends the outbox's stage-change e-mails (issue 14). Each transition of a card
// whose author consented to contact and gave an address queues one mail in the transition's
// own transaction (server/store); this sends what is due, oldest first, through the SMTP relay,
// in the card's language (English for an English card, Danish otherwise) with words from the
// strings files (status.mail.*, status.stage.*, status.next.*) and the status page link.
// A mail the relay does not take waits and is tried again, the wait doubling from `backoff` up
// to an hour; a mail whose address was erased meanwhile is dropped, never sent.
//
// Exactly once: a row is marked sent right after the relay accepted it. Should the server die
// between the two, the mail goes again on restart with the same Message-ID, which a relay or
// mail client can recognise; there is no way to make SMTP itself transactional.
#pragma once

#include "server/api/status_words.h"
#include "server/mail/smtp_relay.h"
#include "server/store/storage.h"

#include <chrono>
#include <functional>
#include <string>

namespace idekort::server {

struct MailConfig {
    std::string relay_url;        // smtp://host:port; empty: stage-change mail is off
    std::string from = "idekort@localhost";
    std::string status_link;      // the status page for a receipt, with "{receipt}" in it
    std::chrono::seconds backoff{30};   // the first retry's wait
    bool on() const { return !relay_url.empty(); }
};

class StageMailer {
public:
    using Clock = std::function<std::int64_t()>;   // Unix milliseconds
    using Send = std::function<Status(const MailMessage&)>;

    // `send` defaults to the relay in `config`.
    StageMailer(MailConfig config, Storage& storage, const StatusWords& words, Clock clock, Send send = {});

    // Sends every mail due now; returns how many went.
    int deliver_due();

    // The mail for one outbox row (subject and text in the card's language).
    MailMessage compose(const OutboxMail& mail) const;

private:
    MailConfig m_config;
    Storage& m_storage;
    const StatusWords& m_words;
    Clock m_clock;
    Send m_send;
};

} // namespace idekort::server
