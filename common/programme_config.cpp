// ProgrammeConfig parsing (see programme_config.h). The file is trusted more than a card, but
// it is edited by hand, so every mistake gets a message with its path in the file.
#include "common/programme_config.h"

#include "common/json_document.h"


#include <set>

namespace idekort {

namespace {

using Value = rapidjson::Value;

// Thrown inside this file only and caught in parse(): a path and what is wrong there.
struct ConfigError {
    std::string path;
    std::string message;
};

const Value& member(const Value& object, const char* name, const std::string& path) {
    if (!object.IsObject()) throw ConfigError{path, "must be an object"};
    const auto it = object.FindMember(name);
    if (it == object.MemberEnd()) throw ConfigError{path.empty() ? name : path + "." + name, "missing"};
    return it->value;
}

std::string text(const Value& v, const std::string& path) {
    if (!v.IsString()) throw ConfigError{path, "must be text"};
    std::string s(v.GetString(), v.GetStringLength());
    if (s.find_first_not_of(" \t\n") == std::string::npos) throw ConfigError{path, "must not be empty"};
    return s;
}

LocalText local_text(const Value& v, const std::string& path) {
    return LocalText{text(member(v, "da", path), path + ".da"), text(member(v, "en", path), path + ".en")};
}

std::optional<LocalText> optional_text(const Value& object, const char* name, const std::string& path) {
    const auto it = object.FindMember(name);
    if (it == object.MemberEnd()) return std::nullopt;
    return local_text(it->value, path + "." + name);
}

const Value& array(const Value& object, const char* name, const std::string& path, bool allow_empty) {
    const Value& v = member(object, name, path);
    const std::string here = path.empty() ? name : path + "." + name;
    if (!v.IsArray()) throw ConfigError{here, "must be a list"};
    if (!allow_empty && v.Empty()) throw ConfigError{here, "must have at least one entry"};
    return v;
}

std::string id_of(const Value& item, const std::string& path, std::set<std::string>& seen) {
    std::string id = text(member(item, "id", path), path + ".id");
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            throw ConfigError{path + ".id", "'" + id + "' may only use a-z, 0-9 and _"};
    if (!seen.insert(id).second) throw ConfigError{path + ".id", "'" + id + "' is used twice"};
    return id;
}

std::vector<NamedItem> named_items(const Value& root, const char* list, const char* text_member, const std::string& at = {}) {
    std::vector<NamedItem> items;
    std::set<std::string> seen;
    const Value& v = array(root, list, at, false);
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
        const std::string path = (at.empty() ? "" : at + ".") + std::string(list) + "[" + std::to_string(i) + "]";
        NamedItem item;
        item.id = id_of(v[i], path, seen);
        item.name = local_text(member(v[i], text_member, path), path + "." + text_member);
        items.push_back(std::move(item));
    }
    return items;
}

} // namespace

Expected<ProgrammeConfig> ProgrammeConfig::parse(std::string_view json, std::string_view source) {
    const std::string file(source);
    rapidjson::Document doc;
    if (auto guard = parse_guarded_json(json, JsonLimits{1024 * 1024, 16}, doc); !guard)
        return Error{guard.error().message, file + ": " + guard.error().where};
    if (!doc.IsObject()) return Error{"the top level must be an object", file};
    ProgrammeConfig config;
    try {
        const Value& format = member(doc, "format", "");
        if (!format.IsInt() || format.GetInt() != supported_format)
            throw ConfigError{"format", "this build reads format " + std::to_string(supported_format)};
        config.name = local_text(member(doc, "name", ""), "name");
        config.period = text(member(doc, "period", ""), "period");

        std::set<std::string> seen;
        const Value& themes = array(doc, "themes", "", false);
        for (rapidjson::SizeType i = 0; i < themes.Size(); ++i) {
            const std::string path = "themes[" + std::to_string(i) + "]";
            ProgrammeTheme theme;
            theme.id = id_of(themes[i], path, seen);
            theme.name = local_text(member(themes[i], "name", path), path + ".name");
            theme.summary = optional_text(themes[i], "summary", path);
            theme.we_believe_in = optional_text(themes[i], "we_believe_in", path);
            theme.we_invest_in = optional_text(themes[i], "we_invest_in", path);
            theme.criteria = optional_text(themes[i], "criteria", path);
            if (themes[i].HasMember("theme_criteria")) theme.scoring_criteria = named_items(themes[i], "theme_criteria", "text", path);
            if (const auto budget = themes[i].FindMember("yearly_budget_dkk"); budget != themes[i].MemberEnd()) {
                if (!budget->value.IsInt64() || budget->value.GetInt64() < 0)
                    throw ConfigError{path + ".yearly_budget_dkk", "must be a whole number of kroner, 0 or more"};
                theme.yearly_budget_dkk = budget->value.GetInt64();
            }
            config.themes.push_back(std::move(theme));
        }
        config.criteria = named_items(doc, "criteria", "text");
        config.departments = named_items(doc, "departments", "name");
        config.gain_kinds = named_items(doc, "gain_kinds", "name");

        if (const auto waiting = doc.FindMember("waiting_days"); waiting != doc.MemberEnd()) {
            if (!waiting->value.IsInt() || waiting->value.GetInt() < 1 || waiting->value.GetInt() > 3650)
                throw ConfigError{"waiting_days", "must be a whole number of days from 1 to 3650"};
            config.waiting_days = waiting->value.GetInt();
        }
        if (doc.HasMember("close_reasons")) config.close_reasons = named_items(doc, "close_reasons", "text");
        // No steps at all is an advice track: the same process, no money (issue 14).
        const Value& steps = array(doc, "investment_steps", "", true);
        long long previous = 0;
        for (rapidjson::SizeType i = 0; i < steps.Size(); ++i) {
            const std::string path = "investment_steps[" + std::to_string(i) + "]";
            const Value& step = member(steps[i], "step", path);
            const Value& amount = member(steps[i], "amount_dkk", path);
            if (!step.IsInt() || step.GetInt() != static_cast<int>(i) + 1)
                throw ConfigError{path + ".step", "steps are numbered 1, 2, 3 ... in order"};
            if (!amount.IsInt64() || amount.GetInt64() <= previous)
                throw ConfigError{path + ".amount_dkk", "must be a whole number of kroner, larger than the step before"};
            previous = amount.GetInt64();
            config.investment_steps.push_back({step.GetInt(), previous});
        }
    } catch (const ConfigError& e) {
        return Error{e.message, file + ": " + e.path};
    }
    return config;
}

namespace {
template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
    for (const auto& item : items)
        if (item.id == id) return &item;
    return nullptr;
}
} // namespace

const ProgrammeTheme* ProgrammeConfig::theme(std::string_view id) const { return find_by_id(themes, id); }
const NamedItem* ProgrammeConfig::department(std::string_view id) const { return find_by_id(departments, id); }
const NamedItem* ProgrammeConfig::gain_kind(std::string_view id) const { return find_by_id(gain_kinds, id); }

} // namespace idekort
