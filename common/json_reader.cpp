// Reading protocol objects by member name (see json_reader.h).
#include "common/json_reader.h"

#include "common/json_document.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace idekort::json {

struct ObjectReader::Doc {
    rapidjson::Document doc;
};

namespace {
const rapidjson::Value& as_value(const void* v) { return *static_cast<const rapidjson::Value*>(v); }
} // namespace

ObjectReader::ObjectReader(std::string_view text, const JsonLimits& limits, Unknown unknown, bool empty_is_object)
    : m_doc(std::make_unique<Doc>()), m_unknown(unknown) {
    if (text.empty() && empty_is_object) text = "{}";
    // One pass that checks (limits, UTF-8, depth) and builds the document.
    if (auto guard = parse_guarded_json(text, limits, m_doc->doc); !guard) {
        m_error = guard.error();
        return;
    }
    if (!m_doc->doc.IsObject()) {
        m_error = Error{"expected a JSON object", "body"};
        return;
    }
    m_object = &m_doc->doc;
    m_parsed = true;
}

ObjectReader::ObjectReader(const void* value, Unknown unknown, std::string prefix)
    : m_object(value), m_unknown(unknown), m_prefix(std::move(prefix)) {
    m_parsed = as_value(value).IsObject();
}

ObjectReader::~ObjectReader() = default;

bool ObjectReader::has(std::string_view name) const {
    if (!m_parsed) return false;
    const auto& o = as_value(m_object);
    const auto it = o.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
    return it != o.MemberEnd() && !it->value.IsNull();
}

void ObjectReader::fail(std::string_view name, std::string message) {
    if (!m_error) m_error = Error{std::move(message), m_prefix + std::string(name)};
}

void ObjectReader::fail_item(const Status& inner) {
    if (!m_error) m_error = inner.error();
}

// The member's value, or null when it is missing or JSON null (then a required one is a problem).
const void* ObjectReader::member(std::string_view name, bool required) {
    m_asked.emplace(name);
    if (!m_parsed) return nullptr;
    const auto& o = as_value(m_object);
    const auto it = o.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
    if (it == o.MemberEnd() || it->value.IsNull()) {
        if (required) fail(name, "missing");
        return nullptr;
    }
    return &it->value;
}

const void* ObjectReader::item(const void* list, std::size_t i) const {
    return &as_value(list)[static_cast<rapidjson::SizeType>(i)];
}

std::size_t ObjectReader::list_size(const void* list) const {
    return as_value(list).IsArray() ? as_value(list).Size() : static_cast<std::size_t>(-1);
}

std::string ObjectReader::text(std::string_view name) {
    member(name, true);
    return optional_text(name).value_or(std::string());
}

std::optional<std::string> ObjectReader::optional_text(std::string_view name) {
    const void* v = member(name, false);
    if (!v) return std::nullopt;
    if (!as_value(v).IsString()) {
        fail(name, "must be text");
        return std::nullopt;
    }
    return std::string(as_value(v).GetString(), as_value(v).GetStringLength());
}

std::int64_t ObjectReader::integer(std::string_view name) {
    member(name, true);
    return optional_integer(name).value_or(0);
}

std::optional<std::int64_t> ObjectReader::optional_integer(std::string_view name) {
    const void* v = member(name, false);
    if (!v) return std::nullopt;
    if (!as_value(v).IsInt64()) {
        fail(name, "must be a whole number");
        return std::nullopt;
    }
    return as_value(v).GetInt64();
}

bool ObjectReader::flag(std::string_view name) {
    member(name, true);
    return optional_flag(name).value_or(false);
}

std::optional<bool> ObjectReader::optional_flag(std::string_view name) {
    const void* v = member(name, false);
    if (!v) return std::nullopt;
    if (!as_value(v).IsBool()) {
        fail(name, "must be true or false");
        return std::nullopt;
    }
    return as_value(v).GetBool();
}

std::vector<std::string> ObjectReader::text_list(std::string_view name) {
    std::vector<std::string> out;
    const void* v = member(name, false);
    if (!v) return out;
    if (!as_value(v).IsArray()) {
        fail(name, "must be a list");
        return out;
    }
    for (const auto& item : as_value(v).GetArray()) {
        if (!item.IsString()) {
            fail(std::string(name) + "[" + std::to_string(out.size()) + "]", "must be text");
            return {};
        }
        out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return out;
}

std::string ObjectReader::json_text(std::string_view name) {
    const void* v = member(name, false);
    if (!v) return {};
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    as_value(v).Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

Status ObjectReader::error() const {
    if (m_error) return *m_error;
    if (!m_parsed) return Error{"must be an object", m_prefix.empty() ? "body" : m_prefix.substr(0, m_prefix.size() - 1)};
    if (m_unknown == Unknown::Refuse) {
        for (auto it = as_value(m_object).MemberBegin(); it != as_value(m_object).MemberEnd(); ++it) {
            const std::string_view name(it->name.GetString(), it->name.GetStringLength());
            if (!m_asked.count(name)) return Error{"unknown member", m_prefix + std::string(name)};
        }
    }
    return {};
}

} // namespace idekort::json
