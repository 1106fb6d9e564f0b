// AppTexts (see app_texts.h).
#include "app/core/app_texts.h"

namespace idekort {

Expected<AppTexts> load_app_texts(const AssetSource* assets, std::string_view language) {
    if (!assets) return Error{"the runner gave the app no assets", "AppEnvironment"};
    auto strings = UiStrings::load(*assets);
    if (!strings) return strings.error();
    strings.value().set_language(language == "en" ? "en" : "da");
    constexpr const char* programme_file = "programme/programme.json";
    auto programme_json = assets->read(programme_file);
    if (!programme_json) return programme_json.error();
    auto programme = ProgrammeConfig::parse(programme_json.value(), programme_file);
    if (!programme) return programme.error();
    return AppTexts{std::move(strings).value(), std::move(programme).value()};
}

} // namespace idekort
