// Card JSON (see card_json.h). cereal is used only in this file and behind it, with the
// archives of json_archives.h: the text is parsed once (with the guard's checks in the same
// pass), checked for unknown members, and read by cereal from that document; writing goes to
// memory. Neither direction uses iostreams.
#include "common/card_json.h"

#include "common/card_fields.h"
#include "common/json_archives.h"

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include <set>

namespace idekort {

namespace {

// [SECTION] Member names, per object, for the unknown-member check, from the field table.
using MemberSet = std::set<std::string, std::less<>>;

// The top-level members (`object` empty) or the keys inside one object member ("contact").
MemberSet members_of(std::string_view object) {
    MemberSet out;
    for (const CardField& f : card_fields()) {
        if (object.empty()) out.emplace(f.member);
        else if (f.member == object && f.key != f.member) out.emplace(f.key);
    }
    return out;
}
const MemberSet card_members = members_of("");
const MemberSet origin_members = members_of("origin");
const MemberSet gain_members = members_of("gain");
const MemberSet contact_members = members_of("contact");

// [SECTION] Saving

template <class Archive>
void save_card(Archive& ar, const IdeaCard& c) {
    ar(cereal::make_nvp("schema", c.schema), cereal::make_nvp("id", c.id),
       cereal::make_nvp("created_at", c.created_at), cereal::make_nvp("updated_at", c.updated_at),
       cereal::make_nvp("language", c.language));
    ar.setNextName("origin");
    ar.startNode();
    ar(cereal::make_nvp("channel", std::string(to_string(c.origin.channel))),
       cereal::make_nvp("device", c.origin.device), cereal::make_nvp("workshop", c.origin.workshop));
    ar.finishNode();
    ar(cereal::make_nvp("title", c.title), cereal::make_nvp("theme", c.theme),
       cereal::make_nvp("challenge", c.challenge), cereal::make_nvp("target_group", c.target_group),
       cereal::make_nvp("idea", c.idea));
    ar.setNextName("gain");
    ar.startNode();
    ar(cereal::make_nvp("text", c.gain.text), cereal::make_nvp("kinds", c.gain.kinds));
    ar.finishNode();
    ar(cereal::make_nvp("departments", c.departments), cereal::make_nvp("partners", c.partners),
       cereal::make_nvp("first_test", c.first_test), cereal::make_nvp("needs", c.needs));
    if (c.has_contact) {
        ar.setNextName("contact");
        ar.startNode();
        ar(cereal::make_nvp("name", c.contact.name), cereal::make_nvp("workplace", c.contact.workplace),
           cereal::make_nvp("email", c.contact.email), cereal::make_nvp("phone", c.contact.phone),
           cereal::make_nvp("consent_to_contact", c.contact.consent_to_contact));
        ar.finishNode();
    }
}

// [SECTION] Loading
// `field` names what is being read until the archive meets its first problem, so the problem
// can say where. It holds two literals and is spelled out only for an error: a card has 24
// fields. After a problem nothing more is read (the archive reads nothing), and nothing throws.

struct FieldName {
    const char* prefix = "";
    const char* name = "card";
    std::string str() const { return std::string(prefix) + name; }
};

template <class T>
void load_field(JsonValueInputArchive& ar, FieldName& field, const char* prefix, const char* name, T& value) {
    if (ar.failed()) return;
    field = {prefix, name};
    ar(cereal::make_nvp(name, value));
}
void enter(JsonValueInputArchive& ar, FieldName& field, const char* name) {
    if (!ar.failed()) field = {"", name};
    ar.setNextName(name);
    ar.startNode();
}

Status load_card(JsonValueInputArchive& ar, IdeaCard& c, bool has_contact) {
    FieldName field;
    const auto problem = [&]() -> Status { return Error{ar.problem(), field.str()}; };  // "missing", "must be text", ...
    load_field(ar, field, "", "schema", c.schema);
    if (ar.failed()) return problem();
    if (c.schema < 1 || c.schema > IdeaCard::current_schema)
        return Error{"schema version " + std::to_string(c.schema) + " is not supported (this build reads 1 to " +
                         std::to_string(IdeaCard::current_schema) + ")", "schema"};
    load_field(ar, field, "", "id", c.id);
    load_field(ar, field, "", "created_at", c.created_at);
    load_field(ar, field, "", "updated_at", c.updated_at);
    load_field(ar, field, "", "language", c.language);
    enter(ar, field, "origin");
    std::string channel;
    load_field(ar, field, "origin.", "channel", channel);
    if (ar.failed()) return problem();
    if (!parse_channel(channel, c.origin.channel)) return Error{"'" + channel + "' is not a channel (kiosk, web or workshop)", "origin.channel"};
    load_field(ar, field, "origin.", "device", c.origin.device);
    load_field(ar, field, "origin.", "workshop", c.origin.workshop);
    ar.finishNode();
    load_field(ar, field, "", "title", c.title);
    load_field(ar, field, "", "theme", c.theme);
    load_field(ar, field, "", "challenge", c.challenge);
    load_field(ar, field, "", "target_group", c.target_group);
    load_field(ar, field, "", "idea", c.idea);
    enter(ar, field, "gain");
    load_field(ar, field, "gain.", "text", c.gain.text);
    load_field(ar, field, "gain.", "kinds", c.gain.kinds);
    ar.finishNode();
    load_field(ar, field, "", "departments", c.departments);
    load_field(ar, field, "", "partners", c.partners);
    load_field(ar, field, "", "first_test", c.first_test);
    load_field(ar, field, "", "needs", c.needs);
    c.has_contact = has_contact;
    if (has_contact) {
        enter(ar, field, "contact");
        load_field(ar, field, "contact.", "name", c.contact.name);
        load_field(ar, field, "contact.", "workplace", c.contact.workplace);
        load_field(ar, field, "contact.", "email", c.contact.email);
        load_field(ar, field, "contact.", "phone", c.contact.phone);
        load_field(ar, field, "contact.", "consent_to_contact", c.contact.consent_to_contact);
        ar.finishNode();
    }
    return ar.failed() ? problem() : Status{};
}

// Refuses members the schema does not have, and objects where objects belong.
Status check_members(const rapidjson::Value& object, const std::set<std::string, std::less<>>& allowed, const std::string& prefix) {
    if (!object.IsObject()) return Error{"expected an object", prefix.empty() ? "card" : prefix.substr(0, prefix.size() - 1)};
    for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
        const std::string_view name(it->name.GetString(), it->name.GetStringLength());
        if (!allowed.count(name)) return Error{"unknown member", prefix + std::string(name)};
    }
    return {};
}

} // namespace

std::string card_to_json(const IdeaCard& card) {
    StringJsonOutputArchive ar;
    save_card(ar, card);
    return ar.finish();
}

Expected<IdeaCard> card_from_json(std::string_view json, const JsonLimits& limits) {
    // A card's document fits in this buffer (a 1.5 kB card needs about 3 kB); a larger one
    // continues in the allocator's heap chunks.
    char pool_buffer[4096];
    rapidjson::MemoryPoolAllocator<> pool(pool_buffer, sizeof pool_buffer);
    rapidjson::Document doc(&pool);
    if (auto parsed = parse_guarded_json(json, limits, doc); !parsed) return parsed.error();
    if (auto s = check_members(doc, card_members, ""); !s) return s.error();
    const auto sub = [&](const char* name, const std::set<std::string, std::less<>>& allowed) -> Status {
        const auto it = doc.FindMember(name);
        return it == doc.MemberEnd() ? Status{} : check_members(it->value, allowed, std::string(name) + ".");
    };
    if (auto s = sub("origin", origin_members); !s) return s.error();
    if (auto s = sub("gain", gain_members); !s) return s.error();
    if (auto s = sub("contact", contact_members); !s) return s.error();
    const bool has_contact = doc.HasMember("contact");

    IdeaCard card;
    JsonValueInputArchive ar(doc);
    if (auto loaded = load_card(ar, card, has_contact); !loaded) return loaded.error();
    return card;
}

} // namespace idekort
