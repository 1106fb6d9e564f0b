// AppTexts: what every product reads from its assets before it can draw a word: the strings of
// both languages and the programme (themes, departments, steps). Loaded whole at start-up and
// checked: an app never runs with half a programme or a language that lacks a string.
#pragma once

#include "app/core/asset_source.h"
#include "app/core/string_table.h"
#include "common/programme_config.h"

#include <string_view>

namespace idekort {

struct AppTexts {
    UiStrings strings;
    ProgrammeConfig programme;
};

// `assets` may be null (a runner that offers none): that is an error naming the runner, as is
// any string or programme file that does not parse. `language` is "da" or "en"; empty is Danish.
Expected<AppTexts> load_app_texts(const AssetSource* assets, std::string_view language);

} // namespace idekort
