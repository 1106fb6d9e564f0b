// SmtpRelay: hands one e-mail to the deployment's SMTP relay with libcurl (issue 14, stage-change
// mail). The relay is a URL: smtp://host:port (STARTTLS when the relay offers it) or
// smtps://host:port, with user:password@ before the host when it needs a login. The message is
// plain UTF-8 text; the headers are made here, so no caller can put a header into the body.
#pragma once

#include "common/status.h"

#include <chrono>
#include <string>

namespace idekort::server {

struct MailMessage {
    std::string from;          // address only: "idekort@aarhus.dk"
    std::string to;            // address only
    std::string subject;       // UTF-8; encoded for the header here
    std::string body;          // UTF-8 text, lines separated by "\n"
    std::string message_id;    // without the angle brackets, unique per mail
};

// True for an address a header and the SMTP envelope can carry: one '@', no spaces, controls,
// angle brackets or commas.
bool is_plain_address(const std::string& address);

// The RFC 5322 message: headers (Subject as an RFC 2047 encoded word), a blank line, the body
// with CRLF line ends.
std::string mail_text(const MailMessage& mail, std::chrono::system_clock::time_point date);

// Sends `mail` through `relay_url`; an Error names what the relay or the network said.
Status send_through_relay(const std::string& relay_url, const MailMessage& mail, std::chrono::seconds timeout);

} // namespace idekort::server
