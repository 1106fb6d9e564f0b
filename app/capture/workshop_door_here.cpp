// The workshop door where the participant lives in this app (see workshop_door.h): natively and
// in the browser's participant page (/workshop/). Owns the participant (app/core) and its screen.
#include "app/capture/workshop_door.h"
#include "app/capture/workshop_screen.h"
#include "app/core/workshop_participant.h"

namespace idekort::capture {

namespace {

class WorkshopHere final : public WorkshopDoor {
public:
    WorkshopHere(const AppEnvironment& environment, const std::string& server_url)
        : m_participant(environment.store, environment.http) {
        m_participant.set_server(server_url);
    }

    bool open(const std::string& code) override {
        m_screen.open(m_participant, code);
        return true;
    }
    double update(double now) override { return m_participant.update(now); }
    bool draw(ui::ScreenContext& ctx, float bottom_reserved) override {
        return m_screen.draw(m_participant, ctx, bottom_reserved) == WorkshopScreen::Action::Back;
    }
    void reset() override { m_screen.reset(); }
    void network_changed(bool online) override { m_participant.network_changed(online); }

    // Where joining stands, the dots and this device's cards (the cards' words are on screen and
    // in the registry).
    void write_state(json::Writer& w) const override {
        const WorkshopParticipant& p = m_participant;
        const char* joins[] = {"none", "joining", "joined", "failed"};
        w.key("join").value(joins[static_cast<int>(p.join_state())]);
        w.key("problem").value(to_string(p.problem()));
        w.key("code").value(p.code());
        w.key("participant").value(p.participant_id());
        w.key("title").value(p.info() ? p.info()->title : "");
        w.key("voting_open").value(p.info() && p.info()->voting_open);
        w.key("dots_left").value(static_cast<long long>(p.dots_left()));
        w.key("polls").value(static_cast<long long>(p.polls()));
        w.key("shown").value(static_cast<long long>(p.ranking().size()));
        w.key("outbox").begin_array();
        for (const WorkshopOutboxCard& mine : p.outbox()) {
            const char* state = mine.state == WorkshopOutboxCard::State::Sent ? "sent" : mine.state == WorkshopOutboxCard::State::Refused ? "refused" : "waiting";
            w.begin_object().key("id").value(mine.card_id).key("state").value(state).key("attempts").value(static_cast<long long>(mine.attempts)).end_object();
        }
        w.end_array();
    }

private:
    WorkshopParticipant m_participant;
    WorkshopScreen m_screen;
};

} // namespace

std::unique_ptr<WorkshopDoor> make_workshop_door(const AppEnvironment& environment, const std::string& server_url) {
    return std::make_unique<WorkshopHere>(environment, server_url);
}

} // namespace idekort::capture
