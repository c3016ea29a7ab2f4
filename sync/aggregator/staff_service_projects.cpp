// sync/aggregator/staff_service_projects.cpp — the project requests of the staff channel (docs/protocol.md
// 17.20): the lifecycle after the board (docs/lifecycle.md) on the lifecycle_* tables kept in the
// aggregator's own store, for the signed-in member.
// Invariants (cited by tests/lifecycle_remote/):
//  J1. Who acts comes from the StaffCaller (the key), never the body: the lifecycle's actor is the member's staff
//      id with the lifecycle role of their staff role (reviewer, publisher, admin; the host's administrator
//      acts as admin). County staff and auditors make no transition (lifecycle.role_not_allowed /
//      staff.not_permitted): the lifecycle's role table (I14) is checked by the core, here, at the server.
//  J2. A transition, its timeline entry and its audit entry (action "project_<action>", target the project,
//      reason "timeline N", the states before and after) are one transaction: all or nothing.
//  J3. The action is built from the request's named arguments by the same code as `jiebang project` on a file
//      (shared/lifecycle/lifecycle_request.hpp), so both refuse the same input the same way.
//  J4. County staff read only their own county's projects (the aggregator's area code): a list is filtered to
//      it and another county's project is unknown to them.
//  J5. A project is created only from a listing of this aggregator's newest board; when the city holds the
//      demand published as that listing, the county given must be the demand's.
#include <algorithm>
#include <map>

#include "shared/domain/board.hpp"
#include "shared/lifecycle/calendar_date.hpp"
#include "shared/lifecycle/lifecycle_json.hpp"
#include "shared/lifecycle/lifecycle_request.hpp"
#include "shared/lifecycle/lifecycle_store.hpp"
#include "sync/aggregator/staff_service.hpp"

namespace jiebang::sync {

namespace {

using namespace staff;

StaffBody refused(const Error& error) {
    return staff_error_from(error);
}

// The lifecycle role of the caller, or nothing when the caller makes no transition (auditors).
std::optional<lifecycle::Role> lifecycle_role(const StaffCaller& caller,
                                              const StaffServiceSettings& settings) {
    if (settings.tier == "county")
        return lifecycle::Role::County;
    switch (caller.acting.actor) {
        case review::Actor::Reviewer:
            return lifecycle::Role::Reviewer;
        case review::Actor::Publisher:
            return lifecycle::Role::Publisher;
        case review::Actor::Admin:
        case review::Actor::HostAdministrator:
            return lifecycle::Role::Admin;
        default:
            return std::nullopt;
    }
}

Result<lifecycle::Actor> actor_for(const StaffCaller& caller, const StaffServiceSettings& settings,
                                   std::string_view action) {
    const std::optional<lifecycle::Role> role = lifecycle_role(caller, settings);
    if (!role) {
        return Error("staff.not_permitted", "project", "this role makes no project transition")
            .with("actor", std::string(review::actor_name(caller.acting.actor)))
            .with("action", "project_" + std::string(action));
    }
    return lifecycle::Actor{caller.acting.staff_id, *role};
}

Result<std::string> business_date(const std::string& given, std::int64_t now) {
    if (given.empty())
        return lifecycle::CalendarDate::in_china_at(now).to_string();
    Result<lifecycle::CalendarDate> date = lifecycle::CalendarDate::parse(given, "date");
    if (!date)
        return date.error();
    return date->to_string();
}

// The county a caller may see: the aggregator's own at a county, any at the city.
std::string visible_county(const StaffServiceSettings& settings) {
    return settings.tier == "county" ? settings.area_code : std::string();
}

bool may_see(const lifecycle::Project& project, const StaffServiceSettings& settings) {
    const std::string county = visible_county(settings);
    return county.empty() || project.county_admin_code == county;
}

Error unknown_project(const std::string& id) {
    return Error("lifecycle.unknown_project", "project", "no such project").with("id", id);
}

// J2: the audit entry of one lifecycle record, in the caller's transaction.
Status audit_record(AggregatorStore& store, const StaffCaller& caller,
                    const lifecycle::LifecycleAuditRecord& record, std::int64_t now) {
    return store.record_audit_in_transaction(caller.acting, "project_" + record.action, record.project_id,
                                             "timeline " + std::to_string(record.sequence),
                                             record.state_before, record.state_after, now);
}

}  // namespace

StaffBody StaffService::handle_project(const StaffBody& request, const StaffCaller& caller,
                                       std::int64_t now) {
    if (settings_.profiles == nullptr) {
        return refused(
            Error("project.unavailable", "project", "this aggregator has no city profiles loaded"));
    }
    store::Database& database = store_.database();
    if (!lifecycle_installed_) {
        if (auto installed = lifecycle::LifecycleStore::install(database); !installed)
            return refused(installed.error());
        lifecycle_installed_ = true;
    }
    lifecycle::LifecycleStore projects(database);
    const ProfileCatalog& profiles = *settings_.profiles;

    // A change: the lifecycle's writes and the audit entries in one transaction (J2).
    auto change = [&](auto&& make_records) -> StaffBody {
        auto transaction = store::Transaction::begin(database);
        if (!transaction)
            return refused(transaction.error());
        Result<std::vector<lifecycle::LifecycleAuditRecord>> records = make_records();
        if (!records)
            return refused(records.error());
        ProjectRecords reply;
        for (const lifecycle::LifecycleAuditRecord& record : *records) {
            if (auto audited = audit_record(store_, caller, record, now); !audited)
                return refused(audited.error());
            reply.records.push_back(lifecycle::audit_record_to_json(record));
        }
        if (auto committed = transaction->commit(); !committed)
            return refused(committed.error());
        return reply;
    };

    if (const auto* create = std::get_if<ProjectCreate>(&request)) {
        Result<lifecycle::Actor> actor = actor_for(caller, settings_, "create");
        if (!actor)
            return refused(actor.error());
        Result<std::string> date = business_date(create->date, now);
        if (!date)
            return refused(date.error());
        auto board_record = store_.latest_board();
        if (!board_record)
            return refused(board_record.error());
        std::optional<Board> board;
        if (board_record->has_value()) {
            auto parsed = board_from_json((**board_record).board_json);
            if (!parsed)
                return refused(parsed.error());
            board = std::move(parsed).value();
        }
        const Listing* listing = board ? board->listing(create->listing) : nullptr;
        if (listing == nullptr) {
            return refused(
                Error("project.listing_not_on_board", "listing", "the newest board has no such listing")
                    .with("id", create->listing));
        }
        const Profile* profile = profiles.profile(listing->profile_id);
        if (profile == nullptr) {
            return refused(Error("project.unknown_profile", "listing", "no profile " + listing->profile_id)
                               .with("value", listing->profile_id));
        }
        if (create->county.empty()) {
            return refused(Error("project.missing_option", "--county", "--county is required")
                               .with("field", "--county"));
        }
        const std::string county = create->county == "city_level" ? std::string() : create->county;
        // J5: the demand behind the listing names its county.
        SubmissionSearch demand;
        demand.kind = "demand";
        demand.listing = create->listing;
        demand.page_size = 1;
        demand.count_total = false;
        auto found = store_.search(demand);
        if (!found)
            return refused(found.error());
        if (!found->rows.empty() && found->rows.front().county_admin_code != county) {
            return refused(
                Error("project.bad_value", "--county", "the listing's demand is from another county")
                    .with("field", "--county")
                    .with("value", create->county));
        }
        return change([&]() -> Result<std::vector<lifecycle::LifecycleAuditRecord>> {
            auto record =
                projects.create(*profile, *actor, lifecycle::CreateProject{*listing, county, *date}, now);
            if (!record)
                return record.error();
            return std::vector<lifecycle::LifecycleAuditRecord>{*record};
        });
    }
    if (const auto* act = std::get_if<ProjectAct>(&request)) {
        Result<lifecycle::Actor> actor = actor_for(caller, settings_, act->action);
        if (!actor)
            return refused(actor.error());
        Result<std::string> date = business_date(act->date, now);
        if (!date)
            return refused(date.error());
        lifecycle::ActionArguments arguments;
        for (const ProjectArgument& argument : act->arguments) {
            if (!arguments.values.emplace(argument.name, argument.value).second) {
                return refused(Error("project.bad_value", "--" + argument.name, "given twice")
                                   .with("field", "--" + argument.name)
                                   .with("value", argument.value));
            }
        }
        arguments.flags.insert(act->flags.begin(), act->flags.end());
        Result<lifecycle::LifecycleAction> action =
            lifecycle::action_from_arguments(act->action, arguments, *date);
        if (!action)
            return refused(action.error());
        auto loaded = projects.load(act->project);
        if (!loaded)
            return refused(loaded.error());
        if (!loaded->has_value() || !may_see(**loaded, settings_))
            return refused(unknown_project(act->project));
        const Profile* profile = profiles.profile((*loaded)->profile_id);
        if (profile == nullptr) {
            return refused(Error("project.unknown_profile", "project", "no profile " + (*loaded)->profile_id)
                               .with("value", (*loaded)->profile_id));
        }
        return change([&]() -> Result<std::vector<lifecycle::LifecycleAuditRecord>> {
            auto record = projects.apply(*profile, act->project, *actor, *action, now);
            if (!record)
                return record.error();
            return std::vector<lifecycle::LifecycleAuditRecord>{*record};
        });
    }
    if (const auto* sweep = std::get_if<ProjectForfeitOverdue>(&request)) {
        Result<lifecycle::Actor> actor = actor_for(caller, settings_, "forfeit");
        if (!actor)
            return refused(actor.error());
        Result<std::string> date = business_date(sweep->date, now);
        if (!date)
            return refused(date.error());
        const Profile* profile = profiles.profile(sweep->profile);
        if (profile == nullptr) {
            return refused(Error("project.unknown_profile", "--profile", "no profile " + sweep->profile)
                               .with("value", sweep->profile));
        }
        return change([&]() { return projects.forfeit_overdue(*profile, *actor, *date, now); });
    }
    if (const auto* list = std::get_if<ProjectList>(&request)) {
        if (list->for_export) {
            if (auto allowed =
                    backoffice::check_permission(caller.acting.actor, backoffice::Permission::Export);
                !allowed)
                return refused(allowed.error());
        }
        lifecycle::ProjectFilter filter;
        filter.profile_id = list->profile;
        filter.county_admin_code = list->county;
        filter.state = list->state;
        filter.approval_year = static_cast<int>(list->year);
        if (!filter.state.empty() && !lifecycle::project_state_from_code(filter.state)) {
            return refused(Error("project.bad_value", "--state", "not a project state")
                               .with("field", "--state")
                               .with("value", filter.state));
        }
        const std::string county = visible_county(settings_);
        if (!county.empty()) {  // J4
            if (!filter.county_admin_code.empty() && filter.county_admin_code != county)
                return ProjectRegister{};
            filter.county_admin_code = county;
        }
        auto found = projects.list(filter);
        if (!found)
            return refused(found.error());
        if (list->for_export) {
            if (auto audited = store_.record_audit(caller.acting, "export_projects", "project register",
                                                   std::to_string(found->size()) + " projects", now);
                !audited)
                return refused(audited.error());
        }
        ProjectRegister reply;
        reply.total = static_cast<std::int64_t>(found->size());
        for (std::size_t index = list->offset; index < found->size(); ++index) {
            if (reply.projects.size() == max_project_page)
                break;
            reply.projects.push_back(lifecycle::project_to_json((*found)[index], {}));
        }
        // The year's count against the profile's limit: every year a listed project was approved in, and this
        // year for every profile listed.
        std::map<std::pair<std::string, int>, int> years;
        const int this_year = lifecycle::CalendarDate::in_china_at(now).year();
        for (const lifecycle::Project& project : *found) {
            years[{project.profile_id, this_year}] = 0;
            if (project.approval_year > 0)
                years[{project.profile_id, project.approval_year}] = 0;
        }
        if (!list->profile.empty())
            years[{list->profile, list->year > 0 ? static_cast<int>(list->year) : this_year}] = 0;
        for (const auto& [key, ignored] : years) {
            if (reply.years.size() == max_year_counts)
                break;
            auto approved = projects.approved_in_year(key.first, key.second);
            if (!approved)
                return refused(approved.error());
            const Profile* profile = profiles.profile(key.first);
            reply.years.push_back(
                ProjectYearCount{key.first, static_cast<std::uint32_t>(key.second), *approved,
                                 profile == nullptr ? 0 : profile->limits.projects_per_year_max});
        }
        return reply;
    }
    if (const auto* show = std::get_if<ProjectShow>(&request)) {
        auto loaded = projects.load(show->project);
        if (!loaded)
            return refused(loaded.error());
        if (!loaded->has_value() || !may_see(**loaded, settings_))
            return refused(unknown_project(show->project));
        auto timeline = projects.timeline(show->project);
        if (!timeline)
            return refused(timeline.error());
        return ProjectCopy{lifecycle::project_to_json(**loaded, *timeline)};
    }
    return refused(Error("sync.unknown_command", "command", "not a project request"));
}

}  // namespace jiebang::sync
