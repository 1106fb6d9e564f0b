// cereal's JSON archives, made cheap for what the card needs, and the guarded parse that feeds
// the reader.
//
// cereal's own JSONInputArchive reads an std::istream through RapidJSON's IStreamWrapper, a
// virtual-free but sentry-per-byte peek()/get() pair that cost more than everything else on
// the server's put-card path together; and it parses the text again although the JSON guard
// has just parsed it. JSONOutputArchive writes through std::ostream::put, one sentry per byte.
// The two archives here keep cereal as the serialiser (the same save/load functions, NVPs, size
// tags, cereal's std::string and std::vector support) and change only where the bytes come from
// and go to:
//  - JsonValueInputArchive reads a RapidJSON value that is already parsed (by
//    parse_guarded_json, below: one pass that also does every check of check_json). Member
//    lookup follows JSONInputArchive exactly: in order, else searched by name.
//  - StringJsonOutputArchive writes with the same RapidJSON PrettyWriter that JSONOutputArchive
//    uses with NoIndent(), into a string buffer, so its bytes are identical (stored card bodies
//    are compared byte for byte to tell a resent card from a conflicting one).
// Only what the card uses is supported: objects of named members, text, whole numbers, bool,
// and lists of them. A wrong type is reported in plain words ("must be text"), which
// card_json.cpp passes on with the field's name.
#pragma once

#include "common/json_document.h"
#include "common/json_guard.h"
#include "common/status.h"

#include "common/rapidjson_setup.h"

// cereal's header comes first: it configures RapidJSON (assertions throw, default flags), and
// every file that includes RapidJSON must see the same configuration.
#include <cereal/archives/json.hpp>
#include <cereal/cereal.hpp>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace idekort {

// [SECTION] Reading

// The input archive does not throw: the first problem it meets (a member that is not there,
// "missing", or of the wrong type, "must be text") is kept, and every read after it reads
// nothing and leaves the value as it was. The reader's caller checks failed() and knows which
// field it asked for. No exceptions, because the browser build has none to catch: catching
// them cost the capture app's wasm about 4 kB (docs/BENCHMARKS.md, "Web size").
class JsonValueInputArchive : public cereal::InputArchive<JsonValueInputArchive>, public cereal::traits::TextArchive {
public:
    // `root` must outlive the archive.
    explicit JsonValueInputArchive(const rapidjson::Value& root) : InputArchive<JsonValueInputArchive>(this) {
        m_levels.reserve(4);
        if (!root.IsObject()) {
            fail("must be an object");
            m_levels.push_back(Level{});
            return;
        }
        m_levels.push_back(Level::of_object(root));
    }

    // The first problem, or null when everything read so far was there and of its type.
    const char* problem() const { return m_problem; }
    bool failed() const { return m_problem != nullptr; }

    // Names the member the next load or startNode() reads (cereal's NVPs call this).
    void setNextName(const char* name) { m_next_name = name; }

    // Enters the named object; finishNode() leaves it. One that is not there is entered as an
    // empty object, so that the reads inside it, and finishNode(), stay in step.
    void startNode() {
        const rapidjson::Value& v = next_value();
        if (!v.IsObject()) {
            fail("must be an object");
            m_levels.push_back(Level::empty_object());
            return;
        }
        m_levels.push_back(Level::of_object(v));
    }
    // Enters the named list (a std::vector's prologue); one that is not there reads as empty.
    void startArrayNode() {
        const rapidjson::Value& v = next_value();
        if (!v.IsArray()) {
            fail("must be a list");
            m_levels.push_back(Level{});
            return;
        }
        m_levels.push_back(Level::of_array(v));
    }
    void finishNode() {
        m_levels.pop_back();
        ++m_levels.back().index;
    }
    void loadSize(cereal::size_type& size) { size = m_levels.back().size; }

    void loadValue(std::string& out) {
        const rapidjson::Value& v = next_value();
        if (!v.IsString()) return fail("must be text");
        // As JSONInputArchive does: the text up to a NUL ("\u0000"), which sanitising drops anyway.
        out = v.GetString();
        ++m_levels.back().index;
    }
    void loadValue(bool& out) {
        const rapidjson::Value& v = next_value();
        if (!v.IsBool()) return fail("must be true or false");
        out = v.GetBool();
        ++m_levels.back().index;
    }
    // Whole numbers, with JSONInputArchive's ranges: 32-bit types through Get(U)Int, which
    // refuses what does not fit, 64-bit through Get(U)Int64.
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    void loadValue(T& out) {
        const rapidjson::Value& v = next_value();
        bool fits = false;
        if constexpr (std::is_signed_v<T>) {
            if constexpr (sizeof(T) < sizeof(std::int64_t)) { fits = v.IsInt(); if (fits) out = static_cast<T>(v.GetInt()); }
            else { fits = v.IsInt64(); if (fits) out = static_cast<T>(v.GetInt64()); }
        } else {
            if constexpr (sizeof(T) < sizeof(std::uint64_t)) { fits = v.IsUint(); if (fits) out = static_cast<T>(v.GetUint()); }
            else { fits = v.IsUint64(); if (fits) out = static_cast<T>(v.GetUint64()); }
        }
        if (!fits) return fail("must be a whole number");
        ++m_levels.back().index;
    }

private:
    // One object or list being read: its members or elements, and the position in them.
    struct Level {
        rapidjson::Value::ConstMemberIterator members{};
        const rapidjson::Value* elements = nullptr;
        std::size_t index = 0;
        std::size_t size = 0;
        bool is_object = false;

        static Level of_object(const rapidjson::Value& v) {
            Level l;
            l.members = v.MemberBegin();
            l.size = v.MemberCount();
            l.is_object = true;
            return l;
        }
        static Level empty_object() {
            Level l;
            l.is_object = true;
            return l;
        }
        static Level of_array(const rapidjson::Value& v) {
            Level l;
            l.elements = v.Begin();
            l.size = v.Size();
            return l;
        }
        static bool named(const rapidjson::Value& name, std::string_view wanted) {
            return std::string_view(name.GetString(), name.GetStringLength()) == wanted;
        }
    };

    void fail(const char* problem) {
        if (!m_problem) m_problem = problem;
    }
    // What a read after a problem, or of a member that is not there, sees: null, which no load
    // takes for its type.
    const rapidjson::Value& nothing() {
        fail("missing");
        return m_null;
    }

    // The value the next load reads: in an object, the current member if it has the expected
    // name, else the first member that has it (JSONInputArchive's search); in a list, the next
    // element. After a problem, nothing.
    const rapidjson::Value& next_value() {
        Level& level = m_levels.back();
        const char* wanted = m_next_name;
        m_next_name = nullptr;
        if (m_problem) return m_null;
        if (level.is_object) {
            if (wanted) {
                const std::string_view name(wanted);
                if (level.index >= level.size || !Level::named(level.members[static_cast<rapidjson::SizeType>(level.index)].name, name)) {
                    std::size_t i = 0;
                    while (i < level.size && !Level::named(level.members[static_cast<rapidjson::SizeType>(i)].name, name)) ++i;
                    if (i == level.size) return nothing();
                    level.index = i;
                }
            }
            if (level.index >= level.size) return nothing();
            return level.members[static_cast<rapidjson::SizeType>(level.index)].value;
        }
        if (level.index >= level.size) return nothing();
        return level.elements[level.index];
    }

    const char* m_problem = nullptr;
    const rapidjson::Value m_null{};
    std::vector<Level> m_levels;
    const char* m_next_name = nullptr;
};

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(JsonValueInputArchive& ar, cereal::NameValuePair<T>& t) {
    ar.setNextName(t.name);
    ar(t.value);
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(JsonValueInputArchive& ar, cereal::SizeTag<T>& st) {
    ar.loadSize(st.size);
}
inline void CEREAL_LOAD_FUNCTION_NAME(JsonValueInputArchive& ar, std::string& s) { ar.loadValue(s); }
template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
void CEREAL_LOAD_FUNCTION_NAME(JsonValueInputArchive& ar, T& t) {
    ar.loadValue(t);
}
// A list is a node of its own, as in JSONInputArchive.
template <class T, class A>
void prologue(JsonValueInputArchive& ar, const std::vector<T, A>&) {
    ar.startArrayNode();
}
template <class T, class A>
void epilogue(JsonValueInputArchive& ar, const std::vector<T, A>&) {
    ar.finishNode();
}

// [SECTION] Writing

class StringJsonOutputArchive : public cereal::OutputArchive<StringJsonOutputArchive>, public cereal::traits::TextArchive {
public:
    StringJsonOutputArchive() : OutputArchive<StringJsonOutputArchive>(this), m_buffer(nullptr, 2048), m_writer(m_buffer) {
        // JSONOutputArchive::Options::NoIndent()
        m_writer.SetMaxDecimalPlaces(Writer::kDefaultMaxDecimalPlaces);
        m_writer.SetIndent(' ', 0);
        m_nodes.reserve(4);
        m_nodes.push_back(Node::StartObject);
    }

    // Closes the outer object and returns the text; the archive is done after this.
    std::string finish() {
        if (m_nodes.back() == Node::InObject) m_writer.EndObject();
        else if (m_nodes.back() == Node::InArray) m_writer.EndArray();
        return std::string(m_buffer.GetString(), m_buffer.GetSize());
    }

    // The rest mirrors JSONOutputArchive, so that the bytes are the same.
    void setNextName(const char* name) { m_next_name = name; }
    void startNode() {
        writeName();
        m_nodes.push_back(Node::StartObject);
    }
    void finishNode() {
        switch (m_nodes.back()) {
        case Node::StartArray: m_writer.StartArray(); [[fallthrough]];
        case Node::InArray: m_writer.EndArray(); break;
        case Node::StartObject: m_writer.StartObject(); [[fallthrough]];
        case Node::InObject: m_writer.EndObject(); break;
        }
        m_nodes.pop_back();
    }
    void makeArray() { m_nodes.back() = Node::StartArray; }
    void writeName() {
        Node& node = m_nodes.back();
        if (node == Node::StartArray) {
            m_writer.StartArray();
            node = Node::InArray;
        } else if (node == Node::StartObject) {
            node = Node::InObject;
            m_writer.StartObject();
        }
        if (node == Node::InArray) return;
        // Every member the card writes is named (an NVP).
        assert(m_next_name && "StringJsonOutputArchive writes named members only");
        m_writer.String(m_next_name);
        m_next_name = nullptr;
    }

    void saveValue(const std::string& s) { m_writer.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); }
    void saveValue(bool b) { m_writer.Bool(b); }
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    void saveValue(T t) {
        if constexpr (std::is_signed_v<T>) {
            if constexpr (sizeof(T) <= sizeof(std::int32_t)) m_writer.Int(static_cast<int>(t));
            else m_writer.Int64(static_cast<std::int64_t>(t));
        } else {
            if constexpr (sizeof(T) <= sizeof(std::uint32_t)) m_writer.Uint(static_cast<unsigned>(t));
            else m_writer.Uint64(static_cast<std::uint64_t>(t));
        }
    }

private:
    // JSONOutputArchive's writer type, over a string buffer instead of an std::ostream.
    using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
    enum class Node { StartObject, InObject, StartArray, InArray };

    rapidjson::StringBuffer m_buffer;
    Writer m_writer;
    std::vector<Node> m_nodes;
    const char* m_next_name = nullptr;
};

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(StringJsonOutputArchive& ar, const cereal::NameValuePair<T>& t) {
    ar.setNextName(t.name);
    ar(t.value);
}
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(StringJsonOutputArchive& ar, const cereal::SizeTag<T>&) {
    ar.makeArray();
}
inline void CEREAL_SAVE_FUNCTION_NAME(StringJsonOutputArchive& ar, const std::string& s) { ar.saveValue(s); }
template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
void CEREAL_SAVE_FUNCTION_NAME(StringJsonOutputArchive& ar, const T& t) {
    ar.saveValue(t);
}
// Text and numbers are values under the pending name; a list is a node of its own.
inline void prologue(StringJsonOutputArchive& ar, const std::string&) { ar.writeName(); }
template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
void prologue(StringJsonOutputArchive& ar, const T&) {
    ar.writeName();
}
template <class T, class A>
void prologue(StringJsonOutputArchive& ar, const std::vector<T, A>&) {
    ar.startNode();
}
template <class T, class A>
void epilogue(StringJsonOutputArchive& ar, const std::vector<T, A>&) {
    ar.finishNode();
}

} // namespace idekort

CEREAL_SETUP_ARCHIVE_TRAITS(idekort::JsonValueInputArchive, idekort::StringJsonOutputArchive)
