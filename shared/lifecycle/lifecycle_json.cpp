// shared/lifecycle/lifecycle_json.cpp — JSON output of projects and audit records (see the header). Key order
// is fixed (ordered_json) so that outputs compare and read the same every time.
#include "shared/lifecycle/lifecycle_json.hpp"

#include <nlohmann/json.hpp>

#include "shared/validate/validators.hpp"

namespace jiebang::lifecycle {

namespace {

using Json = nlohmann::ordered_json;

std::string percent_text(int basis_points) {
    return format_money_wan(MoneyWan{basis_points});  // the same two-decimal formatting
}

Json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
    Json object = Json::object();
    for (const auto& [key, value] : pairs) {
        if (object.contains(key)) {  // repeated keys (e.g. paid_to) become a list
            if (!object[key].is_array())
                object[key] = Json::array({object[key]});
            object[key].push_back(value);
        } else {
            object[key] = value;
        }
    }
    return object;
}

Json record_json(const LifecycleAuditRecord& record) {
    return Json{{"sequence", record.sequence},
                {"at", record.at},
                {"actor", record.actor_id},
                {"role", record.actor_role},
                {"project", record.project_id},
                {"action", record.action},
                {"state_before", record.state_before},
                {"state_after", record.state_after},
                {"before", pairs_json(record.before)},
                {"after", pairs_json(record.after)}};
}

Json shares_json(const std::vector<PartyAmount>& shares) {
    Json list = Json::array();
    for (const PartyAmount& share : shares) {
        list.push_back({{"party", share.party},
                        {"name_zh", share.name.chinese},
                        {"name_en", share.name.english},
                        {"amount_wan", format_money_wan(share.amount)}});
    }
    return list;
}

}  // namespace

std::string audit_record_to_json(const LifecycleAuditRecord& record) {
    return record_json(record).dump();
}

std::string project_to_json(const Project& project, const std::vector<LifecycleAuditRecord>& timeline) {
    Json bids = Json::array();
    for (const ProjectBid& bid : project.bids) {
        Json scores = Json::array();
        for (const ExpertScore& score : bid.scores)
            scores.push_back({{"expert", score.expert_id}, {"score", score.score}, {"on", score.scored_on}});
        bids.push_back({{"bid", bid.bid_id},
                        {"receipt", bid.receipt_number},
                        {"solver", bid.solver_name},
                        {"solver_uscc", bid.solver_uscc},
                        {"team", bid.team},
                        {"scores", scores},
                        {"recommendation", std::string(recommendation_code(bid.recommendation))},
                        {"recommendation_note", bid.recommendation_note},
                        {"state", std::string(bid_state_code(bid.state))},
                        {"signed_on", bid.signed_on},
                        {"start_on", bid.start_on},
                        {"end_on", bid.end_on},
                        {"contract_value_wan", format_money_wan(bid.contract_value)},
                        {"contract_registration", bid.contract_registration},
                        {"eliminated_on", bid.eliminated_on},
                        {"eliminated_in_review", bid.eliminated_in_review},
                        {"paid_wan", format_money_wan(project.paid_to(bid.bid_id))}});
    }
    Json objections = Json::array();
    for (const Objection& objection : project.objections) {
        objections.push_back({{"number", objection.number},
                              {"received_on", objection.received_on},
                              {"summary", objection.summary},
                              {"resolution", std::string(objection_resolution_code(objection.resolution))},
                              {"resolved_on", objection.resolved_on},
                              {"note", objection.resolution_note}});
    }
    Json tranches = Json::array();
    for (const LedgerTranche& tranche : project.tranches) {
        tranches.push_back({{"tranche", tranche.tranche_id},
                            {"name_zh", tranche.name.chinese},
                            {"name_en", tranche.name.english},
                            {"percent", percent_text(tranche.basis_points)},
                            {"amount_wan", format_money_wan(tranche.amount)},
                            {"condition", tranche.condition},
                            {"state", std::string(tranche_state_code(tranche.state))},
                            {"due_since", tranche.due_since},
                            {"paid_on", tranche.paid_on},
                            {"shares", shares_json(tranche.shares)}});
    }
    Json payments = Json::array();
    for (const Payment& payment : project.payments) {
        payments.push_back({{"tranche", payment.tranche_id},
                            {"bid", payment.bid_id},
                            {"party", payment.party},
                            {"amount_wan", format_money_wan(payment.amount)},
                            {"paid_on", payment.paid_on}});
    }
    Json reviews = Json::array();
    for (const MidtermReview& review : project.reviews) {
        reviews.push_back({{"number", review.number},
                           {"held_on", review.held_on},
                           {"outcome", review.outcome},
                           {"continuing", review.continuing},
                           {"eliminated", review.eliminated},
                           {"note", review.note}});
    }
    Json reports = Json::array();
    for (const ProgressReport& report : project.reports) {
        reports.push_back({{"period", report.period},
                           {"reported_on", report.reported_on},
                           {"completion_percent", percent_text(report.completion_basis_points)},
                           {"note", report.note}});
    }
    Json extensions = Json::array();
    for (const Extension& extension : project.extensions) {
        extensions.push_back({{"number", extension.number},
                              {"approved_on", extension.approved_on},
                              {"previous_end", extension.previous_end},
                              {"new_end", extension.new_end},
                              {"reason", extension.reason}});
    }
    Json recoveries = Json::array();
    for (const Recovery& recovery : project.recoveries) {
        recoveries.push_back({{"kind", recovery.kind},
                              {"amount_wan", format_money_wan(recovery.amount)},
                              {"decided_on", recovery.decided_on},
                              {"shares", shares_json(recovery.shares)}});
    }
    Json acceptance = nullptr;
    if (project.acceptance) {
        acceptance = {{"applied_on", project.acceptance->applied_on},
                      {"held_on", project.acceptance->held_on},
                      {"completion_percent", percent_text(project.acceptance->completion_basis_points)},
                      {"conditions_met", project.acceptance->conditions_met},
                      {"conditions_failed", project.acceptance->conditions_failed},
                      {"passed", project.acceptance->passed},
                      {"note", project.acceptance->note}};
    }
    Json funding = nullptr;
    if (!project.funding.planned_on.empty()) {
        funding = {{"planned_on", project.funding.planned_on},
                   {"subsidy_kind", project.funding.subsidy_kind},
                   {"scheme_name_zh", project.funding.scheme_name.chinese},
                   {"scheme_name_en", project.funding.scheme_name.english},
                   {"method", project.funding.method},
                   {"amount_basis", project.funding.amount_basis},
                   {"base_wan", format_money_wan(project.funding.base)},
                   {"rate_percent", percent_text(project.funding.rate_basis_points)},
                   {"cap_wan", format_money_wan(project.funding.cap)},
                   {"capped", project.funding.capped},
                   {"subsidy_wan", format_money_wan(project.funding.subsidy)},
                   {"cost_share_group", project.funding.cost_share_group},
                   {"shares", shares_json(project.funding.shares)}};
    }
    Json history = Json::array();
    for (const LifecycleAuditRecord& record : timeline)
        history.push_back(record_json(record));
    Json document = {{"project", project.project_id},
                     {"profile", project.profile_id},
                     {"title", project.title},
                     {"issuer", project.issuer_name},
                     {"issuer_kind", project.issuer_kind},
                     {"county", project.county_admin_code},
                     {"project_type", project.project_type_id},
                     {"mechanism", project.mechanism},
                     {"bounty_wan", format_money_wan(project.bounty)},
                     {"state", std::string(project_state_code(project.state))},
                     {"project_number", project.project_number},
                     {"created_on", project.created_on},
                     {"selected_on", project.selected_on},
                     {"selection_decided_by", project.selection_decided_by},
                     {"signing_deadline", project.signing_deadline},
                     {"agreed_on", project.agreed_on},
                     {"registered_on", project.registered_on},
                     {"notice_start", project.notice_start},
                     {"notice_end", project.notice_end},
                     {"notice_waived", project.notice_waived},
                     {"approved_on", project.approved_on},
                     {"approval_year", project.approval_year},
                     {"start_on", project.start_on},
                     {"end_on", project.end_on},
                     {"original_end_on", project.original_end_on},
                     {"closed_on", project.closed_on},
                     {"ended_on", project.ended_on},
                     {"ended_reason", project.ended_reason},
                     {"paid_wan", format_money_wan(project.paid_total())},
                     {"recovered_wan", format_money_wan(project.recovered_total())},
                     {"bids", bids},
                     {"objections", objections},
                     {"funding", funding},
                     {"tranches", tranches},
                     {"payments", payments},
                     {"reviews", reviews},
                     {"progress_reports", reports},
                     {"extensions", extensions},
                     {"recoveries", recoveries},
                     {"acceptance", acceptance},
                     {"timeline", history}};
    return document.dump(2);
}

// Reading back (invariants 1 and 2). A failure anywhere throws DocumentFailure inside this file only; the two
// entry points catch it (and nlohmann's own exceptions) and return lifecycle.document_invalid.
namespace {

struct DocumentFailure {
    std::string path;
    std::string reason;
};

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
    throw DocumentFailure{path, reason};
}

class DocumentReader {
  public:
    const Json& at(const Json& object, const std::string& path, const char* key) const {
        if (!object.is_object())
            refuse(path, "expected an object");
        const auto found = object.find(key);
        if (found == object.end())
            refuse(join(path, key), "missing");
        return *found;
    }
    std::string text(const Json& object, const std::string& path, const char* key) const {
        const Json& value = at(object, path, key);
        if (!value.is_string())
            refuse(join(path, key), "expected a text");
        return value.get<std::string>();
    }
    std::int64_t integer(const Json& object, const std::string& path, const char* key) const {
        const Json& value = at(object, path, key);
        if (!value.is_number_integer())
            refuse(join(path, key), "expected a whole number");
        return value.get<std::int64_t>();
    }
    bool boolean(const Json& object, const std::string& path, const char* key) const {
        const Json& value = at(object, path, key);
        if (!value.is_boolean())
            refuse(join(path, key), "expected true or false");
        return value.get<bool>();
    }
    MoneyWan money(const Json& object, const std::string& path, const char* key) const {
        const std::string value = text(object, path, key);
        Result<MoneyWan> amount = parse_money_wan(value);
        if (!amount)
            refuse(join(path, key), "not an amount in wan yuan");
        return *amount;
    }
    int percent(const Json& object, const std::string& path, const char* key) const {
        const std::string value = text(object, path, key);
        Result<MoneyWan> amount = parse_money_wan(value);  // written as percent_text: two decimals at most
        if (!amount)
            refuse(join(path, key), "not a percentage");
        return static_cast<int>(amount->hundredths);
    }
    const Json& list(const Json& object, const std::string& path, const char* key) const {
        const Json& value = at(object, path, key);
        if (!value.is_array())
            refuse(join(path, key), "expected a list");
        return value;
    }
    std::vector<std::string> texts(const Json& object, const std::string& path, const char* key) const {
        std::vector<std::string> items;
        const Json& values = list(object, path, key);
        for (std::size_t index = 0; index < values.size(); ++index) {
            if (!values[index].is_string())
                refuse(join(path, key) + "[" + std::to_string(index) + "]", "expected a text");
            items.push_back(values[index].get<std::string>());
        }
        return items;
    }
    template <class Code>
    Code code(const Json& object, const std::string& path, const char* key,
              std::optional<Code> (*from_code)(std::string_view)) const {
        const std::string value = text(object, path, key);
        const std::optional<Code> parsed = from_code(value);
        if (!parsed)
            refuse(join(path, key), "unknown code " + value);
        return *parsed;
    }
    static std::string join(const std::string& path, const char* key) {
        return path.empty() ? std::string(key) : path + "." + key;
    }
    static std::string item(const std::string& path, const char* key, std::size_t index) {
        return join(path, key) + "[" + std::to_string(index) + "]";
    }
};

std::vector<PartyAmount> read_shares(const DocumentReader& reader, const Json& object,
                                     const std::string& path) {
    std::vector<PartyAmount> shares;
    const Json& list = reader.list(object, path, "shares");
    for (std::size_t index = 0; index < list.size(); ++index) {
        const std::string at = DocumentReader::item(path, "shares", index);
        shares.push_back(PartyAmount{
            reader.text(list[index], at, "party"),
            LocalText{reader.text(list[index], at, "name_zh"), reader.text(list[index], at, "name_en")},
            reader.money(list[index], at, "amount_wan")});
    }
    return shares;
}

std::vector<std::pair<std::string, std::string>> read_pairs(const Json& object, const std::string& path) {
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!object.is_object())
        refuse(path, "expected an object");
    for (const auto& [key, value] : object.items()) {
        if (value.is_string()) {
            pairs.emplace_back(key, value.get<std::string>());
        } else if (value.is_array()) {
            for (const Json& each : value) {
                if (!each.is_string())
                    refuse(path + "." + key, "expected texts");
                pairs.emplace_back(key, each.get<std::string>());
            }
        } else {
            refuse(path + "." + key, "expected a text");
        }
    }
    return pairs;
}

LifecycleAuditRecord read_record(const DocumentReader& reader, const Json& object, const std::string& path) {
    LifecycleAuditRecord record;
    record.sequence = reader.integer(object, path, "sequence");
    record.at = reader.integer(object, path, "at");
    record.actor_id = reader.text(object, path, "actor");
    record.actor_role = reader.text(object, path, "role");
    record.project_id = reader.text(object, path, "project");
    record.action = reader.text(object, path, "action");
    record.state_before = reader.text(object, path, "state_before");
    record.state_after = reader.text(object, path, "state_after");
    record.before = read_pairs(reader.at(object, path, "before"), DocumentReader::join(path, "before"));
    record.after = read_pairs(reader.at(object, path, "after"), DocumentReader::join(path, "after"));
    return record;
}

ProjectDocument read_project(const DocumentReader& reader, const Json& document) {
    ProjectDocument result;
    Project& project = result.project;
    const std::string top;
    project.project_id = reader.text(document, top, "project");
    project.profile_id = reader.text(document, top, "profile");
    project.title = reader.text(document, top, "title");
    project.issuer_name = reader.text(document, top, "issuer");
    project.issuer_kind = reader.text(document, top, "issuer_kind");
    project.county_admin_code = reader.text(document, top, "county");
    project.project_type_id = reader.text(document, top, "project_type");
    project.mechanism = reader.text(document, top, "mechanism");
    project.bounty = reader.money(document, top, "bounty_wan");
    project.state = reader.code<ProjectState>(document, top, "state", project_state_from_code);
    project.project_number = reader.text(document, top, "project_number");
    project.created_on = reader.text(document, top, "created_on");
    project.selected_on = reader.text(document, top, "selected_on");
    project.selection_decided_by = reader.text(document, top, "selection_decided_by");
    project.signing_deadline = reader.text(document, top, "signing_deadline");
    project.agreed_on = reader.text(document, top, "agreed_on");
    project.registered_on = reader.text(document, top, "registered_on");
    project.notice_start = reader.text(document, top, "notice_start");
    project.notice_end = reader.text(document, top, "notice_end");
    project.notice_waived = reader.boolean(document, top, "notice_waived");
    project.approved_on = reader.text(document, top, "approved_on");
    project.approval_year = static_cast<int>(reader.integer(document, top, "approval_year"));
    project.start_on = reader.text(document, top, "start_on");
    project.end_on = reader.text(document, top, "end_on");
    project.original_end_on = reader.text(document, top, "original_end_on");
    project.closed_on = reader.text(document, top, "closed_on");
    project.ended_on = reader.text(document, top, "ended_on");
    project.ended_reason = reader.text(document, top, "ended_reason");

    const Json& bids = reader.list(document, top, "bids");
    for (std::size_t index = 0; index < bids.size(); ++index) {
        const std::string path = DocumentReader::item(top, "bids", index);
        const Json& item = bids[index];
        ProjectBid bid;
        bid.bid_id = reader.text(item, path, "bid");
        bid.receipt_number = reader.text(item, path, "receipt");
        bid.solver_name = reader.text(item, path, "solver");
        bid.solver_uscc = reader.text(item, path, "solver_uscc");
        bid.team = reader.text(item, path, "team");
        const Json& scores = reader.list(item, path, "scores");
        for (std::size_t position = 0; position < scores.size(); ++position) {
            const std::string score_path = DocumentReader::item(path, "scores", position);
            bid.scores.push_back(
                ExpertScore{reader.text(scores[position], score_path, "expert"),
                            static_cast<int>(reader.integer(scores[position], score_path, "score")),
                            reader.text(scores[position], score_path, "on")});
        }
        bid.recommendation =
            reader.code<Recommendation>(item, path, "recommendation", recommendation_from_code);
        bid.recommendation_note = reader.text(item, path, "recommendation_note");
        bid.state = reader.code<BidState>(item, path, "state", bid_state_from_code);
        bid.signed_on = reader.text(item, path, "signed_on");
        bid.start_on = reader.text(item, path, "start_on");
        bid.end_on = reader.text(item, path, "end_on");
        bid.contract_value = reader.money(item, path, "contract_value_wan");
        bid.contract_registration = reader.text(item, path, "contract_registration");
        bid.eliminated_on = reader.text(item, path, "eliminated_on");
        bid.eliminated_in_review = static_cast<int>(reader.integer(item, path, "eliminated_in_review"));
        project.bids.push_back(std::move(bid));
    }
    const Json& objections = reader.list(document, top, "objections");
    for (std::size_t index = 0; index < objections.size(); ++index) {
        const std::string path = DocumentReader::item(top, "objections", index);
        const Json& item = objections[index];
        project.objections.push_back(Objection{
            static_cast<int>(reader.integer(item, path, "number")), reader.text(item, path, "received_on"),
            reader.text(item, path, "summary"),
            reader.code<ObjectionResolution>(item, path, "resolution", objection_resolution_from_code),
            reader.text(item, path, "resolved_on"), reader.text(item, path, "note")});
    }
    const Json& funding = reader.at(document, top, "funding");
    if (!funding.is_null()) {
        const std::string path = "funding";
        FundingPlan& plan = project.funding;
        plan.planned_on = reader.text(funding, path, "planned_on");
        plan.subsidy_kind = reader.text(funding, path, "subsidy_kind");
        plan.scheme_name = LocalText{reader.text(funding, path, "scheme_name_zh"),
                                     reader.text(funding, path, "scheme_name_en")};
        plan.method = reader.text(funding, path, "method");
        plan.amount_basis = reader.text(funding, path, "amount_basis");
        plan.base = reader.money(funding, path, "base_wan");
        plan.rate_basis_points = reader.percent(funding, path, "rate_percent");
        plan.cap = reader.money(funding, path, "cap_wan");
        plan.capped = reader.boolean(funding, path, "capped");
        plan.subsidy = reader.money(funding, path, "subsidy_wan");
        plan.cost_share_group = reader.text(funding, path, "cost_share_group");
        plan.shares = read_shares(reader, funding, path);
    }
    const Json& tranches = reader.list(document, top, "tranches");
    for (std::size_t index = 0; index < tranches.size(); ++index) {
        const std::string path = DocumentReader::item(top, "tranches", index);
        const Json& item = tranches[index];
        LedgerTranche tranche;
        tranche.tranche_id = reader.text(item, path, "tranche");
        tranche.name = LocalText{reader.text(item, path, "name_zh"), reader.text(item, path, "name_en")};
        tranche.basis_points = reader.percent(item, path, "percent");
        tranche.amount = reader.money(item, path, "amount_wan");
        tranche.condition = reader.text(item, path, "condition");
        tranche.state = reader.code<TrancheState>(item, path, "state", tranche_state_from_code);
        tranche.due_since = reader.text(item, path, "due_since");
        tranche.paid_on = reader.text(item, path, "paid_on");
        tranche.shares = read_shares(reader, item, path);
        project.tranches.push_back(std::move(tranche));
    }
    const Json& payments = reader.list(document, top, "payments");
    for (std::size_t index = 0; index < payments.size(); ++index) {
        const std::string path = DocumentReader::item(top, "payments", index);
        const Json& item = payments[index];
        project.payments.push_back(Payment{reader.text(item, path, "tranche"), reader.text(item, path, "bid"),
                                           reader.text(item, path, "party"),
                                           reader.money(item, path, "amount_wan"),
                                           reader.text(item, path, "paid_on")});
    }
    const Json& reviews = reader.list(document, top, "reviews");
    for (std::size_t index = 0; index < reviews.size(); ++index) {
        const std::string path = DocumentReader::item(top, "reviews", index);
        const Json& item = reviews[index];
        project.reviews.push_back(MidtermReview{
            static_cast<int>(reader.integer(item, path, "number")), reader.text(item, path, "held_on"),
            reader.text(item, path, "outcome"), reader.texts(item, path, "continuing"),
            reader.texts(item, path, "eliminated"), reader.text(item, path, "note")});
    }
    const Json& reports = reader.list(document, top, "progress_reports");
    for (std::size_t index = 0; index < reports.size(); ++index) {
        const std::string path = DocumentReader::item(top, "progress_reports", index);
        const Json& item = reports[index];
        project.reports.push_back(ProgressReport{
            reader.text(item, path, "period"), reader.text(item, path, "reported_on"),
            reader.percent(item, path, "completion_percent"), reader.text(item, path, "note")});
    }
    const Json& extensions = reader.list(document, top, "extensions");
    for (std::size_t index = 0; index < extensions.size(); ++index) {
        const std::string path = DocumentReader::item(top, "extensions", index);
        const Json& item = extensions[index];
        project.extensions.push_back(
            Extension{static_cast<int>(reader.integer(item, path, "number")),
                      reader.text(item, path, "approved_on"), reader.text(item, path, "previous_end"),
                      reader.text(item, path, "new_end"), reader.text(item, path, "reason")});
    }
    const Json& recoveries = reader.list(document, top, "recoveries");
    for (std::size_t index = 0; index < recoveries.size(); ++index) {
        const std::string path = DocumentReader::item(top, "recoveries", index);
        const Json& item = recoveries[index];
        project.recoveries.push_back(
            Recovery{reader.text(item, path, "kind"), reader.money(item, path, "amount_wan"),
                     read_shares(reader, item, path), reader.text(item, path, "decided_on")});
    }
    const Json& acceptance = reader.at(document, top, "acceptance");
    if (!acceptance.is_null()) {
        const std::string path = "acceptance";
        project.acceptance = AcceptanceRecord{reader.text(acceptance, path, "applied_on"),
                                              reader.text(acceptance, path, "held_on"),
                                              reader.percent(acceptance, path, "completion_percent"),
                                              reader.texts(acceptance, path, "conditions_met"),
                                              reader.texts(acceptance, path, "conditions_failed"),
                                              reader.boolean(acceptance, path, "passed"),
                                              reader.text(acceptance, path, "note")};
    }
    const Json& timeline = reader.list(document, top, "timeline");
    for (std::size_t index = 0; index < timeline.size(); ++index)
        result.timeline.push_back(
            read_record(reader, timeline[index], DocumentReader::item(top, "timeline", index)));
    return result;
}

template <class Value, class Read>
Result<Value> read_document(std::string_view text, Read read) {
    try {
        const Json document = Json::parse(text);
        return read(DocumentReader{}, document);
    } catch (const DocumentFailure& failure) {
        return Error("lifecycle.document_invalid", failure.path, failure.reason).with("field", failure.path);
    } catch (const nlohmann::json::exception& failure) {
        return Error("lifecycle.document_invalid", "", failure.what()).with("field", "json");
    }
}

}  // namespace

Result<ProjectDocument> project_from_json(std::string_view text) {
    return read_document<ProjectDocument>(text, [](const DocumentReader& reader, const Json& document) {
        return read_project(reader, document);
    });
}

Result<LifecycleAuditRecord> audit_record_from_json(std::string_view text) {
    return read_document<LifecycleAuditRecord>(text, [](const DocumentReader& reader, const Json& document) {
        return read_record(reader, document, "");
    });
}

}  // namespace jiebang::lifecycle
