// ProgrammeConfig parsing (see programme_config.h). The file is trusted more than a card, but
// it is edited by hand, so every mistake gets a message with its path in the file.
#include "common/programme_config.h"

#include "common/json_document.h"


#include <set>

namespace idekort {

namespace {

using Value = rapidjson::Value;

// The first problem in the file: a path and what is wrong there. The parser reads on after it
// with empty values and stops at the next loop, and parse() reports this one. No exceptions:
// the browser build has none to catch (docs/BENCHMARKS.md, "Web size").
struct Problems {
    std::string path;
    std::string message;
    bool found = false;
    void add(std::string at, std::string what) {
        if (found) return;
        found = true;
        path = std::move(at);
        message = std::move(what);
    }
};

// What a member that is not there reads as: null (no check takes it), or an empty list.
const Value& null_value() {
    static const Value v;
    return v;
}
const Value& empty_list() {
    static const Value v(rapidjson::kArrayType);
    return v;
}

const Value& member(const Value& object, const char* name, const std::string& path, Problems& p) {
    if (!object.IsObject()) {
        p.add(path, "must be an object");
        return null_value();
    }
    const auto it = object.FindMember(name);
    if (it == object.MemberEnd()) {
        p.add(path.empty() ? name : path + "." + name, "missing");
        return null_value();
    }
    return it->value;
}

std::string text(const Value& v, const std::string& path, Problems& p) {
    if (!v.IsString()) {
        p.add(path, "must be text");
        return {};
    }
    std::string s(v.GetString(), v.GetStringLength());
    if (s.find_first_not_of(" \t\n") == std::string::npos) p.add(path, "must not be empty");
    return s;
}

LocalText local_text(const Value& v, const std::string& path, Problems& p) {
    return LocalText{text(member(v, "da", path, p), path + ".da", p), text(member(v, "en", path, p), path + ".en", p)};
}

// `object` is an object (the callers have checked).
std::optional<LocalText> optional_text(const Value& object, const char* name, const std::string& path, Problems& p) {
    const auto it = object.FindMember(name);
    if (it == object.MemberEnd()) return std::nullopt;
    return local_text(it->value, path + "." + name, p);
}

const Value& array(const Value& object, const char* name, const std::string& path, bool allow_empty, Problems& p) {
    const Value& v = member(object, name, path, p);
    const std::string here = path.empty() ? name : path + "." + name;
    if (!v.IsArray()) {
        p.add(here, "must be a list");
        return empty_list();
    }
    if (!allow_empty && v.Empty()) p.add(here, "must have at least one entry");
    return v;
}

std::string id_of(const Value& item, const std::string& path, std::set<std::string>& seen, Problems& p) {
    std::string id = text(member(item, "id", path, p), path + ".id", p);
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            p.add(path + ".id", "'" + id + "' may only use a-z, 0-9 and _");
            break;
        }
    if (!seen.insert(id).second) p.add(path + ".id", "'" + id + "' is used twice");
    return id;
}

std::vector<NamedItem> named_items(const Value& root, const char* list, const char* text_member, Problems& p, const std::string& at = {}) {
    std::vector<NamedItem> items;
    std::set<std::string> seen;
    const Value& v = array(root, list, at, false, p);
    for (rapidjson::SizeType i = 0; i < v.Size() && !p.found; ++i) {
        const std::string path = (at.empty() ? "" : at + ".") + std::string(list) + "[" + std::to_string(i) + "]";
        NamedItem item;
        item.id = id_of(v[i], path, seen, p);
        item.name = local_text(member(v[i], text_member, path, p), path + "." + text_member, p);
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
    Problems p;
    const Value& format = member(doc, "format", "", p);
    if (!p.found && (!format.IsInt() || format.GetInt() != supported_format))
        p.add("format", "this build reads format " + std::to_string(supported_format));
    config.name = local_text(member(doc, "name", "", p), "name", p);
    config.period = text(member(doc, "period", "", p), "period", p);

    std::set<std::string> seen;
    const Value& themes = array(doc, "themes", "", false, p);
    for (rapidjson::SizeType i = 0; i < themes.Size() && !p.found; ++i) {
        const std::string path = "themes[" + std::to_string(i) + "]";
        ProgrammeTheme theme;
        theme.id = id_of(themes[i], path, seen, p);
        if (p.found) break;   // not an object, or no id: nothing below may read it
        theme.name = local_text(member(themes[i], "name", path, p), path + ".name", p);
        theme.summary = optional_text(themes[i], "summary", path, p);
        theme.we_believe_in = optional_text(themes[i], "we_believe_in", path, p);
        theme.we_invest_in = optional_text(themes[i], "we_invest_in", path, p);
        theme.criteria = optional_text(themes[i], "criteria", path, p);
        if (themes[i].HasMember("theme_criteria")) theme.scoring_criteria = named_items(themes[i], "theme_criteria", "text", p, path);
        if (const auto budget = themes[i].FindMember("yearly_budget_dkk"); budget != themes[i].MemberEnd()) {
            if (!budget->value.IsInt64() || budget->value.GetInt64() < 0)
                p.add(path + ".yearly_budget_dkk", "must be a whole number of kroner, 0 or more");
            else
                theme.yearly_budget_dkk = budget->value.GetInt64();
        }
        config.themes.push_back(std::move(theme));
    }
    config.criteria = named_items(doc, "criteria", "text", p);
    config.departments = named_items(doc, "departments", "name", p);
    config.gain_kinds = named_items(doc, "gain_kinds", "name", p);

    if (const auto waiting = doc.FindMember("waiting_days"); waiting != doc.MemberEnd()) {
        if (!waiting->value.IsInt() || waiting->value.GetInt() < 1 || waiting->value.GetInt() > 3650)
            p.add("waiting_days", "must be a whole number of days from 1 to 3650");
        else
            config.waiting_days = waiting->value.GetInt();
    }
    if (doc.HasMember("close_reasons")) config.close_reasons = named_items(doc, "close_reasons", "text", p);
    // No steps at all is an advice track: the same process, no money (issue 14).
    const Value& steps = array(doc, "investment_steps", "", true, p);
    long long previous = 0;
    for (rapidjson::SizeType i = 0; i < steps.Size() && !p.found; ++i) {
        const std::string path = "investment_steps[" + std::to_string(i) + "]";
        const Value& step = member(steps[i], "step", path, p);
        const Value& amount = member(steps[i], "amount_dkk", path, p);
        if (p.found) break;
        if (!step.IsInt() || step.GetInt() != static_cast<int>(i) + 1) {
            p.add(path + ".step", "steps are numbered 1, 2, 3 ... in order");
            break;
        }
        if (!amount.IsInt64() || amount.GetInt64() <= previous) {
            p.add(path + ".amount_dkk", "must be a whole number of kroner, larger than the step before");
            break;
        }
        previous = amount.GetInt64();
        config.investment_steps.push_back({step.GetInt(), previous});
    }
    if (p.found) return Error{p.message, file + ": " + p.path};
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
