// shared/lifecycle/lifecycle_json.cpp — JSON output of projects and audit records (see the header). Key order
// is fixed (ordered_json) so that outputs compare and read the same every time.
#include "shared/lifecycle/lifecycle_json.hpp"

#include <nlohmann/json.hpp>

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
                        {"state", std::string(bid_state_code(bid.state))},
                        {"signed_on", bid.signed_on},
                        {"start_on", bid.start_on},
                        {"end_on", bid.end_on},
                        {"contract_value_wan", format_money_wan(bid.contract_value)},
                        {"contract_registration", bid.contract_registration},
                        {"eliminated_on", bid.eliminated_on},
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

}  // namespace jiebang::lifecycle
