// shared/paper/after_submission.cpp — reading a profile's "after_submission" section strictly (see the header's
// invariants 1-3) through the core's strict JSON Reader: keys starting with "_" are comments; any other unknown
// key is refused, so a typo can never silently drop an instruction.
//
// Index:
//   [SECTION] section parts
//   [SECTION] loading
#include "shared/paper/after_submission.hpp"

#include <algorithm>
#include <set>

#include "shared/base/strict_json.hpp"

namespace jiebang {

const Bureau* AfterSubmissionPolicy::county_bureau(std::string_view admin_code) const {
    for (const Bureau& bureau : county_bureaus) {
        if (bureau.county_admin_code == admin_code)
            return &bureau;
    }
    return nullptr;
}

namespace {

using strict_json::index;
using strict_json::join;
using strict_json::Json;
using strict_json::Reader;

// [SECTION] section parts

LocalText local_text_member(const Reader& reader, const Json& object, const std::string& path,
                            std::string_view key, bool require_chinese) {
    const std::string text_path = join(path, key);
    const Json& value = reader.member(object, path, key);
    reader.only_keys(value, text_path, {"zh", "en"});
    LocalText local{reader.text_member(value, text_path, "zh", !require_chinese),
                    reader.text_member(value, text_path, "en", !require_chinese)};
    if (local.chinese.empty() != local.english.empty())
        reader.fail(reader.codes().bad_value, text_path, "give both languages or neither");
    return local;
}

Bureau read_bureau(const Reader& reader, const Json& object, const std::string& path, bool county) {
    if (county) {
        reader.only_keys(object, path, {"county", "name", "address", "phone"});
    } else {
        reader.only_keys(object, path, {"name", "address", "phone", "receiving_office"});
    }
    Bureau bureau;
    if (county)
        bureau.county_admin_code = reader.text_member(object, path, "county");
    bureau.name = local_text_member(reader, object, path, "name", true);
    bureau.address = local_text_member(reader, object, path, "address", false);
    bureau.phone = reader.text_member(object, path, "phone", true);
    if (!county && reader.optional_member(object, path, "receiving_office") != nullptr)
        bureau.receiving_office = local_text_member(reader, object, path, "receiving_office", false);
    return bureau;
}

bool is_document_id(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char character) {
        return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
               character == '_';
    });
}

bool calendar_has(const Profile& profile, const std::string& step_id) {
    return std::any_of(profile.calendar.begin(), profile.calendar.end(),
                       [&](const ProfileCalendarEntry& entry) { return entry.step_id == step_id; });
}

DeadlinePolicy read_deadline(const Reader& reader, const Json& object, const std::string& path,
                             const Profile& profile) {
    reader.only_keys(object, path, {"kind", "calendar_step"});
    DeadlinePolicy deadline;
    const std::string kind = reader.text_member(object, path, "kind");
    if (kind == "county_forwards_by") {
        deadline.kind = DeadlineKind::CountyForwardsBy;
    } else if (kind == "during_step") {
        deadline.kind = DeadlineKind::DuringStep;
    } else if (kind == "listing_deadline") {
        deadline.kind = DeadlineKind::ListingDeadline;
    } else if (kind == "anytime") {
        deadline.kind = DeadlineKind::Anytime;
    } else {
        reader.fail(reader.codes().bad_value, join(path, "kind"),
                    "one of county_forwards_by, during_step, listing_deadline, anytime");
    }
    deadline.calendar_step = reader.optional_text_member(object, path, "calendar_step");
    const bool needs_step =
        deadline.kind == DeadlineKind::CountyForwardsBy || deadline.kind == DeadlineKind::DuringStep;
    if (needs_step && deadline.calendar_step.empty())
        reader.fail(reader.codes().missing_key, join(path, "calendar_step"), "needed for " + kind);
    if (deadline.kind == DeadlineKind::Anytime && !deadline.calendar_step.empty())
        reader.fail(reader.codes().bad_value, join(path, "calendar_step"), "anytime has no step");
    if (!deadline.calendar_step.empty() && !calendar_has(profile, deadline.calendar_step)) {
        reader.fail("profile.unknown_reference", join(path, "calendar_step"),
                    "step " + deadline.calendar_step + " is not in the calendar");
    }
    return deadline;
}

// The unit kinds the form's unit_kind field offers under this profile (its own options, or the profile's solver
// kinds for a bid).
std::vector<std::string> unit_kinds(const FormDefinition& form, const Profile& profile) {
    std::vector<std::string> kinds;
    const FieldDefinition* field = form.field_with_role(FieldRole::UnitKind);
    if (field == nullptr)
        return kinds;
    if (field->options_source == "profile.solver_kinds") {
        for (const ChoiceOption& option : profile.solver_kinds)
            kinds.push_back(option.id);
    }
    for (const ChoiceOption& option : field->options)
        kinds.push_back(option.id);
    return kinds;
}

PaperPolicy read_paper(const Reader& reader, const Json& object, const std::string& path,
                       const Profile& profile, const FormDefinition& form) {
    reader.only_keys(object, path,
                     {"documents", "paper_copies", "seal", "electronic_copy", "deliver_to",
                      "city_bureau_for_unit_kinds", "deadline", "then"});
    PaperPolicy paper;
    paper.documents =
        reader.text_list(reader.list_member(object, path, "documents"), join(path, "documents"), true);
    if (paper.documents.empty())
        reader.fail(reader.codes().bad_value, join(path, "documents"), "name at least one document");
    for (std::size_t position = 0; position < paper.documents.size(); ++position) {
        if (!is_document_id(paper.documents[position])) {
            reader.fail(reader.codes().bad_value, index(join(path, "documents"), position),
                        "a document id is lower case letters, digits and _");
        }
    }
    paper.paper_copies = static_cast<int>(
        reader.integer(reader.member(object, path, "paper_copies"), join(path, "paper_copies"), 0, 20));
    paper.seal_required = reader.boolean(reader.member(object, path, "seal"), join(path, "seal"));
    paper.electronic_copy =
        reader.boolean(reader.member(object, path, "electronic_copy"), join(path, "electronic_copy"));
    const std::string deliver_to = reader.text_member(object, path, "deliver_to");
    if (deliver_to == "unit_county_bureau") {
        paper.recipient = Recipient::UnitCountyBureau;
        if (form.field_with_role(FieldRole::UnitUscc) == nullptr) {
            reader.fail("profile.unknown_reference", join(path, "deliver_to"),
                        "the " + form.id + " form has no field with role unit_uscc");
        }
    } else if (deliver_to == "county_bureau") {
        paper.recipient = Recipient::CountyBureau;
    } else if (deliver_to == "city_bureau") {
        paper.recipient = Recipient::CityBureau;
    } else {
        reader.fail(reader.codes().bad_value, join(path, "deliver_to"),
                    "unit_county_bureau, county_bureau or city_bureau");
    }
    if (const Json* kinds = reader.optional_member(object, path, "city_bureau_for_unit_kinds")) {
        const std::string kinds_path = join(path, "city_bureau_for_unit_kinds");
        paper.city_bureau_for_unit_kinds = reader.text_list(*kinds, kinds_path, true);
        if (paper.recipient == Recipient::CityBureau)
            reader.fail(reader.codes().bad_value, kinds_path, "the papers go to the city bureau already");
        const std::vector<std::string> known = unit_kinds(form, profile);
        if (known.empty())
            reader.fail("profile.unknown_reference", kinds_path,
                        "the " + form.id + " form has no unit_kind field");
        for (std::size_t position = 0; position < paper.city_bureau_for_unit_kinds.size(); ++position) {
            const std::string& kind = paper.city_bureau_for_unit_kinds[position];
            if (std::find(known.begin(), known.end(), kind) == known.end()) {
                reader.fail("profile.unknown_reference", index(kinds_path, position),
                            kind + " is not a unit kind of the " + form.id + " form");
            }
        }
    }
    paper.deadline =
        read_deadline(reader, reader.member(object, path, "deadline"), join(path, "deadline"), profile);
    const Json& then = reader.list_member(object, path, "then");
    if (then.empty())
        reader.fail(reader.codes().bad_value, join(path, "then"), "say what happens next");
    for (std::size_t position = 0; position < then.size(); ++position) {
        const std::string item_path = index(join(path, "then"), position);
        reader.only_keys(then[position], item_path, {"zh", "en"});
        paper.then.push_back(LocalText{reader.text_member(then[position], item_path, "zh"),
                                       reader.text_member(then[position], item_path, "en")});
    }
    return paper;
}

AfterSubmissionPolicy read_section(const Reader& reader, const Json& root, const Profile& profile,
                                   const FormCatalog& forms) {
    const std::string path = "after_submission";
    const Json& section = reader.member(root, "", path);
    reader.only_keys(section, path, {"city_bureau", "county_bureaus", "demand", "bid"});
    AfterSubmissionPolicy policy;
    policy.profile_id = profile.id;
    policy.city_bureau =
        read_bureau(reader, reader.member(section, path, "city_bureau"), join(path, "city_bureau"), false);
    const Json& counties = reader.list_member(section, path, "county_bureaus");
    for (std::size_t position = 0; position < counties.size(); ++position) {
        const std::string item_path = index(join(path, "county_bureaus"), position);
        Bureau bureau = read_bureau(reader, counties[position], item_path, true);
        if (profile.county_by_code(bureau.county_admin_code) == nullptr) {
            reader.fail("profile.unknown_reference", join(item_path, "county"),
                        "county " + bureau.county_admin_code + " is not in counties");
        }
        if (policy.county_bureau(bureau.county_admin_code) != nullptr)
            reader.fail("profile.duplicate_code", join(item_path, "county"), "county named twice");
        policy.county_bureaus.push_back(std::move(bureau));
    }
    for (const County& county : profile.counties) {
        if (policy.county_bureau(county.admin_code) == nullptr) {
            reader.fail(reader.codes().missing_key, join(path, "county_bureaus"),
                        "no bureau for county " + county.admin_code);
        }
    }
    policy.demand = read_paper(reader, reader.member(section, path, "demand"), join(path, "demand"), profile,
                               forms.demand());
    policy.bid =
        read_paper(reader, reader.member(section, path, "bid"), join(path, "bid"), profile, forms.bid());
    return policy;
}

}  // namespace

// [SECTION] loading

Result<AfterSubmissionPolicy> load_after_submission(const Profile& profile, const FormCatalog& forms) {
    const std::string file_name = profile.source_file.filename().string();
    const auto text = strict_json::read_document(profile.source_file);
    if (!text) {
        return Error("profile.unreadable", profile.source_file.string(),
                     profile.source_file.string() + ": cannot be opened")
            .with("file", file_name);
    }
    auto root = strict_json::parse(*text, file_name);
    if (!root) {
        // The profile reader has already accepted this file, so this is a file changed since it loaded.
        return Error("profile.syntax", profile.source_file.string(), root.error().detail)
            .with("file", file_name);
    }
    const Reader reader(
        Reader::Codes{"profile.missing_key", "profile.unknown_key", "profile.wrong_type",
                      "profile.invalid_value"},
        [&file_name](const std::string& code, const std::string& key_path, const std::string& reason) {
            return Error(code, key_path, file_name + ": " + key_path + ": " + reason)
                .with("file", file_name)
                .with("key", key_path)
                .with("reason", reason);
        },
        "_");
    try {
        return read_section(reader, *root, profile, forms);
    } catch (const strict_json::ReadFailure& failure) {
        return failure.error;
    } catch (const nlohmann::json::exception& failure) {
        return Error("profile.invalid_value", profile.source_file.string(), file_name + ": " + failure.what())
            .with("file", file_name)
            .with("key", "after_submission")
            .with("reason", "unreadable value");
    }
}

}  // namespace jiebang
