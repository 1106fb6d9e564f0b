// Sparring messages (see sparring.h).
#include "common/protocol/sparring.h"

#include "common/protocol/message.h"

namespace idekort::protocol {

void SparringPartnerRequest::write(json::Writer& w) const {
    w.begin_object();
    if (!account.empty()) w.member("account", account);
    if (!name.empty()) w.member("name", name);
    if (!organisation.empty()) w.member("organisation", organisation);
    w.end_object();
}

SparringPartnerRequest SparringPartnerRequest::read(json::ObjectReader& r) {
    SparringPartnerRequest s;
    s.account = r.optional_text("account").value_or("");
    s.name = r.optional_text("name").value_or("");
    s.organisation = r.optional_text("organisation").value_or("");
    return s;
}

void SparringPartner::write(json::Writer& w) const {
    w.begin_object().member("account", account).member("role", role).member("name", name).member("organisation", organisation)
        .member("set_by", set_by).member("set_at", set_at).end_object();
}

SparringPartner SparringPartner::read(json::ObjectReader& r) {
    SparringPartner p;
    p.account = r.text("account");
    p.role = r.text("role");
    p.name = r.text("name");
    p.organisation = r.text("organisation");
    p.set_by = r.text("set_by");
    p.set_at = r.text("set_at");
    return p;
}

void AdviceEntry::write(json::Writer& w) const {
    w.begin_object().member("given_on", given_on).member("agreed", agreed).member("next_step", next_step);
    if (!by.empty()) w.member("by", by);
    if (!at.empty()) w.member("at", at);
    w.end_object();
}

AdviceEntry AdviceEntry::read(json::ObjectReader& r) {
    AdviceEntry a;
    a.given_on = r.text("given_on");
    a.agreed = r.text("agreed");
    a.next_step = r.optional_text("next_step").value_or("");
    a.by = r.optional_text("by").value_or("");
    a.at = r.optional_text("at").value_or("");
    return a;
}

void SparringReply::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).key("partner");
    if (partner) partner->write(w);
    else w.null();
    w.key("advice").begin_array();
    for (const AdviceEntry& a : advice) a.write(w);
    w.end_array().end_object();
}

SparringReply SparringReply::read(json::ObjectReader& r) {
    SparringReply s;
    s.card_id = r.text("card_id");
    const std::string partner = r.json_text("partner");
    if (!partner.empty() && partner != "null") {
        auto read = from_json<SparringPartner>(partner);
        if (read) s.partner = read.value();
        else r.reject("partner", read.error().describe());
    }
    s.advice = r.object_list<AdviceEntry>("advice", [](json::ObjectReader& item) { return AdviceEntry::read(item); });
    return s;
}

} // namespace idekort::protocol
