// WorkshopDoor: the capture app's way into a live workshop (issue 16), where a participant joins
// by the wall's code, writes short cards and gives dots. Each build of the capture app links one
// of two doors:
// - here (workshop_door_here.cpp): the participant lives in this app, with its screen, its
//   client and its outbox on the device. Natively (a kiosk, tests) and in the browser's
//   participant page, /workshop/ (the join link's page).
// - elsewhere (workshop_door_elsewhere.cpp): the browser's capture page, /, asks the page to
//   open /workshop/ instead, so the capture app's wasm carries none of the participant's code
//   (issue 11: the capture app alone in its wasm; the participant had made it 11.8 kB larger).
// CaptureApp only sees this interface.
#pragma once

#include "app/core/application.h"
#include "app/ui/screen_context.h"
#include "common/json_writer.h"

#include <memory>
#include <string>

namespace idekort::capture {

class WorkshopDoor {
public:
    virtual ~WorkshopDoor() = default;
    // Shows the participant's screen on `code` (empty: the person types it there). False when
    // the workshop opens on another page: the app stays on the screen it is on.
    virtual bool open(const std::string& code) = 0;
    // Work between frames (cards waiting on the device, the list's polling); when it is next due.
    virtual double update(double now) = 0;
    // Draws the participant's screen; true when the person went back.
    virtual bool draw(ui::ScreenContext& ctx, float bottom_reserved) = 0;
    // Forgets what was typed (a kiosk's idle wipe); sent cards stay in the outbox.
    virtual void reset() = 0;
    virtual void network_changed(bool online) = 0;
    // The members of the state JSON's "workshop" object (tests wait on them).
    virtual void write_state(json::Writer& w) const = 0;
};

// The door this build links, on the runner's capabilities; `server_url` is idekort-server's.
std::unique_ptr<WorkshopDoor> make_workshop_door(const AppEnvironment& environment, const std::string& server_url);

} // namespace idekort::capture
