// Kiosk configuration parsing (see kiosk_config.h).
#include "app/core/kiosk_config.h"

#include "common/file_io.h"
#include "common/json_document.h"

namespace idekort {

Expected<KioskSettings> parse_kiosk_config(std::string_view json, std::string_view source) {
    const std::string where(source);
    rapidjson::Document doc;
    if (auto guard = parse_guarded_json(json, JsonLimits{}, doc); !guard) return Error{guard.error().describe(), where};
    if (!doc.IsObject()) return Error{"must be a JSON object", where};
    KioskSettings settings;
    for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
        const std::string name(it->name.GetString(), it->name.GetStringLength());
        const auto& v = it->value;
        if (name == "admin_pin") {
            if (!v.IsString()) return Error{"admin_pin must be text such as \"4711\"", where};
            settings.admin_pin.assign(v.GetString(), v.GetStringLength());
            const bool digits = settings.admin_pin.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || settings.admin_pin.size() < 4 || settings.admin_pin.size() > 8)
                return Error{"admin_pin must be 4 to 8 digits", where};
        } else if (name == "idle_timeout_seconds" || name == "countdown_seconds") {
            const bool idle = name == "idle_timeout_seconds";
            const int lo = idle ? 15 : 5, hi = idle ? 3600 : 120;
            if (!v.IsInt() || v.GetInt() < lo || v.GetInt() > hi)
                return Error{name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), where};
            (idle ? settings.idle_timeout_seconds : settings.countdown_seconds) = v.GetInt();
        } else {
            return Error{"unknown member '" + name + "' (known: admin_pin, idle_timeout_seconds, countdown_seconds)", where};
        }
    }
    return settings;
}

Expected<KioskSettings> load_kiosk_config(const std::string& path) {
    auto text = file_io::read_file(path);
    if (!text) return text.error();
    return parse_kiosk_config(text.value(), path);
}

} // namespace idekort
