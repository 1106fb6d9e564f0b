// WorkshopScreen: a participant's screen of a live workshop (issue 16), in the capture app. The
// code comes from the join link (`?workshop=CODE`, `--workshop CODE`) or is typed after "Deltag i
// workshop" on the start screen. Joined, it shows the workshop's title, a short card (title, the
// challenge, the idea) with the wizard's fields and the card's own validation, this participant's
// cards and whether each has reached the wall, and the workshop's shown cards, most dots first,
// with the dots left and a button per card to give or take back a dot. Drawn over
// WorkshopParticipant (app/core), which keeps the identity and the cards on the device.
#pragma once

#include "app/core/workshop_participant.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"
#include "common/card_validation.h"

#include <string>
#include <vector>

namespace idekort::capture {

using namespace idekort::ui;

class WorkshopScreen {
public:
    enum class Action { None, Back };
    // Opens the screen with `code` typed (and joined), or empty for the person to type one.
    void open(WorkshopParticipant& participant, const std::string& code);
    Action draw(WorkshopParticipant& participant, ScreenContext& ctx, float bottom_reserved);
    // Forgets the words typed into the form and the code (a kiosk's idle wipe).
    void reset();

private:
    void draw_code_entry(WorkshopParticipant& participant, ScreenContext& ctx);
    void draw_card_form(WorkshopParticipant& participant, ScreenContext& ctx);
    void draw_cards(WorkshopParticipant& participant, ScreenContext& ctx);
    bool field(ScreenContext& ctx, const std::vector<FieldProblem>& problems, const char* name, std::string& value, int lines);

    std::string m_code;
    std::string m_title, m_challenge, m_idea;
    bool m_tried_send = false;
    bool m_saving = false;
    bool m_save_failed = false;
    TouchScroll m_scroll;
};

} // namespace idekort::capture
