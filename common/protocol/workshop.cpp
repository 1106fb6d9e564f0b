// Workshop messages on the wire (see workshop.h).
#include "common/protocol/workshop.h"

#include "common/protocol/message.h"

namespace idekort::protocol {

std::string normalise_join_code(std::string_view typed) {
    std::string out;
    const std::string_view alphabet = join_code_alphabet;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (alphabet.find(c) == std::string_view::npos) return {};
        out.push_back(c);
    }
    return out.size() == join_code_length ? out : std::string();
}

std::string_view to_string(Moderation m) { return m == Moderation::Moderated ? "moderated" : "open"; }

bool parse_moderation(std::string_view text, Moderation& out) {
    if (text == "open") out = Moderation::Open;
    else if (text == "moderated") out = Moderation::Moderated;
    else return false;
    return true;
}

namespace {
void write_list(json::Writer& w, std::string_view name, const std::vector<std::string>& items) {
    w.key(name).begin_array();
    for (const auto& s : items) w.value(s);
    w.end_array();
}
} // namespace

void CreateWorkshopRequest::write(json::Writer& w) const {
    w.begin_object().member("title", title);
    write_list(w, "themes", themes);
    w.member("time_box_minutes", time_box_minutes).member("moderation", moderation)
        .member("dots_per_participant", dots_per_participant).end_object();
}

CreateWorkshopRequest CreateWorkshopRequest::read(json::ObjectReader& r) {
    CreateWorkshopRequest q;
    q.title = r.text("title");
    q.themes = r.text_list("themes");
    q.time_box_minutes = r.optional_integer("time_box_minutes").value_or(60);
    q.moderation = r.optional_text("moderation").value_or("open");
    q.dots_per_participant = r.optional_integer("dots_per_participant").value_or(3);
    return q;
}

void WorkshopInfo::write(json::Writer& w) const {
    w.begin_object().member("code", code).member("title", title);
    write_list(w, "themes", themes);
    w.member("time_box_minutes", time_box_minutes).member("moderation", moderation)
        .member("dots_per_participant", dots_per_participant).member("voting_open", voting_open)
        .member("created_at", created_at).member("join_path", join_path).member("revision", revision).end_object();
}

WorkshopInfo WorkshopInfo::read(json::ObjectReader& r) {
    WorkshopInfo i;
    i.code = r.text("code");
    i.title = r.text("title");
    i.themes = r.text_list("themes");
    i.time_box_minutes = r.integer("time_box_minutes");
    i.moderation = r.text("moderation");
    i.dots_per_participant = r.integer("dots_per_participant");
    i.voting_open = r.flag("voting_open");
    i.created_at = r.text("created_at");
    i.join_path = r.text("join_path");
    i.revision = r.integer("revision");
    return i;
}

void JoinReply::write(json::Writer& w) const {
    w.begin_object().member("participant_id", participant_id).member("token", token).end_object();
}

JoinReply JoinReply::read(json::ObjectReader& r) {
    JoinReply j;
    j.participant_id = r.text("participant_id");
    j.token = r.text("token");
    return j;
}

void WorkshopCardRequest::write(json::Writer& w) const {
    w.begin_object().member("title", title).member("challenge", challenge).member("idea", idea).member("theme", theme);
    if (contact_name) w.member("contact_name", *contact_name);
    if (contact_email) w.member("contact_email", *contact_email);
    w.end_object();
}

WorkshopCardRequest WorkshopCardRequest::read(json::ObjectReader& r) {
    WorkshopCardRequest c;
    c.title = r.text("title");
    c.challenge = r.optional_text("challenge").value_or("");
    c.idea = r.optional_text("idea").value_or("");
    c.theme = r.optional_text("theme").value_or("");
    c.contact_name = r.optional_text("contact_name");
    c.contact_email = r.optional_text("contact_email");
    return c;
}

void WallCard::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("title", title).member("challenge", challenge)
        .member("idea", idea).member("theme", theme).member("status", status).member("cluster_id", cluster_id)
        .member("merged_into", merged_into).member("dots", dots).member("mine", mine).member("revision", revision)
        .end_object();
}

WallCard WallCard::read(json::ObjectReader& r) {
    WallCard c;
    c.card_id = r.text("card_id");
    c.title = r.text("title");
    c.challenge = r.text("challenge");
    c.idea = r.text("idea");
    c.theme = r.text("theme");
    c.status = r.text("status");
    c.cluster_id = r.optional_text("cluster_id");
    c.merged_into = r.optional_text("merged_into");
    c.dots = r.integer("dots");
    c.mine = r.flag("mine");
    c.revision = r.integer("revision");
    return c;
}

void WorkshopCluster::write(json::Writer& w) const {
    w.begin_object().member("cluster_id", cluster_id).member("name", name).member("colour", colour)
        .member("theme", theme).member("revision", revision).end_object();
}

WorkshopCluster WorkshopCluster::read(json::ObjectReader& r) {
    WorkshopCluster c;
    c.cluster_id = r.text("cluster_id");
    c.name = r.text("name");
    c.colour = r.text("colour");
    c.theme = r.text("theme");
    c.revision = r.integer("revision");
    return c;
}

void ClusterRequest::write(json::Writer& w) const {
    w.begin_object().member("name", name).member("colour", colour).member("theme", theme).end_object();
}

ClusterRequest ClusterRequest::read(json::ObjectReader& r) {
    ClusterRequest c;
    c.name = r.text("name");
    c.colour = r.optional_text("colour").value_or("#1f6feb");
    c.theme = r.optional_text("theme").value_or("");
    return c;
}

void CardMoveRequest::write(json::Writer& w) const {
    w.begin_object();
    if (cluster_id) w.member("cluster_id", *cluster_id);
    if (hidden) w.member("hidden", *hidden);
    if (merge_into) w.member("merge_into", *merge_into);
    w.end_object();
}

CardMoveRequest CardMoveRequest::read(json::ObjectReader& r) {
    CardMoveRequest m;
    m.cluster_id = r.optional_text("cluster_id");
    m.hidden = r.optional_flag("hidden");
    m.merge_into = r.optional_text("merge_into");
    return m;
}

void VotingRequest::write(json::Writer& w) const { w.begin_object().member("open", open).end_object(); }

VotingRequest VotingRequest::read(json::ObjectReader& r) {
    VotingRequest v;
    v.open = r.flag("open");
    return v;
}

void VoteRequest::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("dots", dots).end_object();
}

VoteRequest VoteRequest::read(json::ObjectReader& r) {
    VoteRequest v;
    v.card_id = r.text("card_id");
    v.dots = r.integer("dots");
    return v;
}

void WorkshopChanges::write(json::Writer& w) const {
    w.begin_object().member("revision", revision).key("workshop");
    if (workshop) workshop->write(w);
    else w.null();
    w.key("clusters").begin_array();
    for (const auto& c : clusters) c.write(w);
    w.end_array().key("cards").begin_array();
    for (const auto& c : cards) c.write(w);
    w.end_array().member("dots_left", dots_left).key("my_votes").begin_array();
    for (const auto& v : my_votes) v.write(w);
    w.end_array().end_object();
}

WorkshopChanges WorkshopChanges::read(json::ObjectReader& r) {
    WorkshopChanges c;
    c.revision = r.integer("revision");
    const std::string info = r.json_text("workshop");
    if (!info.empty() && info != "null") {
        auto parsed = from_json<WorkshopInfo>(info);
        if (parsed) c.workshop = parsed.value();
        else r.reject("workshop", parsed.error().describe());
    }
    c.clusters = r.object_list<WorkshopCluster>("clusters", [](json::ObjectReader& i) { return WorkshopCluster::read(i); });
    c.cards = r.object_list<WallCard>("cards", [](json::ObjectReader& i) { return WallCard::read(i); });
    c.dots_left = r.optional_integer("dots_left");
    c.my_votes = r.object_list<VoteRequest>("my_votes", [](json::ObjectReader& i) { return VoteRequest::read(i); });
    return c;
}

void PromoteRequest::write(json::Writer& w) const {
    w.begin_object();
    if (card_id) w.member("card_id", *card_id);
    if (cluster_id) w.member("cluster_id", *cluster_id);
    w.end_object();
}

PromoteRequest PromoteRequest::read(json::ObjectReader& r) {
    PromoteRequest p;
    p.card_id = r.optional_text("card_id");
    p.cluster_id = r.optional_text("cluster_id");
    return p;
}

void PromoteReply::write(json::Writer& w) const {
    w.begin_object().member("inbox_card_id", inbox_card_id).member("receipt", receipt).member("workshop", workshop)
        .member("cluster_id", cluster_id);
    write_list(w, "source_cards", source_cards);
    w.member("dots", dots).end_object();
}

PromoteReply PromoteReply::read(json::ObjectReader& r) {
    PromoteReply p;
    p.inbox_card_id = r.text("inbox_card_id");
    p.receipt = r.text("receipt");
    p.workshop = r.text("workshop");
    p.cluster_id = r.optional_text("cluster_id");
    p.source_cards = r.text_list("source_cards");
    p.dots = r.integer("dots");
    return p;
}

void LiveSubscribe::write(json::Writer& w) const {
    w.begin_object().member("type", "subscribe").member("token", token).member("since", since).end_object();
}

LiveSubscribe LiveSubscribe::read(json::ObjectReader& r) {
    LiveSubscribe s;
    if (r.text("type") != "subscribe") r.reject("type", "the first message must be {\"type\":\"subscribe\", ...}");
    s.token = r.text("token");
    s.since = r.optional_integer("since").value_or(0);
    if (s.since < 0) r.reject("since", "since must be a revision number (0 or more)");
    return s;
}

} // namespace idekort::protocol
