// The office screens' shared words and card text (see office_words.h).
#include "app/office/office_words.h"

#include "app/ui/widgets.h"

namespace idekort::office {

std::string theme_name(const ui::ScreenContext& ctx, const std::string& id) {
    if (id.empty()) return ctx("office.inbox.no_theme");
    const ProgrammeTheme* theme = ctx.programme.theme(id);
    return theme ? theme->name.in(ctx.language()) : id;
}

std::string department_name(const ui::ScreenContext& ctx, const std::string& id) {
    const NamedItem* d = id.empty() ? nullptr : ctx.programme.department(id);
    return d ? d->name.in(ctx.language()) : id;
}

std::string close_reason_name(const ui::ScreenContext& ctx, const std::string& id) {
    for (const NamedItem& r : ctx.programme.close_reasons)
        if (r.id == id) return r.name.in(ctx.language());
    return id;
}

void field_label(ui::ScreenContext& ctx, const std::string& label, float width) {
    ctx.registry.mute_text(true);
    ui::wrapped_text(label, width);
    ctx.registry.mute_text(false);
}

void draw_card_sections(ui::ScreenContext& ctx, const IdeaCard& card, float width) {
    const struct { const char* key; const std::string& text; } sections[] = {
        {"office.card.challenge", card.challenge},   {"office.card.target_group", card.target_group},
        {"office.card.idea", card.idea},             {"office.card.gain", card.gain.text},
        {"office.card.partners", card.partners},     {"office.card.first_test", card.first_test},
        {"office.card.needs", card.needs},
    };
    for (const auto& section : sections) {
        if (section.text.empty()) continue;
        ui::gap(6, ctx.ui_scale);
        ui::subheading_text(ctx(section.key), width);
        ui::wrapped_text(section.text, width);
    }
}

} // namespace idekort::office
