// to_json / from_json for every protocol message (protocol.h says how to add one). A message is
// a struct with `void write(json::Writer&) const` (the whole object) and
// `static T read(json::ObjectReader&)`; these two templates turn them into text and back.
#pragma once

#include "common/json_guard.h"
#include "common/json_reader.h"
#include "common/json_writer.h"
#include "common/status.h"

#include <string>
#include <string_view>

namespace idekort::protocol {

// Limits for a message read whole. Replies listing cards are the largest (the API's page of
// 1,000 cards); a client that reads only small envelopes passes tighter ones.
inline JsonLimits message_limits() {
    JsonLimits l;
    l.max_bytes = 64 * 1024 * 1024;
    l.max_depth = 8;
    return l;
}

template <class Message>
std::string to_json(const Message& message) {
    json::Writer w;
    message.write(w);
    return w.take();
}

// The message, or an Error whose `where` names the member ("problems[1].rule") or "body" when the
// text is not a JSON object within `limits`. Members the type does not have are ignored unless
// `unknown` is Refuse.
template <class Message>
Expected<Message> from_json(std::string_view text, const JsonLimits& limits = message_limits(),
                            json::Unknown unknown = json::Unknown::Tolerate) {
    json::ObjectReader reader(text, limits, unknown);
    Message message = Message::read(reader);
    if (auto s = reader.error(); !s) return s.error();
    return message;
}

} // namespace idekort::protocol

namespace idekort::protocol {

// A request body: as from_json, but an empty body reads as {} (a POST with nothing to say).
template <class Message>
Expected<Message> from_request_body(std::string_view body, const JsonLimits& limits) {
    json::ObjectReader reader(body, limits, json::Unknown::Tolerate, true);
    Message message = Message::read(reader);
    if (auto s = reader.error(); !s) return s.error();
    return message;
}

// Whether a from_json error is about the document as a whole (not JSON, not an object, too
// deep) rather than one member: the server answers the first 400 and the second 422.
inline bool is_document_error(const Error& e) { return e.where == "body" || e.where.rfind("byte ", 0) == 0; }

} // namespace idekort::protocol
