// shared/paper/after_submission.hpp — what an applicant must do once the terminal has filed a demand or a bid:
// which papers to print (the form, Jiangmen's self-funding commitment letter), how many paper copies, whether
// the unit's seal is needed, where to take them (the county or the city bureau, with its address), by when
// (the profile's calendar or the listing's deadline), and what the bureaus do next.
// The data is the "after_submission" section of each city profile (assets/profiles/<id>.json); this file reads
// it strictly, beside the profile reader (shared/policy/profile.cpp only admits the key).
// Invariants:
//  1. A policy that loads is complete: a bureau for every county of the profile and none for an unknown
//     county; both forms ("demand", "bid") described; every calendar step it names is in the profile's
//     calendar; the fields it relies on are found by role (unit_uscc, unit_kind), never by id, and every unit
//     kind it names is an option of the unit_kind field under this profile.
//  2. A malformed section fails with the profile's file name, the key path ("after_submission.demand.seal")
//     and the reason, using the profile's error codes (profile.missing_key, profile.wrong_type,
//     profile.unknown_key, profile.invalid_value, profile.unknown_reference, profile.duplicate_code).
//  3. Nothing here is a city rule in code: copies, seal, recipients, deadlines and the texts are data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/policy/profile.hpp"

namespace jiebang {

// A science and technology bureau that receives the papers. An empty address means the seeds give none (the
// applicant is told to ask the hall staff); the phone may be empty.
struct Bureau {
    std::string county_admin_code;  // empty for the city bureau
    LocalText name;
    LocalText address;
    std::string phone;
    // The city bureau only: the office that receives the counties' 汇总表 (seed 002: 市科技局计划科), printed in
    // its 受理处室 column. Empty when the seeds name none (then the table leaves the column for the clerk).
    LocalText receiving_office;
};

// When the papers are due.
enum class DeadlineKind {
    CountyForwardsBy,  // "county_forwards_by": as early as possible; the county forwards by a calendar step
    DuringStep,        // "during_step": within a calendar step's period (e.g. the April collection)
    ListingDeadline,   // "listing_deadline": before the listing's deadline (bids); else the calendar step
    Anytime,           // "anytime": continuous collection, no deadline
};

struct DeadlinePolicy {
    DeadlineKind kind = DeadlineKind::Anytime;
    std::string
        calendar_step;  // a step id of the profile's calendar; may be empty for listing_deadline/anytime
};

// Which bureau receives the papers.
enum class Recipient {
    UnitCountyBureau,  // "unit_county_bureau": the county the unit's USCC (role unit_uscc) was registered in (seed
    // 002: 企业所在县区科技局); the city bureau for a unit registered at city level; the terminal's
    // county when the USCC names no county of the city
    CountyBureau,  // "county_bureau": the bureau of the terminal's county
    CityBureau,    // "city_bureau"
};

// Where the papers go and the rest of the paper work for one form.
struct PaperPolicy {
    std::vector<std::string> documents;  // print documents in order: assets/print/<id>.json
    int paper_copies = 0;                // 0 = the seeds state no number (ask the bureau)
    bool seal_required = false;          // 加盖单位公章
    bool electronic_copy = false;        // an electronic copy goes with the paper (seed 002: 和电子版)
    Recipient recipient = Recipient::CountyBureau;
    // Units of these kinds (the value of the field with role unit_kind) go to the city bureau instead (seed 002:
    // universities and institutes send directly to the city). Empty = none.
    std::vector<std::string> city_bureau_for_unit_kinds;
    DeadlinePolicy deadline;
    std::vector<LocalText> then;  // what the bureaus do next, in order
};

struct AfterSubmissionPolicy {
    std::string profile_id;
    Bureau city_bureau;
    std::vector<Bureau> county_bureaus;
    PaperPolicy demand;
    PaperPolicy bid;

    const Bureau* county_bureau(std::string_view admin_code) const;
    const PaperPolicy& paper(SubmissionKind kind) const {
        return kind == SubmissionKind::Demand ? demand : bid;
    }
};

// Reads the "after_submission" section of the profile's file (Profile::source_file) and checks it against the
// profile and the forms. Errors: see invariant 2; profile.unreadable when the file cannot be read again.
Result<AfterSubmissionPolicy> load_after_submission(const Profile& profile, const FormCatalog& forms);

}  // namespace jiebang
