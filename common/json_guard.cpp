// JSON guard (see json_guard.h).
#include "common/json_guard.h"

#include "common/text.h"

// cereal's header comes first everywhere: it sets RapidJSON's configuration (assertions throw),
// and every file that includes RapidJSON must see the same configuration.
#include <cereal/archives/json.hpp>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <string>
#include <utility>

namespace idekort {

namespace {

// SAX handler that tracks depth and checks each decoded string. RapidJSON 1.1.0 validates the
// raw bytes but decodes an escaped lone surrogate ("\udddd", found by the fuzzer) into bytes
// that are not UTF-8; so the decoded text is checked again here.
struct DepthHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DepthHandler> {
    int depth = 0;
    int max_depth = 0;
    bool too_deep = false;
    bool bad_text = false;
    bool Default() { return true; }
    bool String(const char* str, rapidjson::SizeType length, bool) {
        if (text::is_valid_utf8(std::string_view(str, length))) return true;
        bad_text = true;
        return false;
    }
    bool Key(const char* str, rapidjson::SizeType length, bool copy) { return String(str, length, copy); }
    bool enter() {
        if (++depth > max_depth) { too_deep = true; return false; }
        return true;
    }
    bool StartObject() { return enter(); }
    bool StartArray() { return enter(); }
    bool EndObject(rapidjson::SizeType) { --depth; return true; }
    bool EndArray(rapidjson::SizeType) { --depth; return true; }
};


// The first number token that is longer than the limit, or not whole when only whole numbers
// are allowed: its offset and what is wrong, or an empty message. A plain scan of the bytes:
// strings (with their escapes) are skipped, everything else that looks like a number is checked.
std::pair<std::size_t, std::string> bad_number(std::string_view json, const JsonLimits& limits) {
    const auto number_char = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; };
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
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

} // namespace

Status check_json(std::string_view json, const JsonLimits& limits) {
    if (json.size() > limits.max_bytes)
        return Error{"the JSON is " + std::to_string(json.size()) + " bytes; at most " + std::to_string(limits.max_bytes) + " are accepted", "size"};
    if (auto [at, problem] = bad_number(json, limits); !problem.empty()) return Error{problem, "byte " + std::to_string(at)};
    rapidjson::MemoryStream stream(json.data(), json.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
    DepthHandler handler;
    handler.max_depth = limits.max_depth;
    rapidjson::Reader reader;
    // No kParseNanAndInfFlag: NaN and Infinity are syntax errors, as in standard JSON.
    constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
    const rapidjson::ParseResult result = reader.Parse<flags>(input, handler);
    if (result) return {};
    const std::string where = "byte " + std::to_string(result.Offset());
    if (handler.too_deep) return Error{"nested deeper than " + std::to_string(limits.max_depth) + " levels", where};
    if (handler.bad_text || result.Code() == rapidjson::kParseErrorStringInvalidEncoding)
        return Error{"invalid UTF-8 in a string", where};
    return Error{std::string("not valid JSON: ") + rapidjson::GetParseError_En(result.Code()), where};
}

} // namespace idekort
