// JSON guard (see json_guard.h).
#include "common/json_guard.h"

#include "common/json_archives.h"
#include "common/text.h"

// cereal's header comes first everywhere: it sets RapidJSON's configuration (assertions throw),
// and every file that includes RapidJSON must see the same configuration.
#include <cereal/archives/json.hpp>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace idekort {

namespace {

// SAX handler that tracks depth and checks each decoded string, then passes each event on to
// `Sink` (nothing for check_json, a Document for parse_guarded_json). RapidJSON 1.1.0 validates
// the raw bytes but decodes an escaped lone surrogate ("\udddd", found by the fuzzer) into bytes
// that are not UTF-8; so the decoded text is checked again here.
template <class Sink>
struct GuardHandler {
    Sink& sink;
    int max_depth = 0;
    int depth = 0;
    bool too_deep = false;
    bool bad_text = false;

    bool Null() { return sink.Null(); }
    bool Bool(bool b) { return sink.Bool(b); }
    bool Int(int i) { return sink.Int(i); }
    bool Uint(unsigned u) { return sink.Uint(u); }
    bool Int64(std::int64_t i) { return sink.Int64(i); }
    bool Uint64(std::uint64_t u) { return sink.Uint64(u); }
    bool Double(double d) { return sink.Double(d); }
    bool RawNumber(const char* str, rapidjson::SizeType length, bool copy) { return sink.RawNumber(str, length, copy); }
    bool String(const char* str, rapidjson::SizeType length, bool copy) {
        if (!text::is_valid_utf8(std::string_view(str, length))) { bad_text = true; return false; }
        return sink.String(str, length, copy);
    }
    bool Key(const char* str, rapidjson::SizeType length, bool copy) {
        if (!text::is_valid_utf8(std::string_view(str, length))) { bad_text = true; return false; }
        return sink.Key(str, length, copy);
    }
    bool enter() {
        if (++depth > max_depth) { too_deep = true; return false; }
        return true;
    }
    bool StartObject() { return enter() && sink.StartObject(); }
    bool StartArray() { return enter() && sink.StartArray(); }
    bool EndObject(rapidjson::SizeType members) { --depth; return sink.EndObject(members); }
    bool EndArray(rapidjson::SizeType elements) { --depth; return sink.EndArray(elements); }
};

// check_json keeps nothing.
struct NoSink : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, NoSink> {};

// The first number token that is longer than the limit, or not whole when only whole numbers
// are allowed: its offset and what is wrong, or an empty message. A plain scan of the bytes:
// strings (with their escapes) are skipped, everything else that looks like a number is checked.
std::pair<std::size_t, std::string> bad_number(std::string_view json, const JsonLimits& limits) {
    const auto number_char = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; };
    // A string's end: the next quote that no backslash escapes; memchr jumps over the text.
    const auto string_end = [&](std::size_t i) {
        for (;;) {
            const void* quote = std::memchr(json.data() + i, '"', json.size() - i);
            if (!quote) return json.size();
            const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(quote) - json.data());
            const void* escape = std::memchr(json.data() + i, '\\', at - i);
            if (!escape) return at;
            i = static_cast<std::size_t>(static_cast<const char*>(escape) - json.data()) + 2; // the backslash and what it escapes
            if (i >= json.size()) return json.size();
        }
    };
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            i = string_end(i + 1);
        } else if ((c >= '0' && c <= '9') || c == '-') {
            std::size_t end = i;
            while (end < json.size() && number_char(json[end])) ++end;
            const std::string_view number = json.substr(i, end - i);
            if (number.size() > limits.max_number_chars)
                return {i, "a number longer than " + std::to_string(limits.max_number_chars) + " characters"};
            if (limits.whole_numbers_only && number.find_first_of(".eE") != std::string_view::npos)
                return {i, "only whole numbers are accepted"};
            i = end - 1;
        }
    }
    return {0, {}};
}

// The parse with `sink` behind the guard's handler, and the guard's error for whatever stopped
// it. `validate` is RapidJSON's own UTF-8 validation of the raw bytes: it costs more than the
// rest of the parse, and the handler's check of each decoded string refuses the same input
// (RapidJSON copies a string's bytes as they are when it does not validate, and both checks
// follow RFC 3629), so the fast path leaves it off; it only places the error at the bad byte
// rather than after its string.
template <class Sink>
Status parse_with(std::string_view json, const JsonLimits& limits, Sink& sink, bool validate) {
    rapidjson::MemoryStream stream(json.data(), json.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
    GuardHandler<Sink> handler{sink, limits.max_depth};
    rapidjson::Reader reader;
    // No kParseNanAndInfFlag: NaN and Infinity are syntax errors, as in standard JSON.
    constexpr unsigned fast = rapidjson::kParseIterativeFlag;
    constexpr unsigned validating = fast | rapidjson::kParseValidateEncodingFlag;
    const rapidjson::ParseResult result = validate ? reader.Parse<validating>(input, handler) : reader.Parse<fast>(input, handler);
    if (result) return {};
    const std::string where = "byte " + std::to_string(result.Offset());
    if (handler.too_deep) return Error{"nested deeper than " + std::to_string(limits.max_depth) + " levels", where};
    if (handler.bad_text || result.Code() == rapidjson::kParseErrorStringInvalidEncoding)
        return Error{"invalid UTF-8 in a string", where};
    return Error{std::string("not valid JSON: ") + rapidjson::GetParseError_En(result.Code()), where};
}

// The checks before the parse (size, numbers), then the fast parse into `sink`. Input that fails
// is parsed again with validation, for the error (and its byte) that the guard has always given.
template <class Sink>
Status guarded_parse(std::string_view json, const JsonLimits& limits, Sink& sink) {
    if (json.size() > limits.max_bytes)
        return Error{"the JSON is " + std::to_string(json.size()) + " bytes; at most " + std::to_string(limits.max_bytes) + " are accepted", "size"};
    if (auto [at, problem] = bad_number(json, limits); !problem.empty()) return Error{problem, "byte " + std::to_string(at)};
    Status fast = parse_with(json, limits, sink, false);
    if (fast) return fast;
    NoSink none;
    Status exact = parse_with(json, limits, none, true);
    return exact ? fast : exact;
}

} // namespace

Status check_json(std::string_view json, const JsonLimits& limits) {
    NoSink none;
    return guarded_parse(json, limits, none);
}

Status parse_guarded_json(std::string_view json, const JsonLimits& limits, rapidjson::Document& doc) {
    // Document::Populate builds the document from the events a generator sends it, and keeps it
    // only when the generator says it succeeded.
    Status status;
    auto generate = [&](rapidjson::Document& sink) {
        status = guarded_parse(json, limits, sink);
        return status.ok();
    };
    doc.Populate(generate);
    return status;
}

} // namespace idekort
