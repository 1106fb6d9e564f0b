// Stage-change e-mail (issue 14) end to end: the real idekort-server with a real SQLite file sends
// through libcurl to an SMTP sink the test starts on loopback (smtp_sink.h). One mail per stage
// change, to an author who consented and gave an address, in the card's language, with the
// status link; none for an author who did not consent; and a relay that is down at first still
// gets each mail, once, when it comes up.
#include "office_server.h"
#include "smtp_sink.h"

#include <algorithm>

using namespace idekort;
using namespace idekort::test;

namespace {
constexpr const char* status_link = "https://idekort.example/status/{receipt}";

struct MailServer {
    explicit MailServer(std::uint16_t relay_port) : dir(make_temp_dir("idekort-mail")), web(make_temp_dir("idekort-mail-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN,
            std::vector<std::string>{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", office_key, "--rate-ip", "0",
                                     "--rate-login", "0", "--rate-key", "0", "--rate-key-address", "0",
                                     "--mail-relay", "smtp://127.0.0.1:" + std::to_string(relay_port), "--mail-from", "idekort@example.dk",
                                     "--mail-status-link", status_link, "--mail-retry-seconds", "1"});
        REQUIRE_MESSAGE(server->started(), server->log());
        http = std::make_unique<HttpClient>(server->port());
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", "ada", office_password, "admin"));
        auto r = http->post("/api/v1/admin/login", std::string("{\"username\":\"ada\",\"password\":\"") + office_password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        token = json::ObjectReader(r.body, JsonLimits{}).optional_text("token").value_or("");
    }

    // A card from the fixture (Åse Ørum, consenting, Danish) with `edits` applied; its id and receipt.
    std::pair<std::string, std::string> submit(const std::vector<std::pair<std::string, std::string>>& edits = {}) {
        const std::string id = to_string(new_uuid());
        std::string card = card_with_id(read_project_file("tests/fixtures/card-v1.json"), id);
        for (const auto& [from, to] : edits) card = replace_once(card, from, to);
        auto r = http->put("/api/v1/cards/" + id, card, office_key);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        versions[id] = 0;
        return {id, json::ObjectReader(r.body, JsonLimits{}).optional_text("receipt").value_or("")};
    }

    void move(const std::string& card, protocol::TransitionRequest request) {
        request.version = versions[card];
        auto r = http->post("/api/v1/cards/" + card + "/transitions", protocol::to_json(request), token);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        versions[card] = protocol::from_json<protocol::PipelineCardReply>(r.body).value().version;
    }

    std::string dir, web, token;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> http;
    std::map<std::string, std::int64_t> versions;
};

std::string message_id_of(const ReceivedMail& m) {
    const auto at = m.data.find("Message-ID: <");
    return at == std::string::npos ? std::string() : m.data.substr(at + 13, m.data.find('>', at) - at - 13);
}

std::vector<std::string> message_ids(const std::vector<ReceivedMail>& mails) {
    std::vector<std::string> out;
    for (const auto& m : mails) out.push_back(message_id_of(m));
    std::sort(out.begin(), out.end());
    return out;
}

bool log_says(const ServerProcess& server, const std::string& text, std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (server.log().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));   // polling a state, with a deadline
    }
    return true;
}
} // namespace

TEST_CASE("[stage mail] one mail per stage change, in the card's language with the status link; none without consent") {
    SmtpSink sink;
    MailServer office(sink.port());
    const auto [quiet, quiet_receipt] = office.submit({{"\"consent_to_contact\":true", "\"consent_to_contact\":false"}});
    office.move(quiet, triage("climate"));   // no consent: nothing is queued
    const auto [danish, danish_receipt] = office.submit();
    const auto [english, english_receipt] = office.submit({{"\"language\":\"da\"", "\"language\":\"en\""}});
    office.move(danish, triage("climate"));
    office.move(danish, act("plan_screening"));
    office.move(english, triage("climate"));
    REQUIRE_MESSAGE(sink.wait_for(3, std::chrono::seconds(60)), office.server->log());
    // One more change, and its mail: the outbox goes oldest first, so by now any mail for the
    // card without consent, or a second one for a change, would have come before it.
    office.move(danish, act("invite_to_pitch"));
    REQUIRE_MESSAGE(sink.wait_for(4, std::chrono::seconds(60)), office.server->log());
    const auto mails = sink.mails();
    CHECK(mails.size() == 4);
    std::vector<std::string> expected{danish + ".1@idekort", danish + ".2@idekort", danish + ".3@idekort", english + ".1@idekort"};
    std::sort(expected.begin(), expected.end());
    CHECK(message_ids(mails) == expected);
    for (const ReceivedMail& m : mails) {
        CHECK(m.to == "aase.orum@example.dk");
        CHECK(m.from == "idekort@example.dk");
        CHECK(m.data.find(quiet) == std::string::npos);
        const bool is_english = message_id_of(m).rfind(english, 0) == 0;
        const std::string receipt = is_english ? english_receipt : danish_receipt;
        CHECK(m.data.find("https://idekort.example/status/" + receipt) != std::string::npos);
        CHECK(m.data.find(is_english ? "There is news about the idea" : "Der er nyt om den idé") != std::string::npos);
        CHECK(m.data.find("Content-Type: text/plain; charset=UTF-8") != std::string::npos);
    }
    // The stage in words, from the strings files: the Danish card's invitation.
    const auto invited = std::find_if(mails.begin(), mails.end(), [&](const ReceivedMail& m) { return message_id_of(m) == danish + ".3@idekort"; });
    REQUIRE(invited != mails.end());
    CHECK(invited->data.find("Du er inviteret til at pitche din idé.") != std::string::npos);
    const auto english_mail = std::find_if(mails.begin(), mails.end(), [&](const ReceivedMail& m) { return message_id_of(m) == english + ".1@idekort"; });
    REQUIRE(english_mail != mails.end());
    CHECK(english_mail->data.find("Sorted under a theme") != std::string::npos);
}

TEST_CASE("[stage mail] a relay that is down at first still gets the mail, once, when it comes up; an erased contact gets none") {
    const std::uint16_t port = free_port();   // nothing listens here yet
    MailServer office(port);
    const auto [card, receipt] = office.submit();
    office.move(card, triage("climate"));
    REQUIRE_MESSAGE(log_says(*office.server, "stage mail not sent", std::chrono::seconds(60)), office.server->log());
    // Another card's mail is queued while the relay is down, and then its contact is erased.
    const auto [erased, erased_receipt] = office.submit();
    office.move(erased, triage("climate"));
    auto erase = office.http->post("/api/v1/admin/cards/" + erased + "/erase-contact", {}, office.token);
    REQUIRE_MESSAGE(erase.status == 200, erase.body);
    SmtpSink sink(port);   // the relay comes up
    REQUIRE_MESSAGE(sink.wait_for(1, std::chrono::seconds(60)), office.server->log());
    REQUIRE_MESSAGE(log_says(*office.server, "stage mail dropped", std::chrono::seconds(60)), office.server->log());
    office.move(card, act("plan_screening"));
    REQUIRE_MESSAGE(sink.wait_for(2, std::chrono::seconds(60)), office.server->log());
    const auto mails = sink.mails();
    CHECK(mails.size() == 2);
    CHECK(message_ids(mails) == std::vector<std::string>{card + ".1@idekort", card + ".2@idekort"});
    for (const auto& m : mails) CHECK(m.data.find(erased_receipt) == std::string::npos);
    for (const auto& m : mails) CHECK(m.data.find("https://idekort.example/status/" + receipt) != std::string::npos);
}
