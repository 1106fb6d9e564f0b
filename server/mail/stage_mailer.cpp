// The outbox's sender (see stage_mailer.h).
#include "server/mail/stage_mailer.h"

#include "server/http/http_server.h"   // log_line

#include <algorithm>

namespace idekort::server {

namespace {
void fill(std::string& text, const std::string& name, const std::string& value) {
    for (std::size_t at = 0; (at = text.find(name, at)) != std::string::npos; at += value.size()) text.replace(at, name.size(), value);
}
} // namespace

StageMailer::StageMailer(MailConfig config, Storage& storage, const StatusWords& words, Clock clock, Send send)
    : m_config(std::move(config)), m_storage(storage), m_words(words), m_clock(std::move(clock)), m_send(std::move(send)) {
    if (!m_send)
        m_send = [relay = m_config.relay_url](const MailMessage& m) { return send_through_relay(relay, m, std::chrono::seconds(30)); };
}

MailMessage StageMailer::compose(const OutboxMail& mail) const {
    const bool english = mail.language == "en";
    const auto pick = [&](const protocol::BilingualText& t) { return english ? t.en : t.da; };
    MailMessage m;
    m.from = m_config.from;
    m.to = mail.email;
    m.message_id = mail.card_id + "." + std::to_string(mail.version) + "@idekort";
    std::string link = m_config.status_link;
    fill(link, "{receipt}", mail.receipt);
    m.subject = pick(m_words.mail_subject());
    m.body = pick(m_words.mail_body());
    for (std::string* text : {&m.subject, &m.body}) {
        fill(*text, "{stage}", pick(m_words.stage(mail.state, mail.step)));
        fill(*text, "{next}", pick(m_words.next(mail.state, mail.step)));
        fill(*text, "{link}", link);
        fill(*text, "{receipt}", mail.receipt);
    }
    return m;
}

int StageMailer::deliver_due() {
    auto due = m_storage.due_mail(m_clock(), 50);
    if (!due) {
        log_line("error", "mail outbox not read", {{"error", due.error().describe()}});
        return 0;
    }
    int sent = 0;
    for (const OutboxMail& mail : due.value()) {
        const std::int64_t now = m_clock();
        // Erased, or no longer a plain address: never sent, and said so in the outbox.
        if (mail.email.empty() || !is_plain_address(mail.email)) {
            m_storage.mail_done(mail.seq, now, mail.email.empty() ? "dropped: no address (erased)" : "dropped: not a plain address");
            log_line("info", "stage mail dropped", {{"outbox_seq", static_cast<long long>(mail.seq)}});
            continue;
        }
        auto status = m_send(compose(mail));
        if (status) {
            if (auto done = m_storage.mail_done(mail.seq, m_clock(), "sent"); !done)
                log_line("error", "stage mail sent but not marked", {{"error", done.error().describe()}});
            log_line("info", "stage mail sent", {{"outbox_seq", static_cast<long long>(mail.seq)}});
            ++sent;
            continue;
        }
        const long long wait_ms = std::min<long long>(60LL * 60 * 1000, m_config.backoff.count() * 1000LL << std::min(mail.attempts, 12));
        m_storage.mail_failed(mail.seq, now + wait_ms, status.error().describe());
        // No card id, address or receipt in the log (docs/ARCHITECTURE.md): the outbox row's number.
        log_line("warning", "stage mail not sent", {{"outbox_seq", static_cast<long long>(mail.seq)}, {"error", status.error().describe()},
                                                   {"retry_in_seconds", wait_ms / 1000}});
        break;   // the relay is down or refusing: the rest wait for the next round, in order
    }
    return sent;
}

} // namespace idekort::server
