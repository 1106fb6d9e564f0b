// The error reply on the wire (see errors.h). Member order is the order servers have always
// written: error, field, rule, message, then problems or fields.
#include "common/protocol/errors.h"

#include "common/protocol/message.h"

namespace idekort::protocol {

void FieldIssue::write(json::Writer& w) const {
    w.begin_object().member("field", field).member("rule", rule).member("message", message).end_object();
}

FieldIssue FieldIssue::read(json::ObjectReader& r) {
    FieldIssue f;
    f.field = r.text("field");
    f.rule = r.text("rule");
    f.message = r.optional_text("message").value_or("");
    return f;
}

void ErrorReply::write(json::Writer& w) const {
    w.begin_object().member("error", error);
    if (!field.empty()) w.member("field", field);
    if (!rule.empty()) w.member("rule", rule);
    w.member("message", message);
    if (!problems.empty()) {
        w.key("problems").begin_array();
        for (const FieldIssue& p : problems) p.write(w);
        w.end_array();
    }
    if (!differences.empty()) {
        w.key("fields").begin_array();
        for (const std::string& f : differences) w.value(f);
        w.end_array();
    }
    w.end_object();
}

ErrorReply ErrorReply::read(json::ObjectReader& r) {
    ErrorReply e;
    e.error = r.text("error");
    e.field = r.optional_text("field").value_or("");
    e.rule = r.optional_text("rule").value_or("");
    e.message = r.optional_text("message").value_or("");
    e.problems = r.object_list<FieldIssue>("problems", [](json::ObjectReader& item) { return FieldIssue::read(item); });
    e.differences = r.text_list("fields");
    return e;
}

ErrorReply error_reply(std::string_view error, std::string_view message, std::string_view field, std::string_view rule) {
    ErrorReply e;
    e.error = std::string(error);
    e.message = std::string(message);
    e.field = std::string(field);
    e.rule = std::string(rule);
    return e;
}

std::string error_body(std::string_view error, std::string_view message, std::string_view field, std::string_view rule) {
    return to_json(error_reply(error, message, field, rule));
}

} // namespace idekort::protocol
