// ErrorReply: every answer that is not a success, the same shape on every route (docs/API.md,
// "Errors"): a machine-readable code, English words for logs, and where it applies the field and
// the rule it broke, every problem of a refused card, or the fields a 409 conflict differs in.
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"

#include <string>
#include <string_view>
#include <vector>

namespace idekort::protocol {

// One broken rule of a card (422): field "contact.email", rule "invalid_email".
struct FieldIssue {
    std::string field;
    std::string rule;
    std::string message;

    void write(json::Writer& w) const;
    static FieldIssue read(json::ObjectReader& r);
    bool operator==(const FieldIssue& o) const { return field == o.field && rule == o.rule && message == o.message; }
};

struct ErrorReply {
    std::string error;                    // error_code::... (wire.h)
    std::string field;                    // the member or parameter at fault, may be empty
    std::string rule;                     // the rule it broke ("too_long"), may be empty
    std::string message;                  // English, for logs and administrators
    std::vector<FieldIssue> problems;     // a refused card: every problem (the first is field/rule)
    std::vector<std::string> differences; // a 409 conflict: the top-level card members that differ ("fields")

    void write(json::Writer& w) const;
    static ErrorReply read(json::ObjectReader& r);
    bool operator==(const ErrorReply& o) const {
        return error == o.error && field == o.field && rule == o.rule && message == o.message && problems == o.problems &&
               differences == o.differences;
    }
};

// The one way a server side makes an error reply: its code, English words and, where it applies,
// the field and the rule. The HTTP front, the API's routes, the workshop's answers and the
// WebSocket all call these, so the shape cannot drift between them.
ErrorReply error_reply(std::string_view error, std::string_view message, std::string_view field = {}, std::string_view rule = {});
// The same, as the JSON body of a reply.
std::string error_body(std::string_view error, std::string_view message, std::string_view field = {}, std::string_view rule = {});

} // namespace idekort::protocol
